/**
 * Where a JSON text stops being valid JSON. V8 gives a position for some
 * errors but not for "Unexpected token" (it echoes a piece of the text
 * instead), and the first such character in the text is often not the one
 * at fault; this scanner follows the grammar and stops at the first
 * character that cannot continue it. Used only once JSON.parse has failed.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// Control characters are what JSON forbids raw inside a string: matching them is the point.
// eslint-disable-next-line no-control-regex
const STRING_CHARS = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

class Stop {
  constructor(readonly offset: number) {}
}

/** The offset of the first character that makes `text` invalid JSON (text.length when it ends too soon); -1 when it is valid. */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const space = () => {
    while (at < text.length && WHITESPACE.has(text[at] as string)) at++;
  };
  const expect = (char: string) => {
    if (text[at] !== char) throw new Stop(at);
    at++;
  };
  const string = () => {
    expect('"');
    STRING_CHARS.lastIndex = at;
    STRING_CHARS.exec(text);
    at = STRING_CHARS.lastIndex;
    expect('"');
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') {
      at++;
      space();
      if (text[at] === '}') return void at++;
      for (;;) {
        space();
        string();
        space();
        expect(':');
        value();
        space();
        if (text[at] === ',') at++;
        else return expect('}');
      }
    }
    if (char === '[') {
      at++;
      space();
      if (text[at] === ']') return void at++;
      for (;;) {
        value();
        space();
        if (text[at] === ',') at++;
        else return expect(']');
      }
    }
    if (char === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, at)) return void (at += word.length);
    }
    NUMBER.lastIndex = at;
    if (NUMBER.exec(text) && NUMBER.lastIndex > at) return void (at = NUMBER.lastIndex);
    throw new Stop(at);
  };
  try {
    value();
    space();
    return at === text.length ? -1 : at;
  } catch (stop) {
    if (stop instanceof Stop) return stop.offset;
    throw stop;
  }
}
