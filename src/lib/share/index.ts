export {
  buildWorkspaceFile,
  readWorkspaceFile,
  WorkspaceFileError,
  WORKSPACE_FILE_EXTENSION,
  MAX_WORKSPACE_FILE_BYTES,
  MAX_EXPANDED_BYTES,
  type WorkspaceFileProblem,
  type OpenedWorkspaceFile,
} from './workspace-file';
