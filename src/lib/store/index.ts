export { AtalayaDatabase, DATABASE_NAME } from './database';
export { WorkspaceStore, type WorkspaceSummary, type StoredBytes, type SnapshotColumns } from './workspace-store';
export { SNAPSHOT_FORMAT, snapshotKey, type SnapshotSource } from './snapshot-key';
export { StoreError, toStoreError, type StoreErrorKind, type StoreProblem } from './errors';
export { storageInfo, requestPersistence, type StorageInfo } from './storage-info';
