export * from './types';
export * from './commands';
export * from './dashboard-commands';
export { UndoHistory, type UndoEntry } from './undo';
export { readWorkspace, WorkspaceFormatError, type WorkspaceFormatProblem } from './validate';
export { newId } from './ids';
export { MarkdownReader, parseMarkdown, parseInline, previewMarkdown, PIECE_CHARACTERS, type Block, type Inline } from './markdown';
export { contentHash, CHUNK_BYTES } from './content-hash';
export { presentationSlides, noteSlide, chartSlideTitle, leadingHeading, isGeneratedName, type PresentedSlide, type SlideTitle, type TitleField } from './slide-title';
