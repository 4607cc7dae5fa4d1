/**
 * A large CSV's dialect is sniffed from its first lines, the sniffer's whole
 * sample (csv-dialect.ts); the whole file is asked only when those lines give
 * no clear answer. For files longer than the sample, made to trip a sniff of
 * the first lines only, and for the corpus's longest CSV, the answer from the
 * first lines must be the one the whole file gives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { enginePath, type Engine } from '../../src/lib/engine';
import { chooseDialect, chooseDialectFromPrefix, firstLines, SNIFF_PREFIX_LINES } from '../../src/lib/ingest/csv-dialect';
import { startNodeEngine } from './helpers/node-engine';


let engine: Engine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

describe('the first lines of a file', () => {
  it.each<[string, number, string | undefined]>([
    ['a\nb\nc\n', 2, 'a\nb\n'],
    ['a\nb\nc', 2, 'a\nb\n'],
    ['a\r\nb\r\nc\r\n', 3, 'a\r\nb\r\nc\r\n'],
    ['a\nb', 2, undefined],
    ['', 1, undefined],
    // A line break inside double quotes is part of a field; a doubled quote stays inside.
    ['a,"x\ny"\nb\n', 1, 'a,"x\ny"\n'],
    ['"a""b\nc"\nd\n', 1, '"a""b\nc"\n'],
    ['a,"open\nb\n', 1, undefined],
  ])('of %j, %i of them: %j', (text, lines, expected) => {
    const found = firstLines(new TextEncoder().encode(text), lines);
    expect(found === undefined ? undefined : new TextDecoder().decode(found)).toBe(expected);
  });
});

const LINES = 24_000;
const rowsOf = (make: (i: number) => string) => Array.from({ length: LINES }, (_, i) => make(i));

/** Files longer than the sniffer's sample, each with what could trip a sniff of the first lines only. */
const LARGE: Array<[string, () => string]> = [
  ['plain comma-separated', () => ['id,name,amount', ...rowsOf((i) => `${i},name ${i},${i * 1.5}`)].join('\n')],
  ['quotes only deep in the sample', () => ['id|name', ...rowsOf((i) => (i > 19_000 && i < 19_050 ? `${i}|'x| ${i}'` : `${i}|x ${i}`))].join('\n')],
  ['quotes only after the sample', () => ['id,name', ...rowsOf((i) => (i > 22_000 ? `${i},"x, ${i}"` : `${i},x ${i}`))].join('\n')],
  ['semicolons and decimal commas', () => ['id;monto;región', ...rowsOf((i) => `${i};${i},50;Norte`)].join('\r\n')],
  ['a title above the header', () => ['Informe 2025', 'id,valor', ...rowsOf((i) => `${i},${i % 7}`)].join('\n')],
  ['quoted line breaks early', () => ['id\tnote', ...rowsOf((i) => (i < 50 ? `${i}\t"two\nlines"` : `${i}\tone`))].join('\n')],
  ['most records over two lines', () => ['id,note', ...rowsOf((i) => `${i},"first line\nsecond line ${i}"`)].join('\n')],
  ['a header only as text', () => ['a,b', ...rowsOf((i) => `x${i},y${i}`)].join('\n')],
  ['a column that turns to text after the sample', () => ['id,code', ...rowsOf((i) => `${i},${i > 23_000 ? 'A' + i : i}`)].join('\n')],
];

describe('a dialect sniffed from the first lines', () => {
  it.each(LARGE)('is the whole file’s: %s', async (_, make) => {
    const bytes = new TextEncoder().encode(make());
    expect(await sniffBoth(bytes)).toBe('prefix');
  });

  it('is the whole file’s for the corpus’s longest CSV (27,004 lines)', async () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../../../shared/corpus/files/auto-large_mixed_data.csv')));
    expect(await sniffBoth(bytes)).toBe('prefix');
  });
});

/** Sniffs the whole file and its first lines, expects the same dialect, and says whether the first lines were enough to ask. */
async function sniffBoth(bytes: Uint8Array): Promise<'prefix' | 'whole'> {
  const path = enginePath('prefix-sniff-whole.csv');
  await engine.registerFileBuffer(path, bytes.slice());
  try {
    const prefix = firstLines(bytes, SNIFF_PREFIX_LINES);
    const whole = await chooseDialect(engine, path, undefined);
    const quick = await chooseDialectFromPrefix(engine, path, prefix, enginePath('prefix-sniff-head.csv'), undefined);
    expect(quick).toEqual(whole);
    return prefix ? 'prefix' : 'whole';
  } finally {
    await engine.dropFile(path);
  }
}
