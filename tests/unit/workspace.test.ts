import { describe, expect, it } from 'vitest';
import {
  addChart,
  addDataset,
  addNote,
  addQuery,
  createWorkspace,
  editChart,
  editNote,
  moveItem,
  readWorkspace,
  removeChart,
  removeQuery,
  renameDataset,
  setHeaderRow,
  setQuerySql,
  UndoHistory,
  WorkspaceFormatError,
  type DatasetEntry,
} from '../../src/lib/workspace';

const HASH = `sha256:${'ab'.repeat(32)}`;

function dataset(id: string, table: string): DatasetEntry {
  return { id, table, fileName: `${table}.csv`, format: 'csv', size: 10, hash: HASH, columns: [{ name: 'a', type: 'VARCHAR' }], rowCount: 1, fixes: [] };
}

describe('workspace document', () => {
  it('round-trips every kind of item through JSON and validation', () => {
    let workspace = addDataset(createWorkspace('Trip'), dataset('d1', 'sales'));
    workspace = addNote(addQuery(workspace, 'FROM sales'), '# Hello');
    workspace = moveItem(workspace, workspace.order[2]!, -1);
    workspace = addChart(workspace, { kind: 'table', table: 'sales' }, { mark: 'bar', encoding: { x: { field: 'a', sort: 'descending' }, y: { aggregate: 'count', scale: 'log', title: 'rows' } }, stack: 'normalize', limit: 10, title: 'Sales' });
    workspace = addChart(workspace, { kind: 'query', queryId: workspace.activeQueryId }, { mark: 'rect', encoding: { x: { field: 'n', bin: { maxbins: 30 } }, y: { field: 'd', timeUnit: 'month' }, color: { aggregate: 'mean', field: 'n', format: 'compact', zero: false } } });
    workspace = editChart(workspace, workspace.charts[1]!.id, { vegaLite: { mark: { type: 'rect', color: 'red' } } });
    expect(readWorkspace(JSON.parse(JSON.stringify(workspace)))).toEqual(workspace);
  });

  it('keeps the part of a file a dataset was loaded with (columns, sample), and nothing else of it', () => {
    const part: DatasetEntry = { ...dataset('d1', 'ventas'), subset: { columns: ['región', 'a"b'], samplePercent: 12.5 } };
    const read = readWorkspace(JSON.parse(JSON.stringify(addDataset(createWorkspace('Parte'), part))));
    expect(read.datasets[0]).toEqual(part);
    const padded = readWorkspace(JSON.parse(JSON.stringify(addDataset(createWorkspace('Parte'), { ...part, subset: { samplePercent: 5, extra: 1, ['__proto__']: { bad: true } } as never }))));
    expect(padded.datasets[0]?.subset).toEqual({ samplePercent: 5 });
    // A part that cuts nothing is the whole file.
    const empty = readWorkspace(JSON.parse(JSON.stringify(addDataset(createWorkspace('Parte'), { ...part, subset: {} }))));
    expect(empty.datasets[0]).not.toHaveProperty('subset');
  });

  it("keeps a sheet's header row, and reads the sheet with another one as a new recipe", () => {
    const sheet: DatasetEntry = { ...dataset('d1', 'informe'), fileName: 'informe.xlsx', format: 'xlsx', sheet: 'Informe', headerRow: 4, fixes: [{ column: 'a', options: { target: 'number', decimal: ',', dateOrder: 'dmy' } }] };
    const workspace = addDataset(createWorkspace('Hojas'), sheet);
    expect(readWorkspace(JSON.parse(JSON.stringify(workspace))).datasets[0]).toEqual(sheet);
    const columns = [{ name: 'país', type: 'VARCHAR' }];
    const changed = setHeaderRow(workspace, 'informe', 5, columns, 2);
    // The fixes named columns of the old reading.
    expect(changed.datasets[0]).toEqual({ ...sheet, headerRow: 5, columns, rowCount: 2, fixes: [] });
    expect(setHeaderRow(changed, 'informe', 5, columns, 2)).toBe(changed);
    // So did a part chosen of it (a link may carry one for a sheet): the new reading is of the whole sheet.
    const part = addDataset(createWorkspace('Hojas'), { ...sheet, subset: { columns: ['a'] } });
    expect(setHeaderRow(part, 'informe', 5, columns, 2).datasets[0]).not.toHaveProperty('subset');
    // Only a sheet has a header row to choose.
    const csv = addDataset(createWorkspace('CSV'), dataset('d2', 'ventas'));
    expect(setHeaderRow(csv, 'ventas', 2, columns, 1)).toBe(csv);
  });

  it('keeps charts on their table when it is renamed, and edits them as undoable documents', () => {
    let workspace = addDataset(createWorkspace('Charts'), dataset('d1', 'sales'));
    workspace = addChart(workspace, { kind: 'table', table: 'sales' }, { mark: 'bar', encoding: { x: { field: 'a' } } });
    const id = workspace.charts[0]!.id;
    expect(workspace.order.at(-1)).toEqual({ kind: 'chart', id });
    const renamed = renameDataset(workspace, 'sales', 'ventas');
    expect(renamed.charts[0]!.source).toEqual({ kind: 'table', table: 'ventas' });
    const edited = editChart(renamed, id, { vegaLite: { mark: 'bar' } });
    expect(edited.charts[0]!.vegaLite).toEqual({ mark: 'bar' });
    expect(editChart(edited, id, { vegaLite: undefined }).charts[0]).not.toHaveProperty('vegaLite');
    expect(editChart(edited, id, { name: edited.charts[0]!.name })).toBe(edited);
    const removed = removeChart(edited, id);
    expect(removed.charts).toEqual([]);
    expect(removed.order.some((ref) => ref.kind === 'chart')).toBe(false);
  });

  it.each<[string, (w: Record<string, unknown>) => unknown, string, WorkspaceFormatError['problem']['code']]>([
    ['a newer format', (w: Record<string, unknown>) => ({ ...w, format: 99 }), 'format', 'newerFormat'],
    ['a list that is not one', (w: Record<string, unknown>) => ({ ...w, notes: {} }), 'notes', 'list'],
    ['a malformed hash', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), hash: 'md5:x' }] }), 'datasets[0].hash', 'hash'],
    ['a huge number', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), size: 1e300 }] }), 'datasets[0].size', 'count'],
    ['an order naming a missing item', (w: Record<string, unknown>) => ({ ...w, order: [{ kind: 'note', id: 'nope' }] }), 'order', 'unknownItem'],
    ['a header row of zero', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), sheet: 'S', headerRow: 0 }] }), 'datasets[0].headerRow', 'range'],
    ['a header row past the last sheet row', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), sheet: 'S', headerRow: 1_048_577 }] }), 'datasets[0].headerRow', 'range'],
    ['a header row that is not a whole number', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), sheet: 'S', headerRow: '4' }] }), 'datasets[0].headerRow', 'count'],
    ['a part with no columns', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), subset: { columns: [] } }] }), 'datasets[0].subset.columns', 'empty'],
    ['a part naming a column that is not text', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), subset: { columns: ['a', 7] } }] }), 'datasets[0].subset.columns[1]', 'text'],
    ['a sample of 0 %', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), subset: { samplePercent: 0 } }] }), 'datasets[0].subset.samplePercent', 'range'],
    ['a sample of 100 %', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), subset: { samplePercent: 100 } }] }), 'datasets[0].subset.samplePercent', 'range'],
    ['a sample below its smallest', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), subset: { samplePercent: 1e-9 } }] }), 'datasets[0].subset.samplePercent', 'range'],
    ['a sample given as text', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), subset: { samplePercent: '10); DROP TABLE t; --' } }] }), 'datasets[0].subset.samplePercent', 'range'],
    ['a part naming one column twice, in two cases', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), subset: { columns: ['Monto', 'monto'] } }] }), 'datasets[0].subset.columns', 'duplicateId'],
    ['a part that is not an object', (w: Record<string, unknown>) => ({ ...w, datasets: [{ ...dataset('d1', 't'), subset: ['a'] }] }), 'datasets[0].subset', 'object'],
    ['two tables with one name', (w: Record<string, unknown>) => ({ ...w, datasets: [dataset('d1', 'T'), dataset('d2', 't')] }), 'datasets', 'duplicateTable'],
    ['an unknown mark', (w: Record<string, unknown>) => ({ ...w, charts: [{ id: 'c1', name: 'x', source: { kind: 'table', table: 't' }, design: { mark: 'image', encoding: {} } }], order: [...(w.order as unknown[]), { kind: 'chart', id: 'c1' }] }), 'charts[0].design.mark', 'oneOf'],
    ['an unknown channel', (w: Record<string, unknown>) => ({ ...w, charts: [{ id: 'c1', name: 'x', source: { kind: 'table', table: 't' }, design: { mark: 'bar', encoding: { href: { field: 'a' } } } }], order: [...(w.order as unknown[]), { kind: 'chart', id: 'c1' }] }), 'charts[0].design.encoding', 'oneOf'],
    ['too many bins', (w: Record<string, unknown>) => ({ ...w, charts: [{ id: 'c1', name: 'x', source: { kind: 'table', table: 't' }, design: { mark: 'bar', encoding: { x: { field: 'a', bin: { maxbins: 5000 } } } } }], order: [...(w.order as unknown[]), { kind: 'chart', id: 'c1' }] }), 'charts[0].design.encoding.x.bin.maxbins', 'range'],
    ['a chart source of another kind', (w: Record<string, unknown>) => ({ ...w, charts: [{ id: 'c1', name: 'x', source: { kind: 'url', url: 'http://x' }, design: { mark: 'bar', encoding: {} } }], order: [...(w.order as unknown[]), { kind: 'chart', id: 'c1' }] }), 'charts[0].source.kind', 'oneOf'],
    ['deep nesting in a chart', (w: Record<string, unknown>) => {
      let spec: Record<string, unknown> = {};
      for (let i = 0; i < 100; i++) spec = { a: spec };
      return { ...w, charts: [{ id: 'c1', name: 'x', source: { kind: 'table', table: 't' }, design: { mark: 'bar', encoding: {} }, vegaLite: spec }], order: [...(w.order as unknown[]), { kind: 'chart', id: 'c1' }] };
    }, 'charts[0].vegaLite', 'tooDeep'],
  ])('refuses %s, naming the field', (_, change, field, code) => {
    const workspace = createWorkspace('Bad') as unknown as Record<string, unknown>;
    let error: unknown;
    try {
      readWorkspace(change(workspace));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkspaceFormatError);
    expect(error).toMatchObject({ field, problem: { code } });
  });

  it('drops unknown keys, __proto__ included, instead of carrying them into the app', () => {
    const workspace = createWorkspace('Proto');
    const hostile = JSON.parse(JSON.stringify(workspace).replace('{', '{"__proto__":{"polluted":true},"extra":1,'));
    const read = readWorkspace(hostile);
    expect(read).toEqual(workspace);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
  });
});

describe('undo history', () => {
  it('merges typing in one query into one step, and undoes and redoes whole documents', () => {
    const history = new UndoHistory();
    const start = createWorkspace('Undo');
    const id = start.activeQueryId;
    const typed1 = setQuerySql(start, id, 'SEL');
    history.record('Edit query', start, typed1, `sql:${id}`, 1000);
    const typed2 = setQuerySql(typed1, id, 'SELECT 1');
    history.record('Edit query', typed1, typed2, `sql:${id}`, 1500);
    const withNote = addNote(typed2);
    history.record('Add note', typed2, withNote, undefined, 1600);
    const later = setQuerySql(withNote, id, 'SELECT 2');
    history.record('Edit query', withNote, later, `sql:${id}`, 1700);

    expect(history.undo()?.before).toBe(withNote);
    expect(history.undo()?.before).toBe(typed2);
    expect(history.undo()?.before).toBe(start);
    expect(history.undo()).toBeUndefined();
    expect(history.redo()?.after).toBe(typed2);
    history.record('Remove query', typed2, removeQuery(addQuery(typed2), id));
    expect(history.redo()).toBeUndefined();
  });

  it('keeps editing a note separate from a pause-separated edit', () => {
    const history = new UndoHistory();
    const start = addNote(createWorkspace('Notes'));
    const noteId = start.notes[0]!.id;
    const a = editNote(start, noteId, { markdown: 'a' });
    history.record('Edit note', start, a, `note:${noteId}`, 0);
    const b = editNote(a, noteId, { markdown: 'ab' });
    history.record('Edit note', a, b, `note:${noteId}`, 5000);
    expect(history.undo()?.before).toBe(a);
  });
});

describe('note Markdown', () => {
  it('reads headings, lists, emphasis, code and safe links into a tree, leaving HTML as text', async () => {
    const { parseMarkdown } = await import('../../src/lib/workspace');
    const blocks = parseMarkdown('# Title\n\nSee **bold** and [site](https://example.org) or [bad](javascript:alert(1)).\n\n- one\n- `two`\n\n<b>raw</b>');
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, children: [{ kind: 'text', text: 'Title' }] },
      {
        kind: 'paragraph',
        children: [
          { kind: 'text', text: 'See ' },
          { kind: 'strong', children: [{ kind: 'text', text: 'bold' }] },
          { kind: 'text', text: ' and ' },
          { kind: 'link', href: 'https://example.org', children: [{ kind: 'text', text: 'site' }] },
          { kind: 'text', text: ' or [bad](javascript:alert(1)).' },
        ],
      },
      {
        kind: 'list',
        ordered: false,
        start: 1,
        tight: true,
        items: [[{ kind: 'paragraph', children: [{ kind: 'text', text: 'one' }] }], [{ kind: 'paragraph', children: [{ kind: 'code', text: 'two' }] }]],
      },
      { kind: 'paragraph', children: [{ kind: 'text', text: '<b>raw</b>' }] },
    ]);
  });
});
