export * from './profile';
export * from './type-fix';
export * from './column-kind';
export { timeProfile } from './time-profile';
