import { describe, expect, it } from 'vitest';
import { SELECTION_PARAM, UNSELECTED_OPACITY, signalValues, withSelection } from '../../src/lib/dashboards/selection-spec';
import type { SelectionField } from '../../src/lib/dashboards/selection-field';
import { sameExceptRows } from '../../src/lib/charts/render';

const bars = {
  data: { values: [{ country: 'COL', total: 3 }] },
  mark: { type: 'bar', tooltip: true },
  encoding: { x: { field: 'country', type: 'nominal' }, y: { field: 'total', type: 'quantitative' } },
};
const countries: SelectionField = { channel: 'x', field: 'country', kind: 'points', column: 'country', valueKind: 'text' };

const histogram = {
  data: { values: [{ year: 2000, year_end: 2002, n: 4 }] },
  mark: 'bar',
  encoding: { x: { field: 'year', type: 'quantitative', bin: { binned: true } }, x2: { field: 'year_end' }, y: { field: 'n', type: 'quantitative' } },
};
const years: SelectionField = { channel: 'x', field: 'year', kind: 'interval', bin: { maxbins: 20 }, column: 'year', binEnd: 'year_end', valueKind: 'number' };

describe('withSelection', () => {
  it('adds a click/shift-click point param on the category column and fades unselected marks', () => {
    const { spec, param } = withSelection(bars, countries);
    expect(param).toBe(SELECTION_PARAM);
    expect(spec.params).toEqual([{ name: SELECTION_PARAM, select: { type: 'point', fields: ['country'], on: 'click', clear: 'dblclick', toggle: 'event.shiftKey' } }]);
    expect((spec.encoding as Record<string, unknown>).opacity).toEqual({ condition: { param: SELECTION_PARAM, value: 1, empty: true }, value: UNSELECTED_OPACITY });
    expect(spec.mark).toEqual({ type: 'bar', tooltip: true, cursor: 'pointer' });
    // The input is not changed.
    expect('params' in bars).toBe(false);
  });

  it('shows a saved points selection as the initial value', () => {
    const { spec } = withSelection(bars, countries, { kind: 'points', table: 't', field: 'country', values: ['COL', 'MEX'] });
    expect((spec.params as { value?: unknown }[])[0]?.value).toEqual([{ country: 'COL' }, { country: 'MEX' }]);
  });

  it('ignores a saved selection on another column', () => {
    const { spec } = withSelection(bars, countries, { kind: 'points', table: 't', field: 'year', values: [2000] });
    expect((spec.params as { value?: unknown }[])[0]).not.toHaveProperty('value');
  });

  it('adds an x brush for an interval field, starting where the saved interval is', () => {
    const { spec, param } = withSelection(histogram, years, { kind: 'interval', table: 't', field: 'year', lo: 2004, hi: 2010, bin: { step: 2 } });
    expect(param).toBe(SELECTION_PARAM);
    expect(spec.params).toEqual([{ name: SELECTION_PARAM, select: { type: 'interval', encodings: ['x'] }, value: { x: [2004, 2010] } }]);
    // A brush does not fade marks: the grey band shows the selection.
    expect((spec.encoding as Record<string, unknown>).opacity).toBeUndefined();
  });

  it('gives a saved date interval as UTC DateTime objects', () => {
    const dates: SelectionField = { channel: 'x', field: 'day', kind: 'interval', column: 'day', valueKind: 'temporal' };
    const { spec } = withSelection({ ...histogram }, dates, { kind: 'interval', table: 't', field: 'day', lo: '2015-03-01', hi: '2015-04-01T12:00:00', includeHi: true });
    expect((spec.params as { value?: unknown }[])[0]?.value).toEqual({
      x: [
        { year: 2015, month: 3, date: 1, hours: 0, minutes: 0, seconds: 0, utc: true },
        { year: 2015, month: 4, date: 1, hours: 12, minutes: 0, seconds: 0, utc: true },
      ],
    });
  });

  it('leaves composite specs and missing selections alone', () => {
    const layered = { data: { values: [] }, layer: [] };
    expect(withSelection(layered, countries)).toEqual({ spec: layered });
    expect(withSelection(bars, undefined)).toEqual({ spec: bars });
    // An interval on colour cannot be brushed.
    expect(withSelection(bars, { ...years, channel: 'color' })).toEqual({ spec: bars });
  });
});

describe('signalValues', () => {
  it('reads the values of a point or interval signal, undefined when empty', () => {
    expect(signalValues({ country: ['COL', 'MEX'] })).toEqual(['COL', 'MEX']);
    expect(signalValues({ year: [2004, 2010] })).toEqual([2004, 2010]);
    expect(signalValues({})).toBeUndefined();
    expect(signalValues(null)).toBeUndefined();
    expect(signalValues({ country: [] })).toBeUndefined();
  });
});

describe('sameExceptRows', () => {
  it('is true only when the specs differ in their inline rows alone', () => {
    const other = { ...bars, data: { values: [{ country: 'MEX', total: 9 }] } };
    expect(sameExceptRows(bars, other)).toBe(true);
    expect(sameExceptRows(bars, { ...other, mark: 'point' })).toBe(false);
    expect(sameExceptRows(undefined, other)).toBe(false);
    expect(sameExceptRows(bars, { ...bars, data: { url: 'x' } })).toBe(false);
  });

  it('ignores where a selection param starts (the drawn view holds its live value), not the param itself', () => {
    const drawn = withSelection(bars, countries).spec;
    const selected = withSelection({ ...bars, data: { values: [] } }, countries, { kind: 'points', table: 't', field: 'country', values: ['COL'] }).spec;
    expect(sameExceptRows(drawn, selected)).toBe(true);
    // A brush instead of clicks is another chart.
    expect(sameExceptRows(drawn, withSelection(bars, { ...years, field: 'country', column: 'country' }).spec)).toBe(false);
    expect(sameExceptRows(drawn, bars)).toBe(false);
  });
});
