/**
 * Dates and times written as ISO 8601 text in JSON become DATE and
 * TIMESTAMP columns, as native DuckDB's JSON reader makes them. Only forms
 * that read one way are taken: a date (2024-03-09), or a date and time
 * with at most microseconds, without a zone or in UTC (`Z`). A time with
 * an offset (+02:00) stays text: DuckDB-WASM has no time zones here (no
 * ICU), and moving it to UTC would change the time people see.
 */

/** What every text of a field seen so far is: dates, dates with times (or both), or anything else. */
export type Temporal = 'date' | 'timestamp' | 'text';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?Z?)?$/;

const MS_PER_DAY = 86_400_000;

/** The temporal kind of one text. */
export function temporalOf(text: string): Temporal {
  // Most texts are not dates: look at one character before running the pattern.
  const first = text.charCodeAt(0);
  if (first < 0x30 || first > 0x39 || text.length < 10) return 'text';
  const parts = ISO.exec(text);
  if (!parts || !isCalendarDate(parts) || !isClockTime(parts)) return 'text';
  return parts[4] === undefined ? 'date' : 'timestamp';
}

/** Dates beside timestamps make timestamps (a date is its midnight); anything else beside them, text. */
export function combineTemporal(a: Temporal, b: Temporal): Temporal {
  if (a === b) return a;
  return a === 'text' || b === 'text' ? 'text' : 'timestamp';
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(parts: RegExpExecArray): boolean {
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

function isClockTime(parts: RegExpExecArray): boolean {
  if (parts[4] === undefined) return true;
  return Number(parts[4]) <= 23 && Number(parts[5]) <= 59 && Number(parts[6] ?? 0) <= 59;
}

/** Days since 1970-01-01 of an ISO date text (checked by temporalOf). */
export function epochDay(text: string): number {
  const parts = ISO.exec(text) as RegExpExecArray;
  return daysFromCivil(Number(parts[1]), Number(parts[2]), Number(parts[3]));
}

/** Microseconds since 1970-01-01T00:00 of an ISO date or date-time text (checked by temporalOf). */
export function epochMicroseconds(text: string): bigint {
  const parts = ISO.exec(text) as RegExpExecArray;
  const fraction = Number((parts[7] ?? '').padEnd(6, '0'));
  return BigInt(utcMilliseconds(parts)) * 1000n + BigInt(fraction);
}

function utcMilliseconds(parts: RegExpExecArray): number {
  const day = daysFromCivil(Number(parts[1]), Number(parts[2]), Number(parts[3]));
  const seconds = Number(parts[4] ?? 0) * 3600 + Number(parts[5] ?? 0) * 60 + Number(parts[6] ?? 0);
  return day * MS_PER_DAY + seconds * 1000;
}

/** Days from 1970-01-01 to a proleptic Gregorian date, by arithmetic (a Date per value is slow). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
