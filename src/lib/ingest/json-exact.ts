/**
 * A second parse, for the few values JSON.parse cannot give back as written:
 * whole numbers beyond 2^53 (JSON.parse rounds 9007199254740993 to
 * …992; DuckDB keeps BIGINT exact) and objects with keys like "2019" (a JS
 * object lists integer-like keys first, so columns would come out of the
 * file's order). Only text that JSON.parse accepted comes here, so the
 * parser does not check syntax.
 */

const KEYS_IN_FILE_ORDER = Symbol('keys in file order');

type Ordered = Record<string, unknown> & { [KEYS_IN_FILE_ORDER]?: string[] };

/** An object's keys in the order the file wrote them. */
export function keysOf(object: Record<string, unknown>): string[] {
  return (object as Ordered)[KEYS_IN_FILE_ORDER] ?? Object.keys(object);
}

/** Text JSON.parse would read differently from the file: an integer-like key, or a number of 16+ digits. */
const NEEDS_EXACT = /"(?:0|[1-9]\d{0,9})"\s*:|(?:^|[:,[])\s*-?\d{16}/;

/** The value of valid JSON text, exact where JSON.parse is not; `parsed` is JSON.parse's result. */
export function exactWhereNeeded(text: string, parsed: unknown): unknown {
  return NEEDS_EXACT.test(text) ? new ExactParser(text).value() : parsed;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

class ExactParser {
  #at = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  value(): unknown {
    this.#skipSpace();
    switch (this.#text[this.#at]) {
      case '{':
        return this.#object();
      case '[':
        return this.#array();
      case '"':
        return this.#string();
      case 't':
        this.#at += 4;
        return true;
      case 'f':
        this.#at += 5;
        return false;
      case 'n':
        this.#at += 4;
        return null;
      default:
        return this.#number();
    }
  }

  #skipSpace(): void {
    while (/\s/.test(this.#text[this.#at] ?? '')) this.#at += 1;
  }

  #string(): string {
    let end = this.#at + 1;
    while (this.#text[end] !== '"') end += this.#text[end] === '\\' ? 2 : 1;
    const text = JSON.parse(this.#text.slice(this.#at, end + 1)) as string;
    this.#at = end + 1;
    return text;
  }

  /** A whole number that a double cannot hold exactly stays a BigInt (when BIGINT can hold it). */
  #number(): number | bigint {
    NUMBER.lastIndex = this.#at;
    const match = NUMBER.exec(this.#text) as RegExpExecArray;
    this.#at = NUMBER.lastIndex;
    const value = Number(match[0]);
    if (match[1] !== undefined || match[2] !== undefined || Number.isSafeInteger(value)) return value;
    const whole = BigInt(match[0]);
    return whole >= INT64_MIN && whole <= INT64_MAX ? whole : value;
  }

  #array(): unknown[] {
    const items: unknown[] = [];
    this.#at += 1;
    this.#skipSpace();
    if (this.#text[this.#at] === ']') {
      this.#at += 1;
      return items;
    }
    for (;;) {
      items.push(this.value());
      this.#skipSpace();
      const separator = this.#text[this.#at];
      this.#at += 1;
      if (separator === ']') return items;
    }
  }

  #object(): Record<string, unknown> {
    const object: Ordered = {};
    const keys: string[] = [];
    this.#at += 1;
    this.#skipSpace();
    if (this.#text[this.#at] === '}') {
      this.#at += 1;
      return object;
    }
    for (;;) {
      this.#skipSpace();
      const key = this.#string();
      this.#skipSpace();
      this.#at += 1; // the colon
      const value = this.value();
      if (!Object.hasOwn(object, key)) keys.push(key);
      // defineProperty: a "__proto__" key is data, as JSON.parse makes it, not the prototype.
      Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      this.#skipSpace();
      const separator = this.#text[this.#at];
      this.#at += 1;
      if (separator === '}') break;
    }
    Object.defineProperty(object, KEYS_IN_FILE_ORDER, { value: keys, enumerable: false });
    return object;
  }
}
