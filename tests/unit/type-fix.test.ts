import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine';
import { typeFixPreviewSql, typeFixSelectSql, type TypeFixOptions } from '../../src/lib/profile/type-fix';
import { rows, startNodeEngine } from './helpers/node-engine';

let engine: Engine;

beforeAll(async () => {
  engine = await startNodeEngine();
  await engine.query(`CREATE TABLE raw AS SELECT * FROM (VALUES
    (1, '1.234,5', '31/01/2012', 'sí', '1,234.5'),
    (2, '987,25', '01/02/2012', 'no', '987.25'),
    (3, '', '', '', ''),
    (4, NULL, NULL, NULL, NULL),
    (5, 'n/d', '2012-13-45', 'quizás', 'n/a'),
    (6, '-3', '29/02/2012', 'Verdadero', '-3')
  ) t(id, monto, fecha, activo, amount)`);
});

const fix = (target: TypeFixOptions['target'], extra: Partial<TypeFixOptions> = {}): TypeFixOptions => ({ target, decimal: ',', dateOrder: 'dmy', ...extra });

async function convert(column: string, options: TypeFixOptions) {
  const [preview] = await rows(engine, typeFixPreviewSql('raw', column, options));
  const values = await rows(engine, `SELECT id, ${column}::VARCHAR AS v, typeof(${column}) AS t FROM (${typeFixSelectSql('raw', column, options)}) ORDER BY id`);
  return { preview, values };
}

describe('type fixes', () => {
  it('reads decimal commas with thousands points, and previews what fails', async () => {
    const { preview, values } = await convert('monto', fix('number'));
    expect(values.map((v) => v.v)).toEqual(['1234.5', '987.25', null, null, null, '-3.0']);
    expect(values[0]?.t).toBe('DOUBLE');
    expect(preview?.converted).toBe(3n);
    expect(preview?.failing).toBe(1n); // 'n/d'; blank and NULL are not failures
    expect(Array.from(preview?.examples as Iterable<string>)).toEqual(['n/d']);
  });

  it('reads decimal points with thousands commas', async () => {
    const { values } = await convert('amount', fix('number', { decimal: '.' }));
    expect(values.map((v) => v.v)).toEqual(['1234.5', '987.25', null, null, null, '-3.0']);
  });

  it('reads day-first dates, and rejects impossible ones', async () => {
    const { preview, values } = await convert('fecha', fix('date'));
    expect(values.map((v) => v.v)).toEqual(['2012-01-31', '2012-02-01', null, null, null, '2012-02-29']);
    expect(values[0]?.t).toBe('DATE');
    expect(preview?.failing).toBe(1n);
  });

  it('reads month-first dates differently from day-first ones', async () => {
    const { values } = await convert('fecha', fix('date', { dateOrder: 'mdy' }));
    expect(values.map((v) => v.v)).toEqual([null, '2012-01-02', null, null, null, null]);
  });

  it('reads yes/no words in Spanish, Portuguese and English as booleans', async () => {
    const { preview, values } = await convert('activo', fix('boolean'));
    expect(values.map((v) => v.v)).toEqual(['true', 'false', null, null, null, 'true']);
    expect(preview?.failing).toBe(1n); // 'quizás'
  });

  it('keeps every other column, in order', async () => {
    const columns = await rows(engine, `SELECT column_name FROM (DESCRIBE ${typeFixSelectSql('raw', 'fecha', fix('date'))})`);
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'monto', 'fecha', 'activo', 'amount']);
  });
});
