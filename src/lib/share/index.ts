export {
  buildWorkspaceFile,
  readWorkspaceFile,
  WorkspaceFileError,
  WORKSPACE_FILE_EXTENSION,
  MAX_WORKSPACE_FILE_BYTES,
  MAX_EXPANDED_BYTES,
  MAX_MANIFEST_BYTES,
  MAX_ZIP_ENTRIES,
  MAX_ZIP_DIRECTORY_BYTES,
  type WorkspaceFileProblem,
  type OpenedWorkspaceFile,
} from './workspace-file';
export {
  encodeWorkspaceLink,
  decodeWorkspaceLink,
  mayTravelInline,
  LinkError,
  LINK_VERSION,
  INLINE_DATASET_BYTES,
  MAX_LINK_CHARS,
  MAX_LINK_EXPANDED_BYTES,
  type LinkProblem,
  type DecodedLink,
} from './link-codec';
export { riskySql, type RiskySql, type RiskKind } from './sql-policy';
export { blockedStatement } from './origin-policy';
export { sanitizeVegaLite, type SanitizedSpec } from './vega-policy';
