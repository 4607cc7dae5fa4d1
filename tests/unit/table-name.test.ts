import { describe, expect, it } from 'vitest';
import { tableNameForFile, toTableName, uniqueName } from '../../src/lib/ingest';

describe('table names from file names', () => {
  it.each([
    ['Países (2012).csv', 'paises_2012'],
    ['Plan Colombia — US aid.xlsx', 'plan_colombia_us_aid'],
    ['Ñandú Açaí Élan.json', 'nandu_acai_elan'],
    ['2012 results.parquet', 't_2012_results'],
    ['__weird__name__.tsv', 'weird_name'],
    ['UPPER.CSV', 'upper'],
    ['data.tar.gz', 'data_tar'],
    ['Straße Øresund.csv', 'strasse_oresund'],
    ['!!!.csv', 'table'],
    ['.hidden', 'hidden'],
    ['C:\\Users\\ana\\Reporte Final.csv', 'reporte_final'],
  ])('%s → %s', (file, expected) => {
    expect(tableNameForFile(file, [])).toBe(expected);
  });

  it('suffixes clashes _2, _3… case-insensitively', () => {
    expect(uniqueName('aid', ['AID'])).toBe('aid_2');
    expect(uniqueName('aid', ['aid', 'aid_2'])).toBe('aid_3');
    expect(tableNameForFile('aid.csv', ['aid', 'aid_2', 'aid_3'])).toBe('aid_4');
  });

  it('names a sheet <file>_<sheet>', () => {
    expect(tableNameForFile('Presupuesto 2013.xlsx', [], 'Hoja 1')).toBe('presupuesto_2013_hoja_1');
  });

  it('folds user-typed names the same way', () => {
    expect(toTableName('Mi Tabla!')).toBe('mi_tabla');
  });
});
