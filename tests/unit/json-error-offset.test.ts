/**
 * The scanner that names where JSON text goes wrong, checked against
 * JSON.parse itself: it calls valid exactly what JSON.parse accepts, over
 * table-driven and random inputs (seeded), and points at the faulty character.
 */
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/lib/ingest/json-error-offset';
import { mulberry32 } from './helpers/random';

const SEED = Number(process.env.JSON_SEED ?? 3);

const valid = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('where JSON text stops being valid', () => {
  it.each([
    ['[{"a": 1},\n {"a": }]', 18],
    ['{"a": 1, }', 9],
    ['{"a" 1}', 5],
    ['[1, 2', 5],
    ['"unterminated', 13],
    ['{"a": tru}', 6],
    ['[01]', 2],
    ['{"a": "x\u0001"}', 8],
    ['[1] 2', 4],
    ['  {"ok": [true, false, null, -1.5e3, "\\u00e9\\n"]}  ', -1],
  ])('%j → %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    expect(offset === -1).toBe(valid(text));
  });

  it(`agrees with JSON.parse on random texts made of JSON's pieces (seed ${SEED}; JSON_SEED=n replays)`, () => {
    const random = mulberry32(SEED);
    const pieces = ['{', '}', '[', ']', ',', ':', '"a"', '"', '1', '-', '0', '.5', 'e3', 'true', 'nul', 'null', ' ', '\n', '"\\n"', '"\\x"'];
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 10) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      expect(jsonErrorOffset(text) === -1, text).toBe(valid(text));
    }
  });
});
