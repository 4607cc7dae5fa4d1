export { AtalayaDatabase, DATABASE_NAME } from './database';
export { WorkspaceStore, type WorkspaceSummary, type StoredBytes } from './workspace-store';
export { StoreError, toStoreError, type StoreErrorKind, type StoreProblem } from './errors';
export { storageInfo, requestPersistence, type StorageInfo } from './storage-info';
