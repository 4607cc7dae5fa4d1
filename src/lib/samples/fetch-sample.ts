import type { SampleDataset } from './catalog';

/**
 * The sample CSVs are bundled as assets of the app itself (Vite emits them
 * next to the code), so loading one is a same-origin fetch of a few KB.
 */
const csvUrls = import.meta.glob('../../../datasets/*.csv', { query: '?url', import: 'default', eager: true }) as Record<
  string,
  string
>;

export function sampleUrl(sample: SampleDataset): string {
  const url = csvUrls[`../../../datasets/${sample.file}`];
  if (!url) throw new Error(`Sample ${sample.id} is not bundled (${sample.file})`);
  return url;
}

/** The sample as a File, ready for the same loader as the user's own files. */
export async function fetchSample(sample: SampleDataset, signal?: AbortSignal): Promise<File> {
  const response = await fetch(sampleUrl(sample), signal ? { signal } : {});
  if (!response.ok) throw new Error(`Could not read the bundled sample ${sample.file} (HTTP ${response.status})`);
  return new File([await response.blob()], sample.file, { type: 'text/csv' });
}
