/**
 * The sample catalog in the three interface languages: every text a person
 * reads (titles, descriptions, caveats, column descriptions, period, units,
 * starter-query titles and notes, the source in words) has an English,
 * Spanish (es-419) and Portuguese (pt-BR) version, and the translations keep
 * every number of the English text, while names, files and SQL stay the
 * catalog's own in every language.
 */
import { describe, expect, it } from 'vitest';
import { documentTitle, localized, localizeSample, SAMPLE_LOCALES, sampleCatalog, type SampleDataset, type TranslatedLocale } from '../../src/lib/samples/catalog';

const TRANSLATED: TranslatedLocale[] = ['es-419', 'pt-BR'];

/** The runs of digits in a text, sorted: "1,159" and "1.159" both give 1 and 159, whatever the separators and word order. */
function digits(text: string): string[] {
  return (text.match(/\d+/g) ?? []).sort();
}

/** Every text field of a sample as [where, text] pairs, in the sample's own field order. */
function texts(sample: SampleDataset): Array<[string, string]> {
  return [
    ['title', sample.title],
    ['description', sample.description],
    ['units', sample.units],
    ['period', sample.period],
    ['license', sample.license],
    ['source.section', sample.source.section],
    ['source.reference', sample.source.reference],
    ...sample.caveats.map((caveat, i): [string, string] => [`caveats[${i}]`, caveat]),
    ...sample.columns.flatMap((column): Array<[string, string]> => [
      [`columns.${column.name}.description`, column.description],
      ...(column.unit ? [[`columns.${column.name}.unit`, column.unit] as [string, string]] : []),
    ]),
    ...(sample.starterQueries ?? []).flatMap((query, i): Array<[string, string]> => [
      [`starterQueries[${i}].title`, query.title],
      [`starterQueries[${i}].note`, query.note],
    ]),
  ];
}

describe('sample texts in three languages', () => {
  it.each(sampleCatalog.datasets.map((sample) => [sample.id, sample] as const))('%s has every text in es-419 and pt-BR', (_id, sample) => {
    for (const locale of TRANSLATED) {
      const words = sample.translations?.[locale];
      expect(words, `${sample.id} ${locale}`).toBeDefined();
      expect(words!.caveats.length, `${sample.id} ${locale} caveats`).toBe(sample.caveats.length);
      expect(Object.keys(words!.columns).sort(), `${sample.id} ${locale} columns`).toEqual(sample.columns.map((column) => column.name).sort());
      for (const column of sample.columns) expect(Boolean(words!.columns[column.name]?.unit), `${sample.id}.${column.name} ${locale} unit`).toBe(Boolean(column.unit));
      expect(words!.starterQueries?.length ?? 0, `${sample.id} ${locale} starter queries`).toBe(sample.starterQueries?.length ?? 0);
      expect(Boolean(words!.units), `${sample.id} ${locale} units`).toBe(Boolean(sample.units));

      const english = texts(sample);
      const shown = texts(localizeSample(sample, locale));
      expect(shown.map(([where]) => where)).toEqual(english.map(([where]) => where));
      english.forEach(([where, text], i) => {
        const translated = shown[i]![1];
        if (text === '') return;
        // Each field is really in the other language (a number-only period such as "2012" may read the same).
        if (!/^[\d–, ]+$/.test(text)) expect(translated, `${sample.id} ${where} ${locale} is translated`).not.toBe(text);
        expect(digits(translated), `${sample.id} ${where} ${locale} keeps the numbers of “${text}”`).toEqual(digits(text));
      });
    }
  });

  it('keeps ids, files, row counts, column names and types and starter SQL the same in every language', () => {
    for (const sample of sampleCatalog.datasets) {
      for (const locale of SAMPLE_LOCALES) {
        const shown = localizeSample(sample, locale);
        expect([shown.id, shown.file, shown.parquet, shown.rows, shown.source.document, shown.source.also]).toEqual([sample.id, sample.file, sample.parquet, sample.rows, sample.source.document, sample.source.also]);
        expect(shown.columns.map(({ name, type }) => ({ name, type }))).toEqual(sample.columns.map(({ name, type }) => ({ name, type })));
        expect(shown.starterQueries?.map((query) => query.sql)).toEqual(sample.starterQueries?.map((query) => query.sql));
      }
      // The translations carry words only: no SQL, file or name of their own.
      for (const locale of TRANSLATED) {
        const words = sample.translations?.[locale];
        expect(Object.keys(words ?? {}).filter((key) => !['title', 'description', 'units', 'period', 'caveats', 'license', 'source', 'columns', 'starterQueries'].includes(key))).toEqual([]);
        expect(Object.keys(words?.source ?? {}).sort()).toEqual(['reference', 'section']);
        for (const column of Object.values(words?.columns ?? {})) expect(Object.keys(column ?? {}).filter((key) => key !== 'description' && key !== 'unit')).toEqual([]);
        for (const query of words?.starterQueries ?? []) expect(Object.keys(query).sort()).toEqual(['note', 'title']);
      }
    }
  });

  it('names every source document in words, in the three languages, with the same numbers', () => {
    for (const [file, title] of Object.entries(sampleCatalog.documents)) {
      for (const locale of SAMPLE_LOCALES) {
        const words = documentTitle(file, locale);
        expect(words, `${file} ${locale}`).not.toContain('.txt');
        expect(words.length).toBeGreaterThan(30);
        expect(digits(words), `${file} ${locale}`).toEqual(digits(title.en));
      }
    }
    expect(documentTitle('002_81a0ecdb4941e1b6.txt', 'es-419')).toMatch(/Changes in the Neighborhood.*Robert Muggah e Ilona Szabó de Carvalho.*Instituto Igarapé.*2014/);
    expect(documentTitle('002_81a0ecdb4941e1b6.txt', 'pt-BR')).toMatch(/Robert Muggah e Ilona Szabó de Carvalho.*Instituto Igarapé/);
  });

  it('shows a locale’s words, and English for other languages or a missing text', () => {
    const carsi = sampleCatalog.datasets.find((sample) => sample.id === 'carsi_budget')!;
    expect(localizeSample(carsi, 'es-419').title).toBe('Presupuesto de la CARSI, 2008–2013');
    expect(localizeSample(carsi, 'es-MX').title).toBe('Presupuesto de la CARSI, 2008–2013');
    expect(localizeSample(carsi, 'pt-BR').title).toBe('Orçamento da CARSI, 2008–2013');
    expect(localizeSample(carsi, 'en').title).toBe('CARSI budget, 2008–2013');
    expect(localizeSample(carsi, 'fr').title).toBe('CARSI budget, 2008–2013');
    expect(localizeSample({ ...carsi, translations: undefined }, 'es-419')).toEqual({ ...carsi, translations: undefined });
    expect(localized({ en: 'Sample', 'es-419': '' }, 'es-419')).toBe('Sample');
    expect(localized('Plain', 'pt-BR')).toBe('Plain');
  });
});
