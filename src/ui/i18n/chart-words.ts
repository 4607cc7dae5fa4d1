/**
 * A chart's words in the interface's language: the titles of fields the
 * person did not title, box plot parts, and the one-line description that
 * labels the chart for screen readers and names "Show me" suggestions.
 */
import type { Aggregate, ChartWords, Mark } from '../../lib/charts';
import { formatList } from './format';
import { TIME_UNIT_LABELS } from './labels';
import { m } from './paraglide/messages.js';

type Titled = (inputs: { field: string }) => string;

const AGGREGATE_TITLES: Record<Exclude<Aggregate, 'count'>, Titled> = {
  sum: m.chart_title_sum,
  mean: m.chart_title_mean,
  median: m.chart_title_median,
  min: m.chart_title_min,
  max: m.chart_title_max,
  distinct: m.chart_title_distinct,
};

/** The kind of chart, as a description starts ("Gráfico de barras: …"). */
const CHART_KINDS: Record<Mark, () => string> = {
  bar: m.chart_kind_bar,
  line: m.chart_kind_line,
  area: m.chart_kind_area,
  point: m.chart_kind_point,
  tick: m.chart_kind_tick,
  rect: m.chart_kind_rect,
  arc: m.chart_kind_arc,
  boxplot: m.chart_kind_boxplot,
  geoshape: m.chart_kind_geoshape,
};

const BOX_PARTS: Record<'upper' | 'q3' | 'median' | 'q1' | 'lower', Titled> = {
  upper: m.chart_box_upper,
  q3: m.chart_box_q3,
  median: m.chart_title_median,
  q1: m.chart_box_q1,
  lower: m.chart_box_lower,
};

export const CHART_WORDS: ChartWords = {
  fieldTitle({ column, aggregate, bin, timeUnit }) {
    if (aggregate === 'count') return m.chart_aggregate_count();
    if (aggregate) return AGGREGATE_TITLES[aggregate]({ field: column });
    if (bin) return m.chart_title_binned({ field: column });
    if (timeUnit) return m.chart_title_time_unit({ field: column, unit: TIME_UNIT_LABELS[timeUnit]() });
    return column;
  },
  binEnd: (title) => m.chart_title_bin_end({ title }),
  boxPart: (part, column) => BOX_PARTS[part]({ field: column }),
  boxOutliers: () => m.chart_box_outliers(),
  country: () => m.chart_title_country(),
  describe(mark, measures, dimensions) {
    const kind = CHART_KINDS[mark]();
    if (measures.length > 0 && dimensions.length > 0) return m.chart_description_by({ kind, measures: formatList(measures), dimensions: formatList(dimensions) });
    if (measures.length > 0) return m.chart_description({ kind, fields: formatList(measures) });
    const [first = '', ...others] = dimensions;
    if (others.length === 0) return m.chart_description({ kind, fields: first });
    return m.chart_description_against({ kind, first, others: formatList(others) });
  },
};
