import { describe, expect, it } from 'vitest';
import { cellKind, copyText, displayCell, type CellKind } from '../../src/ui/results/cell-display';

type Locale = 'en' | 'es-419' | 'pt-BR';
const LOCALES: Locale[] = ['en', 'es-419', 'pt-BR'];

describe('which columns are written how', () => {
  it.each([
    [{ name: 'monto', type: 'BIGINT' }, 'integer'],
    [{ name: 'year', type: 'INTEGER' }, 'identifier'],
    [{ name: 'fiscal_year', type: 'SMALLINT' }, 'identifier'],
    [{ name: 'año', type: 'INTEGER' }, 'identifier'],
    [{ name: 'Ano', type: 'BIGINT' }, 'identifier'],
    [{ name: 'codigo_dane', type: 'INTEGER' }, 'identifier'],
    [{ name: 'customerId', type: 'BIGINT' }, 'identifier'],
    [{ name: 'id', type: 'HUGEINT' }, 'identifier'],
    [{ name: 'paid', type: 'INTEGER' }, 'integer'],
    [{ name: 'valid_rows', type: 'INTEGER' }, 'integer'],
    [{ name: 'amount', type: 'DECIMAL(18,2)' }, 'decimal'],
    [{ name: 'share', type: 'DOUBLE' }, 'float'],
    [{ name: 'day', type: 'DATE' }, 'date'],
    [{ name: 'at', type: 'TIMESTAMP' }, 'timestamp'],
    [{ name: 'at', type: 'TIMESTAMP WITH TIME ZONE' }, 'text'],
    [{ name: 'tags', type: 'VARCHAR[]' }, 'text'],
  ] as const)('%o is %s', (column, kind) => {
    expect(cellKind(column)).toBe(kind);
  });
});

describe('cells as shown, in each language', () => {
  const cases: Array<[text: string, kind: CellKind, en: string, es: string, pt: string]> = [
    ['1234567', 'integer', '1,234,567', '1,234,567', '1.234.567'],
    ['-170141183460469231731687303715884105727', 'integer', '-170,141,183,460,469,231,731,687,303,715,884,105,727', '-170,141,183,460,469,231,731,687,303,715,884,105,727', '-170.141.183.460.469.231.731.687.303.715.884.105.727'],
    ['2024', 'identifier', '2024', '2024', '2024'],
    ['1234.50', 'decimal', '1,234.50', '1,234.50', '1.234,50'],
    ['12345678901234567.89', 'decimal', '12,345,678,901,234,567.89', '12,345,678,901,234,567.89', '12.345.678.901.234.567,89'],
    ['249.1259259259259', 'float', '249.126', '249.126', '249,126'],
    ['6075850055.0', 'float', '6,075,850,055', '6,075,850,055', '6.075.850.055'],
    ['1234567.891', 'float', '1,234,567.89', '1,234,567.89', '1.234.567,89'],
    ['0.000012345', 'float', '1.2345E-5', '1.2345E-5', '1,2345E-5'],
    ['25.0', 'float', '25', '25', '25'],
    ['inf', 'float', 'inf', 'inf', 'inf'],
    ['nan', 'float', 'nan', 'nan', 'nan'],
    ['2012-01-31', 'date', '01/31/2012', '31/01/2012', '31/01/2012'],
    ['0044-03-15 (BC)', 'date', '0044-03-15 (BC)', '0044-03-15 (BC)', '0044-03-15 (BC)'],
    ['2012-01-31 08:05:09.25', 'timestamp', '01/31/2012 08:05:09.25', '31/01/2012 08:05:09.25', '31/01/2012 08:05:09.25'],
    ['1.234,56', 'text', '1.234,56', '1.234,56', '1.234,56'],
  ];
  it.each(cases)('%s (%s)', (text, kind, en, es, pt) => {
    expect(displayCell(text, kind, 'en')).toBe(en);
    expect(displayCell(text, kind, 'es-419')).toBe(es);
    expect(displayCell(text, kind, 'pt-BR')).toBe(pt);
  });

  it('keeps ISO dates when asked', () => {
    for (const locale of LOCALES) {
      expect(displayCell('2012-01-31', 'date', locale, { isoDates: true })).toBe('2012-01-31');
      expect(displayCell('2012-01-31 08:05:09', 'timestamp', locale, { isoDates: true })).toBe('2012-01-31 08:05:09');
    }
  });

  /** Reads a shown number back: drop the grouping, make the decimal mark a point. */
  function readBack(shown: string, locale: Locale): string {
    const [group, decimal] = locale === 'pt-BR' ? ['.', ','] : [',', '.'];
    return shown.split(group).join('').replace(decimal, '.');
  }

  it('never changes an integer or a DECIMAL, only groups its digits (2,000 seeded random values)', () => {
    let seed = 20261126;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let index = 0; index < 2000; index++) {
      const digits = Array.from({ length: 1 + Math.floor(random() * 30) }, (_, position) => (position === 0 ? 1 + Math.floor(random() * 9) : Math.floor(random() * 10))).join('');
      const sign = random() < 0.3 ? '-' : '';
      const scale = Math.floor(random() * 6);
      const decimal = scale === 0 ? `${sign}${digits}` : `${sign}${digits}.${Array.from({ length: scale }, () => Math.floor(random() * 10)).join('')}`;
      for (const locale of LOCALES) {
        expect(readBack(displayCell(`${sign}${digits}`, 'integer', locale), locale), `seed ${seed}`).toBe(`${sign}${digits}`);
        expect(readBack(displayCell(decimal, 'decimal', locale), locale), `seed ${seed}`).toBe(decimal);
      }
    }
  });

  it('rounds a DOUBLE only for reading: the shown value is within 1e-5 of the exact one, relatively', () => {
    for (const value of [249.1259259259259, 0.3333333333, 98765.4321, -1234.5678, 7e14, 3.14159e-3]) {
      for (const locale of LOCALES) {
        const back = Number(readBack(displayCell(String(value), 'float', locale), locale).replace('E', 'e'));
        expect(Math.abs(back - value) / Math.abs(value)).toBeLessThan(1e-5);
      }
    }
  });
});

describe('copy', () => {
  it('gives exact text, a tab between cells and a line per row, NULL as empty', () => {
    expect(copyText([['249.1259259259259', null, 'a\tb'], ['1', '2', 'c']])).toBe('249.1259259259259\t\ta b\n1\t2\tc');
  });
});
