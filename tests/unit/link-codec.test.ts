import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeWorkspaceLink, encodeWorkspaceLink, LinkError, MAX_LINK_CHARS, type LinkProblem } from '../../src/lib/share';
import { toBase64Url } from '../../src/lib/share/link-codec';
import { addChart, addDataset, addNote, addQuery, contentHash, createWorkspace, editChart, type DatasetEntry, type Workspace } from '../../src/lib/workspace';

const SMALL_CSV = 'year,amount_usd_millions\n2008,400\n2009,300\n2010,175\n';

async function dataset(table: string, text: string, extra: Partial<DatasetEntry> = {}): Promise<DatasetEntry> {
  const blob = new Blob([text]);
  return { id: `d_${table}`, table, fileName: `${table}.csv`, format: 'csv', size: blob.size, hash: await contentHash(blob), columns: [{ name: 'year', type: 'BIGINT' }], rowCount: 3, fixes: [], ...extra };
}

/** A workspace with a sample, a small dataset (inline) and a large one (by reference). */
async function richWorkspace(): Promise<{ workspace: Workspace; files: Map<string, Blob> }> {
  const large = 'id,label\n' + Array.from({ length: 60_000 }, (_, i) => `${i},${Math.sin(i)}`).join('\n');
  const small = await dataset('merida', SMALL_CSV);
  const big = await dataset('orders', large);
  const sample = await dataset('carsi_budget', 'x', { sampleId: 'carsi_budget' });
  let workspace = addDataset(addDataset(addDataset(createWorkspace('Mérida — shared'), small), big), sample);
  workspace = addNote(addQuery(workspace, 'SELECT sum(amount_usd_millions) FROM merida'), '# Mérida\n\n**USD** millions');
  workspace = addChart(workspace, { kind: 'query', queryId: workspace.activeQueryId }, { mark: 'bar', encoding: { x: { field: 'year', sort: 'descending' }, y: { field: 'amount_usd_millions', aggregate: 'sum', scale: 'log' } }, title: 'Mérida' });
  workspace = editChart(workspace, workspace.charts[0]!.id, { vegaLite: { mark: { type: 'bar', color: '#d62728' }, encoding: { x: { field: 'x_0', type: 'ordinal' } } } });
  return { workspace, files: new Map([[small.hash, new Blob([SMALL_CSV])], [big.hash, new Blob([large])]]) };
}

async function encode(workspace: Workspace, files = new Map<string, Blob>()): Promise<string> {
  return encodeWorkspaceLink(workspace, async (entry) => files.get(entry.hash));
}

/** A well-formed link around any JSON value: the checksum is right, so the content is what is tested. */
async function linkAround(value: unknown): Promise<string> {
  const payload = deflateSync(strToU8(typeof value === 'string' ? value : JSON.stringify(value)));
  const check = new Uint8Array(await crypto.subtle.digest('SHA-256', payload)).subarray(0, 9);
  return `1.${toBase64Url(payload)}.${toBase64Url(check)}`;
}

async function problemOf(fragment: string | Promise<string>): Promise<LinkProblem> {
  const error = await decodeWorkspaceLink(await fragment).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LinkError);
  return (error as LinkError).problem;
}

describe('workspace links', () => {
  it('round-trips a workspace exactly: samples by reference, small data inline, large data by name, schema and hash', async () => {
    const { workspace, files } = await richWorkspace();
    const link = await encode(workspace, files);
    expect(link).toMatch(/^1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{12}$/);
    const decoded = await decodeWorkspaceLink(link);
    expect(decoded.workspace).toEqual(workspace);
    expect([...decoded.inline.keys()]).toEqual([workspace.datasets[0]!.hash]);
    expect(await decoded.inline.get(workspace.datasets[0]!.hash)!.text()).toBe(SMALL_CSV);
    expect(decoded.missing.map((entry) => entry.table)).toEqual(['orders']);
  });

  it.each<[string, (link: string) => string | Promise<string>, LinkProblem['kind']]>([
    ['empty', () => '', 'empty'],
    ['truncated', (link) => link.slice(0, Math.floor(link.length / 2)), 'malformed'],
    ['truncated inside the payload', (link) => link.replace(/\.[^.]+\./, (m) => `${m.slice(0, -20)}.`), 'checksum'],
    ['tampered', (link) => link.replace(/\.(.)/, (_, c: string) => `.${c === 'A' ? 'B' : 'A'}`), 'checksum'],
    ['from a newer version', (link) => link.replace(/^1\./, '2.'), 'version'],
    ['not base64url', (link) => link.replace(/\.[^.]+\./, '.%%%%.'), 'checksum'],
    ['oversized', () => `1.${'A'.repeat(MAX_LINK_CHARS)}.AAAA`, 'tooLong'],
  ])('detects a link that is %s, and reads nothing', async (_, change, kind) => {
    const { workspace, files } = await richWorkspace();
    expect((await problemOf(change(await encode(workspace, files)))).kind).toBe(kind);
  });

  it.each<[string, () => unknown, LinkProblem['kind'], RegExp?]>([
    ['not an object', () => 42, 'corrupt'],
    ['an invalid workspace', () => ({ workspace: { ...createWorkspace('x'), queries: 'nope' } }), 'invalid', /queries: expected a list/],
    ['a huge number', () => ({ workspace: { ...createWorkspace('x'), datasets: [{ id: 'd', table: 't', fileName: 'f', format: 'csv', size: 1e308, hash: `sha256:${'0'.repeat(64)}`, columns: [], rowCount: 1, fixes: [] }] } }), 'invalid', /size/],
    ['deep nesting', () => {
      // Written as text: JSON.stringify itself cannot build it.
      const workspace = createWorkspace('x');
      const deep = `${'{"a":'.repeat(5000)}{}${'}'.repeat(5000)}`;
      const order = JSON.stringify([...workspace.order, { kind: 'chart', id: 'c' }]);
      return JSON.stringify({ workspace: { ...workspace, charts: [], order: [] } })
        .replace('"charts":[]', `"charts":[{"id":"c","name":"c","source":{"kind":"table","table":"t"},"design":{"mark":"bar","encoding":{}},"vegaLite":${deep}}]`)
        .replace('"order":[]', `"order":${order}`);
    }, 'invalid', /nested deeper/],
    ['an array nested 200,000 deep where the workspace goes', () => `{"workspace":${'['.repeat(200_000)}${']'.repeat(200_000)}}`, 'invalid', /workspace: expected an object/],
  ])('refuses a link holding %s', async (_, value, kind, cause) => {
    const problem = await problemOf(linkAround(value()));
    expect(problem.kind).toBe(kind);
    if (cause) expect('cause' in problem ? problem.cause : '').toMatch(cause);
  });

  it('ignores __proto__ and unknown keys, and inline data no dataset names', async () => {
    const workspace = createWorkspace('Proto');
    const text = JSON.stringify({ workspace, inline: { __proto__: 'x', other: 'y' } }).replace('"workspace":{', '"workspace":{"__proto__":{"polluted":1},');
    const decoded = await decodeWorkspaceLink(await linkAround(JSON.parse(text)));
    expect(decoded.workspace).toEqual(workspace);
    expect(decoded.inline.size).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses inline data that does not match its dataset’s hash', async () => {
    const entry = await dataset('merida', SMALL_CSV);
    const workspace = addDataset(createWorkspace('x'), entry);
    const inline = { [entry.hash]: toBase64Url(deflateSync(strToU8(SMALL_CSV.replace('400', '999')))) };
    const problem = await problemOf(linkAround({ workspace, inline }));
    expect(problem).toEqual({ kind: 'invalid', cause: 'the data of merida does not match its recorded hash' });
  });

  it('stops inflating a compression bomb at the cap', async () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
    const check = new Uint8Array(await crypto.subtle.digest('SHA-256', bomb)).subarray(0, 9);
    expect((await problemOf(`1.${toBase64Url(bomb)}.${toBase64Url(check)}`)).kind).toBe('tooLarge');
  });
});
