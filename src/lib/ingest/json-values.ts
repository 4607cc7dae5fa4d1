import { exactWhereNeeded } from './json-exact';
import { IngestError } from './ingest-error';
import { jsonErrorOffset } from './json-error-offset';

/**
 * JSON text → the values it holds, the way native DuckDB's `read_json_auto`
 * sees a file: one array is unpacked into its elements; otherwise every
 * top-level value is one row, whether the values stand one per line
 * (NDJSON, with LF, CRLF or CR-only line ends), are pretty-printed across
 * lines, or follow each other with no separator at all (`"a""b"`).
 */
export function parseJsonValues(fileName: string, text: string, flavour: 'json' | 'ndjson'): unknown[] {
  const values = flavour === 'ndjson' ? parseNdjson(fileName, text) : parseDocument(fileName, text);
  const [only] = values;
  return values.length === 1 && Array.isArray(only) ? only : values;
}

/** A JSON syntax error: its offset in the text (when V8 says) and V8's words without the position. */
interface SyntaxProblem {
  offset: number;
  cause: string;
}

type Parsed = { values: unknown[] } | { problem: SyntaxProblem; chunkStart: number };

/** A .json file is usually one document: JSON.parse of the whole text is the fast path. */
function parseDocument(fileName: string, text: string): unknown[] {
  try {
    return [exactWhereNeeded(text, JSON.parse(text))];
  } catch {
    // Several values one after the other (NDJSON named .json, two arrays…), or a real syntax error.
  }
  const scanned = scanValues(text);
  if ('values' in scanned) return scanned.values;
  throw syntaxError(fileName, text, scanned.problem);
}

/** One value per line is the fast path; pretty-printed or run-together values fall back to the scanner. */
function parseNdjson(fileName: string, text: string): unknown[] {
  const byLine = parseLines(text);
  if ('values' in byLine) return byLine.values;
  const scanned = scanValues(text);
  if ('values' in scanned) return scanned.values;
  // A line that is a broken value on its own is best named by the line (as NDJSON tools do);
  // a value spread over lines that breaks further down is best named by the scanner.
  const lineIsTheBrokenValue = scanned.chunkStart <= byLine.chunkStart;
  throw syntaxError(fileName, text, lineIsTheBrokenValue ? byLine.problem : scanned.problem);
}

const LINE_BREAK = /\r\n?|\n/g;

function parseLines(text: string): Parsed {
  const values: unknown[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (;;) {
    const match = LINE_BREAK.exec(text);
    const end = match ? match.index : text.length;
    const line = text.slice(start, end);
    if (line.trim() !== '') {
      const parsed = parseChunk(line, start);
      if ('problem' in parsed) return { problem: parsed.problem, chunkStart: start };
      values.push(parsed.value);
    }
    if (!match) return { values };
    start = LINE_BREAK.lastIndex;
  }
}

function parseChunk(chunk: string, chunkStart: number): { value: unknown } | { problem: SyntaxProblem } {
  try {
    return { value: exactWhereNeeded(chunk, JSON.parse(chunk)) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problem: { offset: chunkStart + errorOffset(message, chunk), cause: causeOf(message) } };
  }
}

/**
 * Where in the chunk V8's error is: its position when it gives one; else
 * (V8 echoes the text instead) the first character the grammar cannot take,
 * or the end for a value cut short.
 */
function errorOffset(message: string, chunk: string): number {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  const at = jsonErrorOffset(chunk);
  return at === -1 ? chunk.trimEnd().length : Math.min(at, chunk.trimEnd().length);
}

/** V8's message without the position and without the echo of the text (which may be long). */
function causeOf(message: string): string {
  return message
    .replace(/^JSON\.parse: /, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/, "[\s\S]*" is not valid JSON$/, '');
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Splits text into top-level values by counting brackets outside strings,
 * and parses each with JSON.parse (which checks it). Only the boundaries
 * are found here; a malformed value fails in JSON.parse with its position.
 */
function scanValues(text: string): Parsed {
  const values: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    if (isSpace(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    const start = i;
    i = endOfValue(text, i);
    const parsed = parseChunk(text.slice(start, i), start);
    if ('problem' in parsed) return { problem: parsed.problem, chunkStart: start };
    values.push(parsed.value);
  }
  return { values };
}

/** The offset just past the value that starts at `start`. */
function endOfValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return endOfContainer(text, start);
  if (first === QUOTE) return endOfString(text, start);
  let i = start + 1;
  while (i < text.length && !isValueBoundary(text.charCodeAt(i))) i += 1;
  return i;
}

function isValueBoundary(code: number): boolean {
  return isSpace(code) || code === OPEN_BRACE || code === CLOSE_BRACE || code === OPEN_BRACKET || code === CLOSE_BRACKET || code === QUOTE || code === COMMA;
}

function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i += 2;
    else if (code === QUOTE) return i + 1;
    else i += 1;
  }
  return text.length;
}

function endOfContainer(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i);
      continue;
    }
    if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  return text.length;
}

function syntaxError(fileName: string, text: string, problem: SyntaxProblem): IngestError {
  const { line, column } = lineAndColumn(text, problem.offset);
  return new IngestError(fileName, { code: 'json', params: { cause: problem.cause } }, { line, column });
}

/** 1-based line and column of an offset; CR-only, LF and CRLF all end a line. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  LINE_BREAK.lastIndex = 0;
  for (let match = LINE_BREAK.exec(text); match && match.index < offset; match = LINE_BREAK.exec(text)) {
    line += 1;
    lineStart = LINE_BREAK.lastIndex;
  }
  return { line, column: offset - lineStart + 1 };
}
