/**
 * Draws a Vega-Lite spec in an element — the one file that touches Vega.
 * CSP-safe: Vega's expressions run through its interpreter (`ast` +
 * `vega-interpreter`), never `new Function`; and the loader refuses every
 * URL, so a spec cannot fetch data, images or anything else.
 */
import type { VegaLiteSpec } from './compile-spec';

export interface DrawnChart {
  /** SVG markup of the chart as drawn. */
  toSvg(): Promise<string>;
  /** A PNG of the chart at `scale` times its size. */
  toPng(scale: number): Promise<Blob>;
  finalize(): void;
  /** The spec as given to drawChart (rows inline), for sameExceptRows. */
  spec?: VegaLiteSpec;
  /**
   * Puts new rows into the drawn chart with a changeset instead of drawing it
   * again (a new embed takes 100–600 ms; this keeps a brush where it is).
   */
  replaceRows?(values: unknown[]): Promise<void>;
}

/** The name the inline rows get when drawn, so that replaceRows can find them. */
export const ROWS_DATASET = 'atalaya_rows';

/** Listening to a drawn chart's selection params: their Vega signals, by name. */
export interface DrawOptions {
  signals?: string[];
  onSignal?: (name: string, value: unknown) => void;
}

function inlineRows(spec: VegaLiteSpec): unknown[] | undefined {
  const data = spec.data as { values?: unknown } | undefined;
  return data && Array.isArray(data.values) ? data.values : undefined;
}

/**
 * True when `next` differs from `drawn` only in its inline rows (and the
 * initial values of its params: the drawn view holds its params' live values,
 * which a redraw would only start from): then replaceRows can show it.
 */
export function sameExceptRows(drawn: VegaLiteSpec | undefined, next: VegaLiteSpec): boolean {
  if (!drawn || !inlineRows(drawn) || !inlineRows(next) || 'datasets' in next) return false;
  const paramsWithoutValues = (params: unknown) =>
    Array.isArray(params)
      ? params.map((param: unknown) => {
          const rest = { ...(param as Record<string, unknown>) };
          delete rest.value;
          return rest;
        })
      : params;
  const strip = (spec: VegaLiteSpec) => JSON.stringify({ ...spec, data: { ...(spec.data as object), values: null }, params: paramsWithoutValues(spec.params) });
  return strip(drawn) === strip(next);
}

/** The spec with its inline rows as a named dataset (the rows themselves are unchanged). */
function withNamedRows(spec: VegaLiteSpec): VegaLiteSpec {
  const values = inlineRows(spec);
  if (!values || 'datasets' in spec) return spec;
  const rest = { ...(spec.data as Record<string, unknown>) };
  delete rest.values;
  return { ...spec, data: { ...rest, name: ROWS_DATASET }, datasets: { [ROWS_DATASET]: values } };
}

const refuse = () => Promise.reject(new Error('Charts in Atalaya draw only the rows computed for them; they never load URLs.'));

/**
 * How Vega writes numbers and dates on axes and in tooltips: d3-format and
 * d3-time-format locale definitions (the UI makes them for its language).
 */
export interface ChartLocale {
  number: { decimal: string; thousands: string; grouping: number[]; currency: [string, string] };
  time: { dateTime: string; date: string; time: string; periods: [string, string]; days: string[]; shortDays: string[]; months: string[]; shortMonths: string[] };
}

export async function drawChart(element: HTMLElement, spec: VegaLiteSpec, locale?: ChartLocale, options: DrawOptions = {}): Promise<DrawnChart> {
  // Loaded on first use: Vega is large and most sessions draw no chart.
  const [{ default: embed }, { expressionInterpreter }] = await Promise.all([import('vega-embed'), import('vega-interpreter')]);
  const named = withNamedRows(spec);
  const result = await embed(element, named as never, {
    actions: false,
    renderer: 'svg',
    ast: true,
    expr: expressionInterpreter,
    loader: { load: refuse, sanitize: refuse, http: refuse, file: refuse } as never,
    tooltip: true,
    config: { background: 'transparent' },
    ...(locale ? { formatLocale: locale.number, timeFormatLocale: locale.time } : {}),
  });
  for (const name of options.signals ?? []) {
    const onSignal = options.onSignal;
    if (onSignal) result.view.addSignalListener(name, (signal: string, value: unknown) => onSignal(signal, value));
  }
  return {
    toSvg: () => result.view.toSVG(),
    toPng: async (scale) => {
      const url = await result.view.toImageURL('png', scale);
      return (await fetch(url)).blob();
    },
    finalize: () => result.finalize(),
    spec,
    replaceRows: async (values) => {
      if (named === spec) throw new Error('replaceRows: this chart has no inline rows');
      await result.view.data(ROWS_DATASET, values as object[]).runAsync();
    },
  };
}
