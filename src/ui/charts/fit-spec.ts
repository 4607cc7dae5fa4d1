/**
 * Sizes a compiled Vega-Lite spec to the space the builder gives it: the
 * whole chart (axes and legends included) fits the box, and narrow boxes get
 * their legend below the plot. Faceted charts keep Vega's own sizes, since
 * "fit" does not apply to them; a hand-edited spec keeps the size it sets.
 */
import type { VegaLiteSpec } from '../../lib/charts';

export interface Box {
  width: number;
  height: number;
}

/** Below this width a legend beside the plot leaves it too little room. */
const NARROW = 560;
const SMALLEST = 120;

export function fitSpec(spec: VegaLiteSpec | undefined, box: Box, handEdited = false): VegaLiteSpec | undefined {
  if (!spec || box.width < SMALLEST || box.height < SMALLEST) return spec;
  if (handEdited && ('width' in spec || 'height' in spec)) return spec;
  const encoding = (spec.encoding ?? {}) as Record<string, unknown>;
  if (encoding.row || encoding.column || 'facet' in spec || 'repeat' in spec || 'concat' in spec || 'hconcat' in spec || 'vconcat' in spec) return spec;
  const sized: VegaLiteSpec = { ...spec, width: Math.floor(box.width), height: Math.floor(box.height), autosize: { type: 'fit', contains: 'padding' } };
  const config = (spec.config ?? {}) as Record<string, unknown>;
  if (box.width < NARROW && config.legend === undefined) sized.config = { ...config, legend: { orient: 'bottom', direction: 'horizontal', columns: 2, labelLimit: 140 } };
  return sized;
}
