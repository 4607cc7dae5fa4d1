/**
 * Makes a Vega-Lite spec from someone else safe to draw: no data loaded from
 * URLs, no links (`href`), no images (which load URLs), no custom loaders.
 * Returns the cleaned spec and what was removed, for the protected view.
 */
export interface SanitizedSpec {
  spec: Record<string, unknown>;
  removed: string[];
}

const DROPPED_KEYS = new Set(['href', 'url', 'loader', 'usermeta']);

export function sanitizeVegaLite(spec: Record<string, unknown>): SanitizedSpec {
  const removed: string[] = [];
  const clean = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => clean(item, `${path}[${index}]`)).filter((item) => item !== DROP);
    if (typeof value !== 'object' || value === null) return value;
    const record = value as Record<string, unknown>;
    if (isImageMark(record.mark)) {
      removed.push(`${path || 'spec'}: image mark`);
      return DROP;
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(record)) {
      if (DROPPED_KEYS.has(key) || (key === 'data' && isUrlData(child))) {
        removed.push(path ? `${path}.${key}` : key);
        continue;
      }
      const cleaned = clean(child, path ? `${path}.${key}` : key);
      if (cleaned !== DROP) out[key] = cleaned;
    }
    return out;
  };
  const result = clean(spec, '');
  return { spec: (result === DROP ? {} : result) as Record<string, unknown>, removed };
}

const DROP = Symbol('drop');

function isImageMark(mark: unknown): boolean {
  return mark === 'image' || (typeof mark === 'object' && mark !== null && (mark as { type?: unknown }).type === 'image');
}

function isUrlData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'url' in data;
}
