export * from './model';
export * from './predicates';
export * from './selection-field';
export * from './preagg';
