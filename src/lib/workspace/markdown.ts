/**
 * A small Markdown reader for notes that produces a tree, never HTML: the UI
 * renders the tree as text nodes, so raw HTML in a note (or in a note from
 * someone else's file or link) shows as the characters typed. Links keep only
 * http(s) and mailto targets.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; children: Inline[] }
  | { kind: 'rule' };

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (line.trim() === '') {
      index++;
    } else if (line.startsWith('```')) {
      const body: string[] = [];
      index++;
      while (index < lines.length && !(lines[index] ?? '').startsWith('```')) body.push(lines[index++] ?? '');
      index++;
      blocks.push({ kind: 'code', text: body.join('\n') });
    } else if (/^#{1,4}\s/.test(line)) {
      const level = (line.match(/^#+/)?.[0].length ?? 1) as 1 | 2 | 3 | 4;
      blocks.push({ kind: 'heading', level, children: parseInline(line.slice(level).trim()) });
      index++;
    } else if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      blocks.push({ kind: 'rule' });
      index++;
    } else if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: Inline[][] = [];
      while (index < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[index] ?? '')) {
        items.push(parseInline((lines[index] ?? '').replace(/^\s*([-*+]|\d+[.)])\s+/, '')));
        index++;
      }
      blocks.push({ kind: 'list', ordered, items });
    } else if (line.startsWith('>')) {
      const body: string[] = [];
      while (index < lines.length && (lines[index] ?? '').startsWith('>')) body.push((lines[index++] ?? '').replace(/^>\s?/, ''));
      blocks.push({ kind: 'quote', children: parseInline(body.join(' ')) });
    } else {
      const body: string[] = [];
      while (index < lines.length && (lines[index] ?? '').trim() !== '' && !/^(#{1,4}\s|```|>|\s*([-*+]|\d+[.)])\s+)/.test(lines[index] ?? '')) {
        body.push((lines[index++] ?? '').trim());
      }
      blocks.push({ kind: 'paragraph', children: parseInline(body.join(' ')) });
    }
  }
  return blocks;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*|__[^_]+__)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      out.push({ kind: 'text', text: rest });
      break;
    }
    if (match.index > 0) out.push({ kind: 'text', text: rest.slice(0, match.index) });
    const token = match[0];
    if (match[1]) out.push({ kind: 'code', text: token.slice(1, -1) });
    else if (match[2]) out.push({ kind: 'strong', children: parseInline(token.slice(2, -2)) });
    else if (match[3]) out.push({ kind: 'em', children: parseInline(token.slice(1, -1)) });
    else {
      const [, label = '', href = ''] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token) ?? [];
      out.push(SAFE_LINK.test(href) ? { kind: 'link', href, children: parseInline(label) } : { kind: 'text', text: token });
    }
    rest = rest.slice(match.index + token.length);
  }
  return out;
}
