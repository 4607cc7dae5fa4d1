export * from './types';
export * from './commands';
export { UndoHistory, type UndoEntry } from './undo';
export { planEngine, isEmptyPlan, type EnginePlan } from './reconcile';
export { readWorkspace, WorkspaceFormatError } from './validate';
export { newId } from './ids';
