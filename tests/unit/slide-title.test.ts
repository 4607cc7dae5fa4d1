import { describe, expect, it } from 'vitest';
import {
  addChart,
  addNote,
  addQuery,
  chartSlideTitle,
  createWorkspace,
  editChart,
  editNote,
  isGeneratedName,
  leadingHeading,
  noteSlide,
  presentationSlides,
  type ChartItem,
  type ItemNames,
  type NoteItem,
} from '../../src/lib/workspace';

const SPANISH: ItemNames = { query: (n) => `Consulta ${n}`, note: (n) => `Nota ${n}`, chart: (n) => `Gráfico ${n}`, dashboard: (n) => `Tablero ${n}` };
const note = (markdown: string, title = 'Note 1'): NoteItem => ({ id: 'n1', title, markdown });
const chart = (change: Partial<ChartItem> = {}): ChartItem => ({
  id: 'c1',
  name: 'Chart 1',
  source: { kind: 'table', table: 'ventas' },
  design: { mark: 'bar', encoding: { x: { field: 'year' }, y: { field: 'amount', aggregate: 'sum' } } },
  ...change,
});

describe('leadingHeading', () => {
  it('takes an ATX heading that opens the note, as plain text, out of the body', () => {
    expect(leadingHeading('# Mérida\n\nUSD 400 million in 2008.')).toEqual({ text: 'Mérida', rest: '\nUSD 400 million in 2008.' });
    expect(leadingHeading('\n\n  ## **Bold** and `code` ##\nBody')).toEqual({ text: 'Bold and code', rest: 'Body' });
  });

  it('takes a Setext heading (underlined with = or -), even over two lines', () => {
    expect(leadingHeading('Funding\n=======\n\nText')).toEqual({ text: 'Funding', rest: '\nText' });
    expect(leadingHeading('Funding by\ncountry\n---\nText')?.text).toBe('Funding by country');
  });

  it('ignores a note that does not open with a heading', () => {
    expect(leadingHeading('Intro text.\n\n# Later heading')).toBeUndefined();
    expect(leadingHeading('- item\n---')).toBeUndefined();
    expect(leadingHeading('```\n---\n```')).toBeUndefined();
    expect(leadingHeading('#hashtag is not a heading')).toBeUndefined();
    expect(leadingHeading('#')).toBeUndefined();
    expect(leadingHeading('')).toBeUndefined();
  });

  it('keeps a Windows line ending note whole after its heading', () => {
    expect(leadingHeading('# Title\r\nBody\r\n')).toEqual({ text: 'Title', rest: 'Body\r\n' });
  });

  it('only looks at the start of a very long note', () => {
    const long = `# Big\n\n${'x'.repeat(2_000_000)}`;
    expect(leadingHeading(long)?.text).toBe('Big');
    expect(leadingHeading(long)?.rest.length).toBe(2_000_001);
  });
});

describe('isGeneratedName', () => {
  it('recognizes the names new items get, in any of the languages given', () => {
    expect(isGeneratedName('Chart 12', 'chart')).toBe(true);
    expect(isGeneratedName('Gráfico 3', 'chart')).toBe(false);
    expect(isGeneratedName('Gráfico 3', 'chart', [SPANISH])).toBe(true);
    expect(isGeneratedName('Chart 3', 'chart', [SPANISH])).toBe(false);
    expect(isGeneratedName('Chart of sales', 'chart')).toBe(false);
    expect(isGeneratedName('Chart ', 'chart')).toBe(false);
    expect(isGeneratedName('Note 2', 'chart')).toBe(false);
    expect(isGeneratedName('Note 2', 'note')).toBe(true);
  });
});

describe('noteSlide', () => {
  it('is titled by the leading heading, which leaves the body', () => {
    expect(noteSlide(note('# Ventas\n\nBy **region**.'))).toEqual({ title: { kind: 'heading', text: 'Ventas' }, body: '\nBy **region**.' });
  });

  it('falls back to the note title: given by the person, or generated', () => {
    expect(noteSlide(note('Just text.', 'Context'))).toEqual({ title: { kind: 'given', text: 'Context' }, body: 'Just text.' });
    expect(noteSlide(note('Just text.', 'Nota 4'), [SPANISH]).title).toEqual({ kind: 'generated', text: 'Nota 4' });
  });
});

describe('chartSlideTitle', () => {
  it("uses the design's title first", () => {
    expect(chartSlideTitle(chart({ design: { mark: 'bar', title: ' Funding ', encoding: {} } }))).toEqual({ kind: 'given', text: 'Funding' });
  });

  it("uses a hand-edited spec's title (string, lines or { text })", () => {
    expect(chartSlideTitle(chart({ vegaLite: { title: 'From spec' } }))).toEqual({ kind: 'given', text: 'From spec' });
    expect(chartSlideTitle(chart({ vegaLite: { title: { text: ['Two', 'lines'] } } }))).toEqual({ kind: 'given', text: 'Two lines' });
    expect(chartSlideTitle(chart({ vegaLite: { title: { text: 7 } } })).kind).toBe('encoding');
  });

  it('uses a name the person gave the chart', () => {
    expect(chartSlideTitle(chart({ name: 'Sales by year' }))).toEqual({ kind: 'given', text: 'Sales by year' });
  });

  it('otherwise describes the encoding: measures by dimensions, tooltips left out', () => {
    const design = { mark: 'line' as const, encoding: { x: { field: 'date', timeUnit: 'month' as const }, y: { field: 'amount', aggregate: 'mean' as const, title: 'Average' }, color: { field: 'country' }, tooltip: { field: 'note' } } };
    expect(chartSlideTitle(chart({ design }))).toEqual({
      kind: 'encoding',
      mark: 'line',
      measures: [{ column: 'amount', aggregate: 'mean', title: 'Average' }],
      dimensions: [
        { column: 'date', timeUnit: 'month' },
        { column: 'country' },
      ],
    });
    expect(chartSlideTitle(chart({ design: { mark: 'bar', encoding: { x: { field: 'amount', bin: { maxbins: 10 } }, y: { aggregate: 'count' } } } }))).toEqual({
      kind: 'encoding',
      mark: 'bar',
      measures: [{ column: '', aggregate: 'count' }],
      dimensions: [{ column: 'amount', bin: true }],
    });
  });

  it("names a box plot's value column as its measure", () => {
    const design = { mark: 'boxplot' as const, encoding: { x: { field: 'region' }, y: { field: 'amount' } } };
    expect(chartSlideTitle(chart({ design }))).toMatchObject({ measures: [{ column: 'amount' }], dimensions: [{ column: 'region' }] });
  });

  it('keeps the generated name when nothing else exists', () => {
    expect(chartSlideTitle(chart({ design: { mark: 'bar', encoding: {} } }))).toEqual({ kind: 'generated', text: 'Chart 1' });
    expect(chartSlideTitle(chart({ name: 'Gráfico 1', design: { mark: 'bar', encoding: { x: {} } } }), [SPANISH])).toEqual({ kind: 'generated', text: 'Gráfico 1' });
  });
});

describe('presentationSlides', () => {
  it("lists the workspace's notes and charts in its order, without its queries", () => {
    let workspace = createWorkspace('Cooperación');
    workspace = addNote(workspace, '# Mérida\n\nUSD 400 million in 2008.');
    workspace = addChart(workspace, { kind: 'table', table: 'ventas' }, { mark: 'bar', encoding: { x: { field: 'region' }, y: { field: 'monto', aggregate: 'sum' } } });
    workspace = addQuery(addNote(workspace, 'No heading.'), 'SELECT 1');
    workspace = editNote(workspace, workspace.notes[1]?.id ?? '', { title: 'Context' });
    workspace = editChart(workspace, workspace.charts[0]?.id ?? '', {});
    const slides = presentationSlides(workspace);
    expect(slides.map((slide) => [slide.kind, slide.title])).toEqual([
      ['note', { kind: 'heading', text: 'Mérida' }],
      ['chart', { kind: 'encoding', mark: 'bar', measures: [{ column: 'monto', aggregate: 'sum' }], dimensions: [{ column: 'region' }] }],
      ['note', { kind: 'given', text: 'Context' }],
    ]);
    expect(slides[0]).toMatchObject({ body: '\nUSD 400 million in 2008.' });
  });
});
