/**
 * `npm run bench -- --only console`: the web console's keys list with 10,000 keys, in
 * Debian's Chromium driven by playwright-core, beside its floor in the same run and the same
 * browser: a hand-written page served by the same service that shows the same page of keys
 * (bench/console-floor.ts). Each visit opens a new browser context (an empty cache, as a
 * person's first visit), console and floor taking turns:
 * - first load: about:blank → `/console/#/keys` until the 50th row is on screen, seen from the
 *   bench and in the page's own clock (the `keyplane:keys-listed` mark);
 * - next page, name search (the console's 250 ms pause in typing included, nothing
 *   subtracted), status filter (revoked): in the page's clock from the click, typing or
 *   choice to the next mark, and seen from the bench until the new range shows;
 * - a repeat visit in the same context (the script cached).
 * Beside each, the same request made from Node: the service's share.
 * test/console/console-scale.test.ts checks the same list's behaviour, without timings.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../test/helpers/chromium.js';
import { FLOOR_PATH, startServiceWithFloor } from './console-floor.js';
import { seedDatabase } from './seed.js';

export interface ConsoleBenchOptions {
  /** Visits of each page (console, floor) measured, after one warm-up visit of each. */
  samples: number;
  keys?: number;
}

/**
 * One visit's times (ms). `InPage`: in the page's own clock, up to the `keyplane:keys-listed`
 * mark (from the start of the navigation, or from the event of the click, typing or choice).
 * `Seen`: from the bench, Playwright's round trips and checks included, the same for both pages.
 */
interface Visit {
  firstInPage: number;
  firstSeen: number;
  repeatInPage: number;
  repeatSeen: number;
  nextPageInPage: number;
  nextPageSeen: number;
  nameSearchInPage: number;
  nameSearchSeen: number;
  statusFilterInPage: number;
  statusFilterSeen: number;
}

type Measurement = keyof Visit;

/** What `benchConsole` measured, every sample kept. */
export interface ConsoleBenchReport {
  keys: number;
  samples: number;
  chromium: string;
  searchTerm: string;
  console: Visit[];
  floor: Visit[];
  /** The same requests from Node with the same cookie (ms), by the measurement they belong to. */
  requests: Partial<Record<Measurement, number[]>>;
}

/** Null when Debian's Chromium is not installed. */
export type ConsoleBenchResult = ConsoleBenchReport | null;

const ROWS = '.keys-table tbody tr:not(.skeleton-row)';
/** Contained in the names `key 999` and `key 9990`…`key 9999` of bench/seed.ts. */
const SEARCH_TERM = 'key 999';
/** How long one wait for the page may take before the measurement is called broken. */
const WAIT_MS = 30_000;

/**
 * Seeds `keys` keys (bench/seed.ts), starts the service from the build with the floor beside
 * the console, signs in as the seeded member and measures. The console must be built
 * (`npm run build`, which bench/run.ts runs first, builds it into dist/console).
 */
export async function benchConsole(options: ConsoleBenchOptions): Promise<ConsoleBenchResult> {
  if (CHROMIUM_PATH === null) return null;
  const keys = options.keys ?? 10_000;
  const dir = await mkdtemp(path.join(tmpdir(), 'keyplane-console-bench-'));
  let browser: Browser | undefined;
  let stop: (() => Promise<void>) | undefined;
  try {
    log(`seeding ${keys} keys`);
    const db = await seedDatabase(path.join(dir, 'console.db'), keys);
    const service = await startServiceWithFloor(dir, db.path, db.serverSecret);
    stop = service.stop;
    const cookie = await signIn(service.url, db.member);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });

    const request = async (query: string) => {
      const started = performance.now();
      const answer = await fetch(`${service.url}/v1/keys?${query}`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
      const body = (await answer.json()) as { data: unknown[]; next_cursor: string | null };
      if (answer.status !== 200) throw new Error(`GET /v1/keys?${query} answered ${answer.status}: ${JSON.stringify(body)}`);
      return { ms: performance.now() - started, body };
    };
    const firstPage = await request('limit=50');
    const matches = (await request(`limit=50&name=${encodeURIComponent(SEARCH_TERM)}`)).body.data.length;
    const queries: Partial<Record<Measurement, string>> = {
      firstInPage: 'limit=50',
      nextPageInPage: `limit=50&cursor=${encodeURIComponent(firstPage.body.next_cursor!)}`,
      nameSearchInPage: `limit=50&name=${encodeURIComponent(SEARCH_TERM)}`,
      statusFilterInPage: 'limit=50&status=revoked',
    };
    const pages = { console: `${service.url}/console/#/keys`, floor: `${service.url}${FLOOR_PATH}` };
    const visitIn = async (url: string) => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
      try {
        await context.addCookies([{ name: cookie.name, value: cookie.value, url: service.url, httpOnly: true, sameSite: 'Strict' }]);
        return await visit(await context.newPage(), url, `Keys 1–${matches}`);
      } finally {
        await context.close();
      }
    };

    const result: ConsoleBenchReport = { keys, samples: options.samples, chromium: browser.version(), searchTerm: SEARCH_TERM, console: [], floor: [], requests: {} };
    // Warm-up, not counted: the service's JIT, the browser's first renderer.
    log('warming up');
    await visitIn(pages.console);
    await visitIn(pages.floor);
    for (const query of Object.values(queries)) await request(query);
    for (let sample = 0; sample < options.samples; sample++) {
      log(`visit ${sample + 1} of ${options.samples}`);
      // Taking turns, so that a slow spell of the shared machine falls on both alike.
      const order = sample % 2 === 0 ? (['console', 'floor'] as const) : (['floor', 'console'] as const);
      for (const which of order) result[which].push(await visitIn(pages[which]));
      for (const [measurement, query] of Object.entries(queries) as [Measurement, string][]) {
        (result.requests[measurement] ??= []).push((await request(query)).ms);
      }
    }
    return result;
  } finally {
    await browser?.close();
    await stop?.();
    await rm(dir, { recursive: true, force: true });
  }
}

/** `POST /v1/sessions` as the seeded member; the session cookie it sets. */
async function signIn(url: string, member: { email: string; password: string }): Promise<{ name: string; value: string }> {
  const answer = await fetch(`${url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organization: 'bench', email: member.email, password: member.password }),
  });
  if (answer.status !== 201) throw new Error(`sign-in answered ${answer.status}: ${await answer.text()}`);
  const [pair] = answer.headers.get('set-cookie')!.split(';');
  const eq = pair!.indexOf('=');
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1) };
}

/** One visit to `url` (the console or the floor: the same controls, driven alike). */
async function visit(page: Page, url: string, searchRange: string): Promise<Visit> {
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const rows = page.locator(ROWS);
  const timed = async (action: () => Promise<unknown>) => {
    const started = performance.now();
    await action();
    return performance.now() - started;
  };
  const load = async () => {
    await page.goto('about:blank');
    const seen = await timed(async () => {
      await page.goto(url);
      await rows.nth(49).waitFor();
    });
    return { seen, inPage: await listedAt(page) };
  };

  const first = await load();
  // The time of the last click, typing or choice, in the page's clock.
  await page.evaluate(`for (const type of ['click', 'input', 'change']) document.addEventListener(type, (event) => { window.__benchEvent = event.timeStamp; }, true)`);
  const interaction = async (action: () => Promise<unknown>) => {
    const seen = await timed(action);
    return { seen, inPage: await listedSinceEvent(page) };
  };
  const nextPage = await interaction(async () => {
    await page.getByRole('button', { name: 'Next' }).first().click();
    await page.getByText('Keys 51–100', { exact: true }).waitFor();
  });
  const nameSearch = await interaction(async () => {
    await page.getByLabel('Name').fill(SEARCH_TERM);
    await page.getByText(searchRange, { exact: true }).waitFor();
  });
  // Emptying the box starts a pause in typing; choosing a status ends it (both pages).
  await page.getByLabel('Name').fill('');
  const statusFilter = await interaction(async () => {
    await page.getByLabel('Status').selectOption('revoked');
    await page.getByText('Keys 1–50', { exact: true }).waitFor();
  });
  const badges = new Set(await page.locator(`${ROWS} .badge`).allInnerTexts());
  if (badges.size !== 1 || !badges.has('Revoked')) throw new Error(`${url}: the revoked filter showed ${[...badges].join(', ')}, so its time is not the filter's`);
  const repeat = await load();
  if (errors.length > 0) throw new Error(`${url} failed in the browser: ${errors.join('; ')}`);
  return {
    firstInPage: first.inPage,
    firstSeen: first.seen,
    repeatInPage: repeat.inPage,
    repeatSeen: repeat.seen,
    nextPageInPage: nextPage.inPage,
    nextPageSeen: nextPage.seen,
    nameSearchInPage: nameSearch.inPage,
    nameSearchSeen: nameSearch.seen,
    statusFilterInPage: statusFilter.inPage,
    statusFilterSeen: statusFilter.seen,
  };
}

/** The page's own clock: from the start of its navigation to its first `keyplane:keys-listed` mark. */
async function listedAt(page: Page): Promise<number> {
  // The mark follows the frame that shows the rows; wait for it rather than read too early.
  return (await page.evaluate(`new Promise((resolve) => {
    const look = () => {
      const mark = performance.getEntriesByName('keyplane:keys-listed')[0];
      if (mark) resolve(mark.startTime);
      else setTimeout(look, 5);
    };
    look();
  })`)) as number;
}

/** The page's own clock: from the last click, typing or choice to the next `keyplane:keys-listed` mark. */
async function listedSinceEvent(page: Page): Promise<number> {
  return (await page.evaluate(`new Promise((resolve) => {
    const look = () => {
      const mark = performance.getEntriesByName('keyplane:keys-listed').find((entry) => entry.startTime > window.__benchEvent);
      if (mark) resolve(mark.startTime - window.__benchEvent);
      else setTimeout(look, 5);
    };
    look();
  })`)) as number;
}

const ROW_NAMES: [Measurement, string][] = [
  ['firstInPage', 'first visit (empty cache), in the page: navigation start → 50 rows on screen'],
  ['firstSeen', 'first visit (empty cache), seen from the bench: about:blank → row 50 visible'],
  ['repeatInPage', 'repeat visit (script cached), in the page'],
  ['repeatSeen', 'repeat visit (script cached), seen from the bench'],
  ['nextPageInPage', 'next page, in the page: click → its rows on screen'],
  ['nextPageSeen', 'next page, seen from the bench: click → "Keys 51–100" visible'],
  ['nameSearchInPage', 'name search, in the page: typing → its rows on screen (a 250 ms pause in typing on purpose, in both)'],
  ['nameSearchSeen', 'name search, seen from the bench'],
  ['statusFilterInPage', 'status filter (revoked), in the page: choosing → its rows on screen'],
  ['statusFilterSeen', 'status filter (revoked), seen from the bench'],
];

/** The console part of the report, as Markdown lines. */
export function consoleReport(result: ConsoleBenchResult): string[] {
  if (result === null) return ["Web console: not measured, Debian's chromium is not installed (apt-get install chromium).", ''];
  const times = (from: Visit[], measurement: Measurement) => from.map((visit) => visit[measurement]);
  const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
  const range = (values: number[]) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
  const ratio = (measurement: Measurement) => median(times(result.console, measurement)) / median(times(result.floor, measurement));
  const rows = ROW_NAMES.map(([measurement, name]) => {
    const [mine, floor, alone] = [times(result.console, measurement), times(result.floor, measurement), result.requests[measurement]];
    return `| ${name} | ${ms(median(mine))} | ${range(mine)} | ${ms(median(floor))} (${range(floor)}) | ${ratio(measurement).toFixed(2)}× | ${alone ? ms(median(alone)) : '—'} |`;
  });
  const consoleMedian = (measurement: Measurement) => median(times(result.console, measurement));
  const targets: [string, boolean, string][] = [
    [
      `first page of ${result.keys.toLocaleString('en')} keys on screen ≤ 1 s (in the page's clock; first visit, empty cache)`,
      consoleMedian('firstInPage') <= 1_000,
      `${ms(consoleMedian('firstInPage'))} (slowest ${ms(Math.max(...times(result.console, 'firstInPage')))})`,
    ],
    [
      "next page and status filter ≤ 1 s each, name search ≤ 1.25 s (1 s after the pause in typing), in the page's clock",
      consoleMedian('nextPageInPage') <= 1_000 && consoleMedian('statusFilterInPage') <= 1_000 && consoleMedian('nameSearchInPage') <= 1_250,
      `${ms(consoleMedian('nextPageInPage'))}, ${ms(consoleMedian('statusFilterInPage'))}, ${ms(consoleMedian('nameSearchInPage'))}`,
    ],
    [
      "first visit ≤ 2× the floor page, in the page's clock (informative: the console's script, styles and session check)",
      ratio('firstInPage') <= 2,
      `${ratio('firstInPage').toFixed(2)}× (repeat visit ${ratio('repeatInPage').toFixed(2)}×)`,
    ],
    [
      "next page, name search, status filter ≤ 1.5× the floor page, in the page's clock (informative)",
      ratio('nextPageInPage') <= 1.5 && ratio('nameSearchInPage') <= 1.5 && ratio('statusFilterInPage') <= 1.5,
      `${ratio('nextPageInPage').toFixed(2)}×, ${ratio('nameSearchInPage').toFixed(2)}×, ${ratio('statusFilterInPage').toFixed(2)}×`,
    ],
  ];
  return [
    `Web console, keys list (bench/console-bench.ts: ${result.keys.toLocaleString('en')} keys in SQLite, \`keyplane serve\` from the build, ` +
      `Debian's Chromium ${result.chromium} headless through playwright-core at 1280×900; medians of ${result.samples} visits of each page, ` +
      `each visit in a new browser context, console and floor taking turns; name search for "${result.searchTerm}"). ` +
      'Floor: a hand-written page (one HTML file, one script, no framework) served by the same service beside the console with the same headers, ' +
      'asking for the same page of keys with the same session cookie and writing the rows with the DOM:',
    '',
    '| measurement | console median | range | floor page median (range) | console / floor | the request alone, from Node |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    '| target | met | measured |',
    '|---|---|---|',
    ...targets.map(([name, met, measured]) => `| ${name} | ${met ? 'yes' : '**no**'} | ${measured} |`),
    '',
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
