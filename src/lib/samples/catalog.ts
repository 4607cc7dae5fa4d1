import catalogJson from '../../../datasets/catalog.json';
import { sqlName } from '../engine/sql';

export interface SampleColumn {
  name: string;
  type: string;
  description: string;
  unit?: string;
}

export interface StarterQuery {
  title: string;
  note: string;
  sql: string;
}

export interface SampleDataset {
  id: string;
  title: string;
  description: string;
  file: string;
  parquet: string;
  rows: number;
  source: { document: string; section: string; reference: string; also?: string[] };
  units: string;
  period: string;
  caveats: string[];
  license: string;
  columns: SampleColumn[];
  starterQueries?: StarterQuery[];
}

export interface SampleCatalog {
  documents: Record<string, string>;
  datasets: SampleDataset[];
}

/** The sample-data catalog (datasets/catalog.json), bundled with the app. */
export const sampleCatalog: SampleCatalog = catalogJson;

/** The sample the first-visit "Explore a sample" opens. */
export const FIRST_SAMPLE_ID = 'plan_colombia_us_assistance';

export function findSample(id: string): SampleDataset | undefined {
  return sampleCatalog.datasets.find((dataset) => dataset.id === id);
}

/** The readable title of a seed document (its file name when unknown). */
export function documentTitle(document: string): string {
  return sampleCatalog.documents[document] ?? document;
}

/**
 * A starter query written for the sample's own table name, adapted to the
 * name the table got (sample_2 when the name was taken).
 */
export function starterSqlFor(sql: string, sample: SampleDataset, table: string): string {
  return table === sample.id ? sql : sql.replace(new RegExp(`\\b${sample.id}\\b`, 'g'), sqlName(table));
}
