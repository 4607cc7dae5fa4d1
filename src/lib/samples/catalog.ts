import catalogJson from '../../../datasets/catalog.json';
import { sqlName } from '../engine/sql';

export interface SampleColumn {
  name: string;
  type: string;
  description: string;
  unit?: string;
  /**
   * false when the column's rows must not be added together (a part beside
   * its whole, overlapping periods); absent, every row is an additive part
   * and no value is a total of other rows (published totals live in their
   * own tables, such as plan_colombia_us_assistance_totals).
   */
  additive?: boolean;
}

export interface StarterQuery {
  title: string;
  note: string;
  sql: string;
}

/** The languages the sample texts are written in; English is the catalog's own. */
export const SAMPLE_LOCALES = ['en', 'es-419', 'pt-BR'] as const;
export type SampleLocale = (typeof SAMPLE_LOCALES)[number];
export type TranslatedLocale = Exclude<SampleLocale, 'en'>;

/** A text in the three languages. */
export type LocalizedText = Record<SampleLocale, string>;

/**
 * A dataset's words in another language, parallel to its English fields:
 * columns by name, starter queries in the same order (their SQL is not
 * repeated: it is the same in every language).
 */
export interface SampleTexts {
  title: string;
  description: string;
  units: string;
  period: string;
  caveats: string[];
  license: string;
  source: { section: string; reference: string };
  columns: Partial<Record<string, { description: string; unit?: string }>>;
  starterQueries?: Array<{ title: string; note: string }>;
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
  translations?: Partial<Record<TranslatedLocale, SampleTexts>>;
}

export interface SampleCatalog {
  /** Each seed document named in words (title, authors or institution, year), by file. */
  documents: Record<string, LocalizedText>;
  datasets: SampleDataset[];
}

/** The sample-data catalog (datasets/catalog.json), bundled with the app. */
export const sampleCatalog: SampleCatalog = catalogJson;

/** The sample the first-visit "Explore a sample" opens. */
export const FIRST_SAMPLE_ID = 'plan_colombia_us_assistance';

export function findSample(id: string): SampleDataset | undefined {
  return sampleCatalog.datasets.find((dataset) => dataset.id === id);
}

/** The language a locale tag's sample texts are shown in: es-* reads es-419, pt-* pt-BR, anything else English. */
function sampleLocale(locale: string): SampleLocale {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return language === 'es' ? 'es-419' : language === 'pt' ? 'pt-BR' : 'en';
}

/** A text in a locale (a tag such as "es-419"), in English when that language is missing. */
export function localized(text: string | Partial<LocalizedText>, locale: string): string {
  if (typeof text === 'string') return text;
  return text[sampleLocale(locale)] || text.en || '';
}

/** The seed document named in words, in a locale (its file name only when the catalog does not know it). */
export function documentTitle(document: string, locale = 'en'): string {
  const title = sampleCatalog.documents[document];
  return title ? localized(title, locale) : document;
}

/**
 * The sample with its words in a locale, falling back to English field by
 * field; ids, files, row counts, column names and types and starter SQL are
 * the catalog's own whatever the language.
 */
export function localizeSample(sample: SampleDataset, locale: string): SampleDataset {
  const target = sampleLocale(locale);
  const texts = target === 'en' ? undefined : sample.translations?.[target];
  if (!texts) return sample;
  return {
    ...sample,
    title: texts.title || sample.title,
    description: texts.description || sample.description,
    units: sample.units ? texts.units || sample.units : sample.units,
    period: texts.period || sample.period,
    caveats: sample.caveats.map((caveat, i) => texts.caveats[i] || caveat),
    license: texts.license || sample.license,
    source: { ...sample.source, section: texts.source.section || sample.source.section, reference: texts.source.reference || sample.source.reference },
    columns: sample.columns.map((column) => {
      const words = texts.columns[column.name];
      return {
        ...column,
        description: words?.description || column.description,
        ...(column.unit ? { unit: words?.unit || column.unit } : {}),
      };
    }),
    starterQueries: sample.starterQueries?.map((query, i) => {
      const words = texts.starterQueries?.[i];
      return { ...query, title: words?.title || query.title, note: words?.note || query.note };
    }),
  };
}

/** Whether a query names a sample's table by its catalog id (as a whole word: carsi_budget is not carsi_budget_totals). */
function names(sql: string, id: string): boolean {
  return new RegExp(`\\b${id}\\b`).test(sql);
}

/**
 * The other samples a starter query reads besides its own (the published
 * totals kept apart from their parts, joined back to them): they must be
 * loaded too before the query runs.
 */
export function starterCompanions(sql: string, sample: SampleDataset): SampleDataset[] {
  return sampleCatalog.datasets.filter((other) => other.id !== sample.id && names(sql, other.id));
}

/**
 * A starter query written for the samples' own table names, adapted to the
 * names the tables got (sample_2 when the name was taken): the sample's own
 * table, and its companions' by sample id when they were renamed too.
 */
export function starterSqlFor(sql: string, sample: SampleDataset, table: string, companionTables: Record<string, string> = {}): string {
  const tables = new Map<string, string>([...Object.entries(companionTables), [sample.id, table] as const].filter(([id, name]) => id !== name));
  if (tables.size === 0) return sql;
  return sql.replace(/\b[a-z][a-z0-9_]*\b/g, (word) => {
    const renamed = tables.get(word);
    return renamed === undefined ? word : sqlName(renamed);
  });
}
