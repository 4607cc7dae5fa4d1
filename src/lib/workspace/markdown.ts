/**
 * Notes are CommonMark, read by micromark (through mdast-util-from-markdown)
 * and turned into a small tree of our own, never into HTML: the UI renders the
 * tree as elements and text nodes, so raw HTML in a note (or in a note from
 * someone else's file or link) shows as the characters typed, an image shows
 * as its alt text (nothing is fetched from anywhere), and only http(s) and
 * mailto targets become links; any other link shows as the Markdown typed.
 *
 * Cost. micromark reads ordinary Markdown in time proportional to its length,
 * but a few constructs cost more than that: emphasis resolution (which its
 * authors call a bottleneck for malicious input), deeply nested containers,
 * and, in micromark 4.0.3, every block quote or list closed by a blank line
 * (which is why package.json pins micromark 4.0.2; the unit tests check it).
 * So a note longer than PIECE_CHARACTERS is read in pieces of at
 * most that many characters, cut where a new top-level block starts (else at
 * a line end, else anywhere): each piece takes a bounded time, the whole note
 * a time proportional to its length, and the UI reads one piece per task. A
 * note of at most PIECE_CHARACTERS is read as one CommonMark document; a
 * longer one differs from that only where two pieces meet (a list that runs
 * across the cut becomes two lists). Nesting deeper than MAX_DEPTH shows as
 * the Markdown typed, so rendering never recurses without bound.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { BlockContent, DefinitionContent, ListItem, Nodes, PhrasingContent, Root, RootContent } from 'mdast';

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'break' }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  /** `tight`: items hold their text without paragraph spacing (CommonMark's tight list). */
  | { kind: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; children: Block[] }
  | { kind: 'rule' };

/** The most characters read as one CommonMark document (one task of the UI). */
export const PIECE_CHARACTERS = 1_500;
/** The most characters of a note shown before the person asks for all of it. */
export const PREVIEW_CHARACTERS = 50_000;
/** Containers and inline marks nested deeper than this show as the Markdown typed. */
export const MAX_DEPTH = 16;
/** Link reference definitions repeated into every piece of a long note, at most (characters). */
const MAX_SHARED_DEFINITIONS = 2_000;

const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

/** The first few characters of a note, cut at a block boundary, for notes too long to show at once. */
export interface MarkdownPreview {
  /** What to show: the whole note, or its start up to a block boundary. */
  text: string;
  /** True when `text` is not the whole note. */
  cut: boolean;
  /** The whole note's length in characters. */
  length: number;
}

/**
 * The start of a note to show: all of it if it has at most `limit`
 * characters, else its start up to the last blank line before the limit that
 * is followed by a new top-level block (outside any fenced code block), if
 * that keeps at least a quarter of the limit; else up to the last line end;
 * else `limit` characters.
 */
export function previewMarkdown(source: string, limit = PREVIEW_CHARACTERS): MarkdownPreview {
  if (source.length <= limit) return { text: source, cut: false, length: source.length };
  const end = nextCut(source, { offset: 0, fence: '' }, limit, source.length).offset;
  return { text: source.slice(0, end), cut: true, length: source.length };
}

/** Reads a whole note (piece by piece, see the module comment). */
export function parseMarkdown(source: string): Block[] {
  const reader = new MarkdownReader(source);
  const blocks: Block[] = [];
  while (!reader.done) for (const block of reader.next()) blocks.push(block);
  return blocks;
}

/** Reads one line of Markdown (a title, a label) as inline content; anything else shows as typed. */
export function parseInline(text: string): Inline[] {
  const line = text.replace(/[\r\n]+/g, ' ');
  const blocks = parseMarkdown(line);
  const only = blocks[0];
  if (blocks.length === 1 && only && (only.kind === 'paragraph' || only.kind === 'heading')) return only.children;
  return line ? [{ kind: 'text', text: line }] : [];
}

/** Where reading stopped: an offset in the note, and the code fence open there ('' if none). */
interface Cursor {
  offset: number;
  /** The opening fence line's indent and marker (e.g. "```"), repeated to reopen the block in the next piece. */
  fence: string;
}

/**
 * Reads a note a piece at a time, so that a caller can spread the work of a
 * long note over several tasks.
 */
export class MarkdownReader {
  readonly length: number;
  private readonly source: string;
  private cursor: Cursor = { offset: 0, fence: '' };
  /** Link reference definitions of the whole note, added to each piece so references across pieces resolve. */
  private readonly definitions: string;

  constructor(source: string) {
    this.source = source;
    this.length = source.length;
    this.definitions = source.length > PIECE_CHARACTERS ? sharedDefinitions(source) : '';
  }

  /** Characters read so far. */
  get position(): number {
    return this.cursor.offset;
  }

  get done(): boolean {
    return this.cursor.offset >= this.length;
  }

  /** Reads the next piece: at most PIECE_CHARACTERS, not past `end` (a cut from previewMarkdown, or the note's end). */
  next(end = this.length): Block[] {
    const from = this.cursor;
    if (from.offset >= Math.min(end, this.length)) return [];
    const to = nextCut(this.source, from, PIECE_CHARACTERS, Math.min(end, this.length));
    this.cursor = to;
    const body = this.source.slice(from.offset, to.offset);
    // A code block cut in two is closed at the end of this piece and reopened at the start of the next.
    const close = to.fence ? `${body.endsWith('\n') ? '' : '\n'}${to.fence.trimStart()}` : '';
    const text = (from.fence ? `${from.fence}\n` : '') + body + close + this.definitions;
    return toBlocks(fromMarkdown(text), text);
  }
}

/**
 * Lines that look like link reference definitions (label and destination; a
 * title is not needed), up to MAX_SHARED_DEFINITIONS characters, as a text to
 * append to a piece.
 */
function sharedDefinitions(source: string): string {
  const lines: string[] = [];
  let size = 0;
  for (const match of source.matchAll(/^ {0,3}\[(?:[^\\[\]\n]|\\.){1,999}\]:[ \t]*(?:<[^<>\n]*>|[^\s<]\S*)/gm)) {
    size += match[0].length + 1;
    if (size > MAX_SHARED_DEFINITIONS) break;
    lines.push(match[0].trimStart());
  }
  return lines.length > 0 ? `\n\n${lines.join('\n')}\n` : '';
}

const FENCE_OPEN = /^ {0,3}(?:`{3,}|~{3,})/;
const BLANK = /^[ \t]*\r?$/;

/** The fence a line opens (indent and marker), or '' if it opens none. */
function openedFence(line: string): string {
  const fence = FENCE_OPEN.exec(line)?.[0] ?? '';
  // A backtick fence's info string may not hold a backtick (that is inline code).
  return fence.endsWith('`') && line.includes('`', fence.length) ? '' : fence;
}

/** Whether a line closes the code block opened by `fence`. */
function closesFence(line: string, fence: string): boolean {
  const marker = fence.trimStart();
  const match = /^ {0,3}(`+|~+)[ \t]*\r?$/.exec(line);
  return !!match && match[1]!.startsWith(marker[0]!) && match[1]!.length >= marker.length;
}

/**
 * Where the piece that starts at `from` ends: at most `size` characters on,
 * never past `end`. Preferably at a new top-level block (a line that starts at
 * column 0 after a blank line, outside a fenced code block), if that leaves
 * the piece at least a quarter full; else at the last line end; else at
 * `size`. Returns the fence open at the cut, so the next piece can reopen it.
 */
function nextCut(source: string, from: Cursor, size: number, end: number): Cursor {
  const stop = Math.min(end, from.offset + size);
  // The span holds one character past `stop`, to see how the next line starts.
  const span = source.slice(from.offset, stop + 1);
  const width = stop - from.offset;
  let fence = from.fence;
  let block = 0;
  let line = 0;
  let lineFence = '';
  let lineStart = 0;
  for (;;) {
    const newline = span.indexOf('\n', lineStart);
    if (newline === -1 || newline >= width) break;
    const text = span.slice(lineStart, newline);
    if (fence) {
      if (closesFence(text, fence)) fence = '';
    } else {
      fence = openedFence(text);
    }
    lineStart = newline + 1;
    line = lineStart;
    lineFence = fence;
    const next = span.charCodeAt(lineStart);
    // Not a space, tab, CR or LF: the next line starts a block at column 0.
    if (!fence && BLANK.test(text) && next !== 32 && next !== 9 && next !== 13 && next !== 10 && lineStart < span.length) block = lineStart;
  }
  if (stop === end) {
    // The note's last line has no line end, but opens or closes a code block all the same.
    if (end === source.length && lineStart < width) {
      const last = span.slice(lineStart, width);
      fence = fence ? (closesFence(last, fence) ? '' : fence) : openedFence(last);
    }
    return { offset: end, fence };
  }
  if (block >= width / 4) return { offset: from.offset + block, fence: '' };
  if (line > 0) return { offset: from.offset + line, fence: lineFence };
  // One line longer than a piece: cut it, not between the halves of a surrogate pair.
  const code = source.charCodeAt(stop - 1);
  const offset = code >= 0xd800 && code <= 0xdbff && stop - 1 > from.offset ? stop - 1 : stop;
  return { offset, fence };
}

/** A parsed piece as blocks. `text` is the piece, to show unsafe links and overly deep parts as typed. */
function toBlocks(root: Root, text: string): Block[] {
  const context: Context = { text, definitions: definitionsOf(root) };
  return blocks(root.children, context, 0);
}

interface Context {
  text: string;
  /** Link targets by normalized label; the first definition of a label wins, as in CommonMark. */
  definitions: Map<string, string>;
}

/** Link reference definitions live at block level: root, block quotes, list items. */
function definitionsOf(root: Root): Map<string, string> {
  const found = new Map<string, string>();
  const pending: Nodes[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === 'definition') {
      if (!found.has(node.identifier)) found.set(node.identifier, node.url);
    } else if (node.type === 'root' || node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem') {
      // Reversed, so definitions are met in document order.
      for (let index = node.children.length - 1; index >= 0; index--) pending.push(node.children[index]!);
    }
  }
  return found;
}

/** The Markdown a node was typed as. */
function typed(node: Nodes, context: Context): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? '' : context.text.slice(start, end);
}

function blocks(nodes: (RootContent | BlockContent | DefinitionContent)[], context: Context, depth: number): Block[] {
  const out: Block[] = [];
  for (const node of nodes) {
    const block = toBlock(node, context, depth);
    if (block) out.push(block);
  }
  return out;
}

function toBlock(node: RootContent, context: Context, depth: number): Block | undefined {
  switch (node.type) {
    case 'heading':
      return { kind: 'heading', level: node.depth, children: inlines(node.children, context, depth) };
    case 'paragraph':
      return { kind: 'paragraph', children: inlines(node.children, context, depth) };
    case 'thematicBreak':
      return { kind: 'rule' };
    case 'code':
      return { kind: 'code', text: node.value };
    case 'html':
      return { kind: 'paragraph', children: [{ kind: 'text', text: node.value }] };
    case 'blockquote':
      if (depth >= MAX_DEPTH) return asTyped(node, context);
      return { kind: 'quote', children: blocks(node.children, context, depth + 1) };
    case 'list': {
      if (depth >= MAX_DEPTH) return asTyped(node, context);
      const tight = !node.spread && !node.children.some((item) => item.spread);
      const items = node.children.map((item: ListItem) => blocks(item.children, context, depth + 1));
      return { kind: 'list', ordered: !!node.ordered, start: node.start ?? 1, tight, items };
    }
    case 'definition':
      return undefined;
    default:
      // Nothing else comes out of CommonMark without extensions; show it as typed, should it ever.
      return asTyped(node, context);
  }
}

function asTyped(node: Nodes, context: Context): Block {
  return { kind: 'paragraph', children: [{ kind: 'text', text: typed(node, context) }] };
}

function inlines(nodes: PhrasingContent[], context: Context, depth: number): Inline[] {
  const out: Inline[] = [];
  const text = (value: string) => {
    const last = out[out.length - 1];
    if (last?.kind === 'text') last.text += value;
    else if (value) out.push({ kind: 'text', text: value });
  };
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'html':
        text(node.value);
        break;
      case 'inlineCode':
        out.push({ kind: 'code', text: node.value });
        break;
      case 'break':
        out.push({ kind: 'break' });
        break;
      case 'image':
      case 'imageReference':
        text(node.alt ?? '');
        break;
      case 'emphasis':
      case 'strong':
        if (depth >= MAX_DEPTH) text(typed(node, context));
        else out.push({ kind: node.type === 'strong' ? 'strong' : 'em', children: inlines(node.children, context, depth + 1) });
        break;
      case 'link':
      case 'linkReference': {
        const href = node.type === 'link' ? node.url : context.definitions.get(node.identifier);
        if (href !== undefined && SAFE_LINK.test(href) && depth < MAX_DEPTH) out.push({ kind: 'link', href, children: inlines(node.children, context, depth + 1) });
        else text(typed(node, context));
        break;
      }
      default:
        text(typed(node, context));
    }
  }
  return out;
}
