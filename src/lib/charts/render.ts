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

export async function drawChart(element: HTMLElement, spec: VegaLiteSpec, locale?: ChartLocale): Promise<DrawnChart> {
  // Loaded on first use: Vega is large and most sessions draw no chart.
  const [{ default: embed }, { expressionInterpreter }] = await Promise.all([import('vega-embed'), import('vega-interpreter')]);
  const result = await embed(element, spec as never, {
    actions: false,
    renderer: 'svg',
    ast: true,
    expr: expressionInterpreter,
    loader: { load: refuse, sanitize: refuse, http: refuse, file: refuse } as never,
    tooltip: true,
    config: { background: 'transparent' },
    ...(locale ? { formatLocale: locale.number, timeFormatLocale: locale.time } : {}),
  });
  return {
    toSvg: () => result.view.toSVG(),
    toPng: async (scale) => {
      const url = await result.view.toImageURL('png', scale);
      return (await fetch(url)).blob();
    },
    finalize: () => result.finalize(),
  };
}
