/**
 * Which channels each mark offers, and how a design carries over when the
 * mark changes: a bar chart's categories become a pie's slices and its
 * measure their angle, and back; a map keys on the category.
 */
import type { Channel, ChartDesign, FieldDef, Mark } from './model';

const COMMON: Channel[] = ['color', 'opacity', 'row', 'column', 'tooltip', 'detail'];

export const CHANNELS_FOR: Record<Mark, Channel[]> = {
  bar: ['x', 'y', ...COMMON],
  line: ['x', 'y', 'size', ...COMMON],
  area: ['x', 'y', ...COMMON],
  point: ['x', 'y', 'size', 'shape', ...COMMON],
  tick: ['x', 'y', ...COMMON],
  rect: ['x', 'y', 'color', 'opacity', 'row', 'column', 'tooltip'],
  arc: ['theta', 'color', 'row', 'column', 'tooltip'],
  boxplot: ['x', 'y', 'color'],
  geoshape: ['geo', 'color', 'tooltip'],
};

const isMeasure = (def: FieldDef | undefined) => def?.aggregate !== undefined;

export function changeMark(design: ChartDesign, mark: Mark): ChartDesign {
  const from = design.encoding;
  const encoding: ChartDesign['encoding'] = { ...from };
  const measure = [from.theta, from.y, from.x, from.color].find(isMeasure);
  const category = [from.geo, from.x, from.y, from.color].find((def) => def !== undefined && !isMeasure(def) && def.field !== undefined);
  if (mark === 'arc') {
    encoding.theta = measure ?? { aggregate: 'count' };
    encoding.color = category ? { field: category.field } : from.color;
  } else if (mark === 'geoshape') {
    encoding.geo = category ? { field: category.field } : undefined;
    encoding.color = measure ?? { aggregate: 'count' };
  } else if (mark === 'boxplot') {
    // Box plots summarize raw numbers: the measure's column, not its aggregate.
    const number = measure?.field ?? [from.y, from.x].find((def) => def?.field !== undefined && !def.bin && !def.timeUnit && def !== category)?.field;
    encoding.x = category ? { field: category.field } : undefined;
    encoding.y = number ? { field: number } : undefined;
    encoding.color = undefined;
  } else if (design.mark === 'arc' || design.mark === 'geoshape') {
    encoding.x = category ? { field: category.field } : from.x;
    encoding.y = measure ?? { aggregate: 'count' };
    encoding.color = undefined;
  } else if (design.mark === 'boxplot' && from.y?.field) {
    encoding.y = { field: from.y.field, aggregate: 'mean' };
  }
  const allowed = CHANNELS_FOR[mark];
  const kept: ChartDesign['encoding'] = {};
  for (const [channel, def] of Object.entries(encoding) as [Channel, FieldDef | undefined][]) if (def && allowed.includes(channel)) kept[channel] = def;
  return { ...design, mark, encoding: kept };
}
