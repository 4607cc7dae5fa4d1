import type { SampleDataset } from './catalog';

/**
 * The sample CSVs are bundled as assets of the app itself (Vite emits them
 * next to the code), so loading one is a same-origin fetch of a few KB.
 */
const csvUrls = import.meta.glob('../../../datasets/*.csv', { query: '?url', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** Why a bundled sample could not be read, as a code and its parameters (the UI words it). */
export type SampleProblem =
  /** This build does not bundle the sample's file. */
  | { code: 'notBundled'; params: { id: string; file: string } }
  /** Fetching the bundled file failed with this HTTP status. */
  | { code: 'unreadable'; params: { file: string; status: number } };

export class SampleError extends Error {
  constructor(readonly problem: SampleProblem) {
    super(`${problem.code} ${JSON.stringify(problem.params)}`);
    this.name = 'SampleError';
  }
}

export function sampleUrl(sample: SampleDataset): string {
  const url = csvUrls[`../../../datasets/${sample.file}`];
  if (!url) throw new SampleError({ code: 'notBundled', params: { id: sample.id, file: sample.file } });
  return url;
}

/** The sample as a File, ready for the same loader as the user's own files. */
export async function fetchSample(sample: SampleDataset, signal?: AbortSignal): Promise<File> {
  const response = await fetch(sampleUrl(sample), signal ? { signal } : {});
  if (!response.ok) throw new SampleError({ code: 'unreadable', params: { file: sample.file, status: response.status } });
  return new File([await response.blob()], sample.file, { type: 'text/csv' });
}
