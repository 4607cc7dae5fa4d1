export * from './model';
export * from './predicates';
export * from './selection-field';
export * from './preagg';
export * from './layout';
export * from './selection-spec';
