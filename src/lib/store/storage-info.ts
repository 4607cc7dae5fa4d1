/** What the browser says about this origin's storage; adapters over `navigator.storage`. */
export interface StorageInfo {
  usedBytes?: number;
  quotaBytes?: number;
  persistent?: boolean;
}

export async function storageInfo(): Promise<StorageInfo> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage) return {};
  const [estimate, persistent] = await Promise.all([
    storage.estimate?.().catch(() => undefined),
    storage.persisted?.().catch(() => undefined),
  ]);
  return {
    ...(estimate?.usage !== undefined ? { usedBytes: estimate.usage } : {}),
    ...(estimate?.quota !== undefined ? { quotaBytes: estimate.quota } : {}),
    ...(persistent !== undefined ? { persistent } : {}),
  };
}

/** Asks once for storage the browser will not evict under pressure; resolves to whether it was granted. */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
