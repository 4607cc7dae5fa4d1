export * from './catalog';
export { fetchSample, SampleError, type SampleProblem } from './fetch-sample';
export * from './starter-dashboard';
