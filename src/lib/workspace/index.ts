export * from './types';
export * from './commands';
export { UndoHistory, type UndoEntry } from './undo';
export { readWorkspace, WorkspaceFormatError } from './validate';
export { newId } from './ids';
export { parseMarkdown, parseInline, type Block, type Inline } from './markdown';
export { contentHash, CHUNK_BYTES } from './content-hash';
