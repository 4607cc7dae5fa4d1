/**
 * Where focus goes when a bits-ui dialog closes. bits-ui gives it back to the
 * element that had it when the dialog opened; when that element has left the
 * page (a closed menu's item, a replaced button), it goes to `fallback`
 * instead of the page body. Call while the dialog is being created, so the
 * opener is the element focused now.
 */
export function focusOnClose(fallback: () => HTMLElement | null | undefined): (event: Event) => void {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return (event) => {
    if (opener?.isConnected) return;
    const target = fallback();
    if (target) {
      event.preventDefault();
      target.focus();
    }
  };
}
