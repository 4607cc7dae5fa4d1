/**
 * Whether the grid writes dates the interface language's way (31/01/2012)
 * or as ISO dates (2012-01-31), the person's choice, remembered.
 */
const STORAGE_KEY = 'atalaya.isoDates';

function remembered(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'true';
  } catch {
    // Storage can be off (a privacy setting): the language's dates it is.
    return false;
  }
}

class DateStyle {
  iso = $state(remembered());

  setIso(iso: boolean): void {
    this.iso = iso;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, String(iso));
    } catch {
      // Not remembered past this visit; the choice still applies now.
    }
  }
}

export const dateStyle = new DateStyle();
