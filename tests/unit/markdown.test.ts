import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { fromMarkdown } from 'mdast-util-from-markdown';
import {
  MarkdownReader,
  MAX_DEPTH,
  parseInline,
  parseMarkdown,
  PIECE_CHARACTERS,
  previewMarkdown,
  type Block,
  type Inline,
} from '../../src/lib/workspace/markdown';
import Markdown from '../../src/ui/workspace/Markdown.svelte';

const text = (value: string): Inline => ({ kind: 'text', text: value });
const paragraph = (...children: Inline[]): Block => ({ kind: 'paragraph', children });

describe('note Markdown: CommonMark constructs', () => {
  const cases: [string, string, Block[]][] = [
    ['ATX headings, levels 1 to 6', '# One\n###### Six', [
      { kind: 'heading', level: 1, children: [text('One')] },
      { kind: 'heading', level: 6, children: [text('Six')] },
    ]],
    ['setext heading', 'Title\n=====', [{ kind: 'heading', level: 1, children: [text('Title')] }]],
    ['paragraphs (soft line breaks kept as text)', 'one\ntwo\n\nthree', [paragraph(text('one\ntwo')), paragraph(text('three'))]],
    ['emphasis and strong, nested', '*a* **b** ***c*** _d_', [
      paragraph(
        { kind: 'em', children: [text('a')] },
        text(' '),
        { kind: 'strong', children: [text('b')] },
        text(' '),
        { kind: 'em', children: [{ kind: 'strong', children: [text('c')] }] },
        text(' '),
        { kind: 'em', children: [text('d')] },
      ),
    ]],
    ['inline code keeps its characters', 'use `a <b> *c*`', [paragraph(text('use '), { kind: 'code', text: 'a <b> *c*' })]],
    ['fenced code block', '```sql\nSELECT 1;\n\nSELECT 2;\n```', [{ kind: 'code', text: 'SELECT 1;\n\nSELECT 2;' }]],
    ['indented code block', '    x = 1', [{ kind: 'code', text: 'x = 1' }]],
    ['block quote holding blocks', '> # T\n> body', [{ kind: 'quote', children: [{ kind: 'heading', level: 1, children: [text('T')] }, paragraph(text('body'))] }]],
    ['tight unordered list with a nested list', '- a\n  - b\n- c', [
      {
        kind: 'list',
        ordered: false,
        start: 1,
        tight: true,
        items: [[paragraph(text('a')), { kind: 'list', ordered: false, start: 1, tight: true, items: [[paragraph(text('b'))]] }], [paragraph(text('c'))]],
      },
    ]],
    ['loose ordered list keeps its start', '3. a\n\n4. b', [{ kind: 'list', ordered: true, start: 3, tight: false, items: [[paragraph(text('a'))], [paragraph(text('b'))]] }]],
    ['thematic break', 'a\n\n***\n\nb', [paragraph(text('a')), { kind: 'rule' }, paragraph(text('b'))]],
    ['hard line breaks (two spaces, backslash)', 'a  \nb\\\nc', [paragraph(text('a'), { kind: 'break' }, text('b'), { kind: 'break' }, text('c'))]],
    ['http, https and mailto links', '[w](https://example.org/a?b=1) [h](http://x.test) [m](mailto:a@example.org)', [
      paragraph(
        { kind: 'link', href: 'https://example.org/a?b=1', children: [text('w')] },
        text(' '),
        { kind: 'link', href: 'http://x.test', children: [text('h')] },
        text(' '),
        { kind: 'link', href: 'mailto:a@example.org', children: [text('m')] },
      ),
    ]],
    ['autolinks', '<https://example.org> <a@example.org>', [
      paragraph(
        { kind: 'link', href: 'https://example.org', children: [text('https://example.org')] },
        text(' '),
        { kind: 'link', href: 'mailto:a@example.org', children: [text('a@example.org')] },
      ),
    ]],
    ['reference links resolve; definitions show nothing', '[site][s] and [S]\n\n[s]: https://example.org', [
      paragraph(
        { kind: 'link', href: 'https://example.org', children: [text('site')] },
        text(' and '),
        { kind: 'link', href: 'https://example.org', children: [text('S')] },
      ),
    ]],
    ['links with formatted labels', '[**b** `c`](https://x.test)', [
      paragraph({ kind: 'link', href: 'https://x.test', children: [{ kind: 'strong', children: [text('b')] }, text(' '), { kind: 'code', text: 'c' }] }),
    ]],
    ['images show their alt text and are never loaded', 'see ![a chart](https://evil.example/pixel.png) here', [paragraph(text('see a chart here'))]],
    ['entities and escapes', '&amp; &copy; \\*not em\\*', [paragraph(text('& © *not em*'))]],
  ];
  it.each(cases)('%s', (_name, source, expected) => {
    expect(parseMarkdown(source)).toEqual(expected);
  });

  it('reads the example note of the workspace format', () => {
    expect(parseMarkdown('# Mérida\n\nAmounts in **USD millions**.')).toEqual([
      { kind: 'heading', level: 1, children: [text('Mérida')] },
      paragraph(text('Amounts in '), { kind: 'strong', children: [text('USD millions')] }, text('.')),
    ]);
  });

  it('reads one line as inline content, anything else as typed', () => {
    expect(parseInline('a **b**')).toEqual([text('a '), { kind: 'strong', children: [text('b')] }]);
    expect(parseInline('- not a list')).toEqual([text('- not a list')]);
    expect(parseInline('')).toEqual([]);
  });
});

describe('note Markdown: hostile content', () => {
  const cases: [string, string, Block[]][] = [
    ['javascript: link shows as typed', '[x](javascript:alert(1))', [paragraph(text('[x](javascript:alert(1))'))]],
    ['scheme hidden by an entity', '[x](java&#115;cript:alert(1))', [paragraph(text('[x](java&#115;cript:alert(1))'))]],
    ['upper-case and spaced schemes', '[x](JAVASCRIPT:alert(1)) [y](<javascript:alert(1)>)', [paragraph(text('[x](JAVASCRIPT:alert(1)) [y](<javascript:alert(1)>)'))]],
    ['data: URL', '[x](data:text/html;base64,PHNjcmlwdD4=)', [paragraph(text('[x](data:text/html;base64,PHNjcmlwdD4=)'))]],
    ['file: and relative links', '[a](file:///etc/passwd) [b](/admin) [c](./x.md)', [paragraph(text('[a](file:///etc/passwd) [b](/admin) [c](./x.md)'))]],
    ['javascript: autolink', '<javascript:alert(1)>', [paragraph(text('<javascript:alert(1)>'))]],
    ['javascript: reference', '[x][r]\n\n[r]: javascript:alert(1)', [paragraph(text('[x][r]'))]],
    ['raw <script> block', '<script>alert(1)</script>', [paragraph(text('<script>alert(1)</script>'))]],
    ['inline HTML', 'a <img src=x onerror=alert(1)> b', [paragraph(text('a <img src=x onerror=alert(1)> b'))]],
    ['HTML comment', '<!-- x -->', [paragraph(text('<!-- x -->'))]],
  ];
  it.each(cases)('%s', (_name, source, expected) => {
    expect(parseMarkdown(source)).toEqual(expected);
  });

  it('shows nesting deeper than MAX_DEPTH as the Markdown typed, so rendering never recurses without bound', () => {
    const quotes = parseMarkdown(`${'>'.repeat(1_000)} deep`);
    let depth = 0;
    let block: Block | undefined = quotes[0];
    while (block?.kind === 'quote') {
      depth++;
      block = block.children[0];
    }
    expect(depth).toBe(MAX_DEPTH);
    expect(block).toEqual(paragraph(text(`${'>'.repeat(1_000 - MAX_DEPTH)} deep`)));

    const marks = `${'*'.repeat(200)}a${'*'.repeat(200)}`;
    const inline = parseInline(marks);
    let inlineDepth = 0;
    let node: Inline | undefined = inline[0];
    while (node && (node.kind === 'em' || node.kind === 'strong')) {
      inlineDepth++;
      node = node.children[0];
    }
    expect(inlineDepth).toBe(MAX_DEPTH);
    expect(node?.kind).toBe('text');
  });

  /**
   * CPU time (ms) of the fastest of at least `least` runs, run again while
   * they add up to less than 400 ms: CPU rather than wall time, as other work
   * shares the machine, and the fastest run, as the least disturbed.
   */
  function cpuTime(run: () => unknown, least = 2): number {
    const cpu = () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };
    let best = Infinity;
    let spent = 0;
    for (let round = 0; round < least || (spent < 400 && round < 20); round++) {
      const started = cpu();
      run();
      const took = cpu() - started;
      best = Math.min(best, took);
      spent += took;
    }
    return best;
  }

  // Each input at n and 4n characters (4n being the size named): linear time gives a ratio near 4, quadratic near 16.
  const scaling: [string, (n: number) => string, number][] = [
    ['50,000 `*a`', (n) => '*a'.repeat(n / 2), 25_000],
    ['`[` × 100,000', (n) => '['.repeat(n), 25_000],
    ['a 2 MB line of `[a](`', (n) => '[a]('.repeat(n / 4), 500_000],
    ['emphasis nested 500 deep, repeated', (n) => `${'*'.repeat(1_000)}a${'*'.repeat(1_000)} `.repeat(Math.round(n / 2_002)), 12_500],
    ['`>` nested 50,000 deep', (n) => '>'.repeat(n), 12_500],
    ['block quotes after blank lines', (n) => '> a\n\n'.repeat(n / 5), 12_500],
    ['lists nested in a loose list', (n) => '- a\n  - b\n\n'.repeat(Math.round(n / 11)), 12_500],
    ['lines ending in two spaces, one paragraph', (n) => 'a  \n'.repeat(n / 4), 12_500],
    ['unclosed links and images', (n) => '![a]([b]('.repeat(n / 10), 12_500],
    ['backtick runs', (n) => `${'`'.repeat(n / 2)}a${'``'.repeat(n / 4)}`, 12_500],
    ['`<>` pairs', (n) => '<>'.repeat(n / 2), 12_500],
    ['link reference definitions', (n) => '[a]: https://x.test\n'.repeat(n / 20), 12_500],
  ];
  it.each(scaling)(
    'reads %s in linear time',
    (_name, make, n) => {
      const small = make(n);
      const large = make(4 * n);
      cpuTime(() => parseMarkdown(make(PIECE_CHARACTERS))); // warm up
      // The best of three runs (of one for megabytes, which take seconds each) against
      // shared-machine noise; 10 sits between linear (4) and quadratic (16).
      const least = large.length > 1_000_000 ? 1 : 3;
      const ratio = cpuTime(() => parseMarkdown(large), least) / Math.max(cpuTime(() => parseMarkdown(small), least), 1);
      expect(ratio).toBeLessThan(10);
    },
    180_000,
  );

  it('has a micromark that reads block quotes in linear time even in one piece (4.0.3 does not: package.json pins 4.0.2)', () => {
    const quotes = (count: number) => '> a\n\n'.repeat(count);
    cpuTime(() => fromMarkdown(quotes(1_000)));
    const ratio = cpuTime(() => fromMarkdown(quotes(4_000))) / Math.max(cpuTime(() => fromMarkdown(quotes(1_000))), 1);
    expect(ratio).toBeLessThan(8);
  });
});

describe('note Markdown: long notes', () => {
  const section = (i: number) =>
    `## Section ${i}\n\nIn ${2000 + (i % 25)} the **office** spent on [roads](https://example.org/${i}) and \`t_${i}\`.\n\n- one\n- two\n\n> quoted\n\n`;
  const long = (length: number) => {
    let out = '';
    for (let i = 0; out.length < length; i++) out += section(i);
    return out;
  };

  it('previews a long note up to a block boundary before the limit, saying it was cut', () => {
    const note = long(200_000);
    const preview = previewMarkdown(note, 50_000);
    expect(preview.cut).toBe(true);
    expect(preview.length).toBe(note.length);
    expect(preview.text.length).toBeLessThanOrEqual(50_000);
    expect(preview.text.length).toBeGreaterThan(40_000);
    expect(note.startsWith(preview.text)).toBe(true);
    expect(preview.text.endsWith('\n\n')).toBe(true);
    // What is left starts a new block at column 0.
    expect(note.slice(preview.text.length)).toMatch(/^(## Section|In |- one|> quoted)/);
  });

  it('shows a short note whole', () => {
    expect(previewMarkdown('# a\n\nb', 50_000)).toEqual({ text: '# a\n\nb', cut: false, length: 6 });
  });

  it('does not cut inside a fenced code block, even at a blank line', () => {
    const code = `\`\`\`\n${'SELECT 1;\n\n'.repeat(1_000)}\`\`\`\n\nafter\n`;
    const preview = previewMarkdown(`${'text\n\n'.repeat(500)}${code}`, 5_000);
    expect(preview.text).toBe('text\n\n'.repeat(500));
  });

  it('cuts a single enormous line anyway, and never between the halves of a surrogate pair', () => {
    const line = '😀'.repeat(100_000);
    const preview = previewMarkdown(line, 50_001);
    expect(preview.cut).toBe(true);
    expect(preview.text.length).toBe(50_000);
    expect(preview.text.endsWith('😀')).toBe(true);
  });

  it('reads a long note piece by piece, each at most PIECE_CHARACTERS, to the blocks one CommonMark read gives', () => {
    const sections = Array.from({ length: 400 }, (_, i) => section(i));
    const note = sections.join('');
    const reader = new MarkdownReader(note);
    const blocks: Block[] = [];
    let last = 0;
    while (!reader.done) {
      blocks.push(...reader.next());
      expect(reader.position - last).toBeLessThanOrEqual(PIECE_CHARACTERS);
      last = reader.position;
    }
    // Each section is short enough to be read as one document, and sections do not run into each other.
    expect(blocks).toEqual(sections.flatMap((part) => parseMarkdown(part)));
    expect(parseMarkdown(note)).toEqual(blocks);
  });

  it('keeps an ordered list numbered when a cut splits it', () => {
    const items = Array.from({ length: 2_000 }, (_, i) => `${i + 1}. item ${i + 1}`);
    const lists = parseMarkdown(items.join('\n')).filter((block) => block.kind === 'list');
    expect(lists.length).toBeGreaterThan(1);
    let next = 1;
    for (const list of lists) {
      expect(list.start).toBe(next);
      next += list.items.length;
    }
    expect(next).toBe(2_001);
  });

  it('stops at the preview cut when asked, and goes on from there', () => {
    const note = long(30_000);
    const preview = previewMarkdown(note, 10_000);
    const reader = new MarkdownReader(note);
    while (reader.position < preview.text.length) reader.next(preview.text.length);
    expect(reader.position).toBe(preview.text.length);
    expect(reader.done).toBe(false);
  });

  it('reopens a code block cut between pieces, so its lines stay code', () => {
    const code = `\`\`\`\n${Array.from({ length: 3_000 }, (_, i) => `row ${i}`).join('\n')}\n\`\`\`\n\nafter`;
    const blocks = parseMarkdown(code);
    expect(blocks.every((block, i) => (i < blocks.length - 1 ? block.kind === 'code' : block.kind === 'paragraph'))).toBe(true);
    const rows = blocks.flatMap((block) => (block.kind === 'code' ? block.text.split('\n') : []));
    expect(rows).toEqual(Array.from({ length: 3_000 }, (_, i) => `row ${i}`));
    expect(blocks.at(-1)).toEqual(paragraph(text('after')));
  });

  it('resolves reference links across pieces', () => {
    const note = `[audit][a]\n\n${'filler text\n\n'.repeat(2_000)}[a]: https://example.org/audit\n`;
    expect(note.length).toBeGreaterThan(PIECE_CHARACTERS);
    expect(parseMarkdown(note)[0]).toEqual(paragraph({ kind: 'link', href: 'https://example.org/audit', children: [text('audit')] }));
  });
});

describe('Markdown.svelte', () => {
  /** Server-rendered HTML, without Svelte's hydration markers. */
  const html = (source: string) => render(Markdown, { props: { source } }).body.replace(/<!--[^]*?-->/g, '');

  it('renders elements and text, never the note’s HTML, and links only to http(s) and mailto', () => {
    const body = html('# T\n\n**b** [ok](https://x.test) [no](javascript:alert(1))\n\n<script>alert(1)</script>\n\n![i](https://evil.example/p.png)');
    expect(body).toContain('<h2>T</h2>');
    expect(body).toContain('<strong>b</strong>');
    expect(body).toContain('<a href="https://x.test" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(body).toContain('[no](javascript:alert(1))');
    expect(body).not.toContain('href="javascript');
    expect(body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<script');
  });

  it('renders tight list items without paragraphs and inline content without added spaces', () => {
    expect(html('- a *b*`c`\n- d')).toContain('<ul><li>a <em>b</em><code>c</code></li><li>d</li></ul>');
  });

  it('shows the first piece of a long note and offers the rest', () => {
    const note = `# First\n\n${'Some words in a paragraph.\n\n'.repeat(4_000)}# Last\n`;
    const body = html(note);
    expect(body).toContain('<h2>First</h2>');
    expect(body).not.toContain('<h2>Last</h2>');
    expect(body).toMatch(/<button type="button"[^>]*>Show the whole note<\/button>/);
    expect(body).toContain(`of ${note.length.toLocaleString('en-US')} characters`);
  });
});
