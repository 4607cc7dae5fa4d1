/**
 * What each slide of a presented workspace is titled by, as data: a note by
 * its leading heading (taken out of the body it is shown above), a chart by
 * its own title or by what it draws ("sum of amount by year"). lib has no
 * words for the person: the UI words the encoding parts and the fallbacks.
 */
import type { DashboardItem } from '../dashboards/model';
import type { Aggregate, Channel, ChartDesign, FieldDef, Mark, TimeUnit } from '../charts/model';
import { ENGLISH_ITEM_NAMES, type ItemNames } from './commands';
import { parseMarkdown, type Inline } from './markdown';
import type { ChartItem, ItemKind, NoteItem, Workspace } from './types';

/** One field of a chart as its title is worded: its column and how it is summarized, or the title the person gave it. */
export interface TitleField {
  column: string;
  aggregate?: Aggregate;
  bin?: boolean;
  timeUnit?: TimeUnit;
  title?: string;
}

export type SlideTitle =
  /** The note's leading heading, as plain text. */
  | { kind: 'heading'; text: string }
  /** A title the person wrote: the chart design's or its Vega-Lite spec's, or an item's own name. */
  | { kind: 'given'; text: string }
  /** What a chart draws: its measures by its dimensions (either list may be empty, not both). */
  | { kind: 'encoding'; mark: Mark; measures: TitleField[]; dimensions: TitleField[] }
  /** Nothing better: the name the item got when it was made ("Chart 1"). */
  | { kind: 'generated'; text: string };

export type PresentedSlide =
  | { kind: 'note'; id: string; title: SlideTitle; body: string }
  | { kind: 'chart'; id: string; title: SlideTitle; chart: ChartItem }
  | { kind: 'dashboard'; id: string; title: SlideTitle; dashboard: DashboardItem };

/** The most characters looked at for a note's leading heading: notes can be millions of characters long. */
const HEADING_WINDOW = 4_000;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const NUMBER_MARK = '987654321';

/** The slides of a workspace in its order: its notes, charts and dashboards (queries are not presented). */
export function presentationSlides(workspace: Workspace, namings: ItemNames[] = [ENGLISH_ITEM_NAMES]): PresentedSlide[] {
  return workspace.order.flatMap((ref): PresentedSlide[] => {
    if (ref.kind === 'note') {
      const note = workspace.notes.find((candidate) => candidate.id === ref.id);
      return note ? [{ kind: 'note', id: note.id, ...noteSlide(note, namings) }] : [];
    }
    if (ref.kind === 'chart') {
      const chart = workspace.charts.find((candidate) => candidate.id === ref.id);
      return chart ? [{ kind: 'chart', id: chart.id, title: chartSlideTitle(chart, namings), chart }] : [];
    }
    if (ref.kind === 'dashboard') {
      const dashboard = workspace.dashboards?.find((candidate) => candidate.id === ref.id);
      return dashboard ? [{ kind: 'dashboard', id: dashboard.id, title: named(dashboard.name, 'dashboard', namings), dashboard }] : [];
    }
    return [];
  });
}

/** A note's slide: titled by its leading heading, which then leaves the body; else by the note's name. */
export function noteSlide(note: NoteItem, namings: ItemNames[] = [ENGLISH_ITEM_NAMES]): { title: SlideTitle; body: string } {
  const heading = leadingHeading(note.markdown);
  if (heading) return { title: { kind: 'heading', text: heading.text }, body: heading.rest };
  return { title: named(note.title, 'note', namings), body: note.markdown };
}

/**
 * A chart's slide title: the design's title, else the title of its
 * hand-edited Vega-Lite spec, else a name the person gave it, else what it
 * draws, else the name it was made with.
 */
export function chartSlideTitle(chart: ChartItem, namings: ItemNames[] = [ENGLISH_ITEM_NAMES]): SlideTitle {
  const given = chart.design.title?.trim() || specTitle(chart.vegaLite);
  if (given) return { kind: 'given', text: given };
  const name = named(chart.name, 'chart', namings);
  if (name.kind === 'given') return name;
  return encodingTitle(chart.design) ?? name;
}

/**
 * The heading a note starts with (ATX "# Title" or a Setext underlined
 * one) as plain text, and the note without it. Only a heading that opens the
 * note counts: one further down belongs to the body's structure.
 */
export function leadingHeading(markdown: string): { text: string; rest: string } | undefined {
  const start = markdown.slice(0, HEADING_WINDOW);
  const lines = start.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0) return undefined;
  const end = headingEnd(lines, first);
  if (end === undefined) return undefined;
  const source = lines.slice(first, end + 1).join('\n');
  const block = parseMarkdown(source)[0];
  if (block?.kind !== 'heading') return undefined;
  const text = plainText(block.children).replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  const consumed = lines.slice(0, end + 1).join('\n').length;
  return { text, rest: markdown.slice(consumed).replace(/^[ \t]*\r?\n/, '') };
}

/** True when `name` is what a new item of this kind is called in one of `namings` ("Chart 3", "Gráfico 3"). */
export function isGeneratedName(name: string, kind: ItemKind, namings: ItemNames[] = [ENGLISH_ITEM_NAMES]): boolean {
  return namings.some((names) => {
    const [before = '', after = ''] = names[kind](Number(NUMBER_MARK)).split(NUMBER_MARK);
    if (!name.startsWith(before) || !name.endsWith(after) || name.length <= before.length + after.length) return false;
    return /^\d+$/.test(name.slice(before.length, name.length - after.length));
  });
}

/** The last line of the heading that opens `lines` at `first`, if it is one. */
function headingEnd(lines: string[], first: number): number | undefined {
  if (ATX_HEADING.test(lines[first] ?? '')) return first;
  // A Setext heading: paragraph lines, then a line of = or -, with no blank line between.
  for (let index = first + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') return undefined;
    if (SETEXT_UNDERLINE.test(line)) return index;
  }
  return undefined;
}

function plainText(inlines: Inline[]): string {
  return inlines
    .map((inline) => {
      if (inline.kind === 'text' || inline.kind === 'code') return inline.text;
      if (inline.kind === 'break') return ' ';
      return plainText(inline.children);
    })
    .join('');
}

function named(name: string, kind: ItemKind, namings: ItemNames[]): SlideTitle {
  const text = name.trim();
  return isGeneratedName(text, kind, namings) || !text ? { kind: 'generated', text } : { kind: 'given', text };
}

/** A hand-edited spec's title: a string, a list of lines, or `{ text }`. */
function specTitle(spec: Record<string, unknown> | undefined): string {
  const title = spec?.title;
  const text = typeof title === 'object' && title !== null && !Array.isArray(title) ? (title as { text?: unknown }).text : title;
  if (typeof text === 'string') return text.trim();
  if (Array.isArray(text)) return text.filter((line) => typeof line === 'string').join(' ').trim();
  return '';
}

/**
 * What a chart draws, in the order its description names it (compile-spec's
 * describeChart): summarized fields are measures, the rest dimensions; a box
 * plot's measure is its value column. Tooltips are not part of it.
 */
function encodingTitle(design: ChartDesign): SlideTitle | undefined {
  const entries = Object.entries(design.encoding).filter((entry): entry is [Channel, FieldDef] => entry[1] !== undefined && entry[0] !== 'tooltip');
  const boxValue = design.mark === 'boxplot' ? boxValueChannel(design) : undefined;
  const isMeasure = ([channel, def]: [Channel, FieldDef]) => def.aggregate !== undefined || channel === boxValue;
  const usable = entries.filter(([, def]) => def.field !== undefined || def.aggregate === 'count' || def.title);
  const measures = usable.filter(isMeasure).map(([, def]) => titleField(def));
  const dimensions = usable.filter((entry) => !isMeasure(entry)).map(([, def]) => titleField(def));
  if (measures.length === 0 && dimensions.length === 0) return undefined;
  return { kind: 'encoding', mark: design.mark, measures, dimensions };
}

function boxValueChannel(design: ChartDesign): Channel | undefined {
  const plain = (def: FieldDef | undefined) => def?.field !== undefined && !def.aggregate && !def.bin;
  if (plain(design.encoding.y)) return 'y';
  return plain(design.encoding.x) ? 'x' : undefined;
}

function titleField(def: FieldDef): TitleField {
  return {
    column: def.field ?? '',
    ...(def.aggregate ? { aggregate: def.aggregate } : {}),
    ...(def.bin ? { bin: true } : {}),
    ...(def.timeUnit ? { timeUnit: def.timeUnit } : {}),
    ...(def.title?.trim() ? { title: def.title.trim() } : {}),
  };
}
