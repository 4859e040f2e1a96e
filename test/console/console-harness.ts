/**
 * The web console under test: the real service (test/helpers/service.ts) on a free port with
 * a real SQLite file, the console as `npm run build` makes it, and Debian's Chromium driven
 * by playwright-core. Pages are checked with axe-core and photographed at both widths the
 * console is made for.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../helpers/chromium.js';

const root = path.resolve(import.meta.dirname, '../..');
export const CONSOLE_BUILD = path.join(root, 'dist', 'console');

/** The widths the console is made for: a laptop and a phone. */
export const WIDTHS = { wide: { width: 1280, height: 900 }, narrow: { width: 390, height: 844 } } as const;

/** Where the screenshots go (printed by the suites). */
export const SCREENSHOTS = process.env.KEYPLANE_SCREENSHOTS ?? path.join(tmpdir(), 'keyplane-console-screenshots');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/**
 * Builds the console into dist/console unless it is newer than its sources (CI's `npm install`
 * builds it). A lock directory keeps two suites from building at once.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const index = path.join(CONSOLE_BUILD, 'index.html');
  const sources = Math.max(newest(path.join(root, 'console')), newest(path.join(root, 'src', 'client')), newest(path.join(root, 'src', 'api')));
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= sources;
  if (fresh()) return;
  const lock = path.join(root, 'dist', '.console-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) throw new Error(`${lock} has been held for two minutes; remove it if no build is running`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'console/vite.config.mjs', '--logLevel', 'warn'], { cwd: root, stdio: 'pipe' });
  } finally {
    rmdirSync(lock);
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH!, args: ['--no-sandbox'] });
}

/** What a page logged that a console without bugs never logs: script errors and CSP refusals. */
export interface PageErrors {
  errors: string[];
}

/**
 * A browser context (one person's browser) on the service at `origin`: every request to
 * another origin is refused and noted, as are script errors and CSP violations.
 */
export async function newPerson(browser: Browser, origin: string, options: { timezoneId?: string; width?: keyof typeof WIDTHS } = {}) {
  const context = await browser.newContext({ viewport: WIDTHS[options.width ?? 'wide'], timezoneId: options.timezoneId ?? 'Europe/Berlin', locale: 'en-GB', acceptDownloads: true });
  const otherOrigins: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    otherOrigins.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const log: PageErrors = { errors: [] };
  watch(page, log);
  return { context, page, otherOrigins, log };
}

export function watch(page: Page, log: PageErrors): void {
  page.on('pageerror', (error) => log.errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    // Refusals the console expects (a 401 while signed out, a 403 it shows) are logged by
    // Chromium as failed resources; they are not errors of the console.
    if (message.type() === 'error' && !text.startsWith('Failed to load resource')) log.errors.push(text);
  });
}

const require = createRequire(import.meta.url);
let axeSource: string | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, which the page's CSP
 * does not govern, so the console's policy stays as strict as it ships) and returns the
 * serious and critical violations.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate('typeof window.axe');
  if (loaded === 'undefined') await page.evaluate(axeSource);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')),
    })))`)) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Saves a screenshot (of the whole page unless `fullPage: false`) as `<name>-<width>.png` in SCREENSHOTS. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const file = path.join(SCREENSHOTS, `${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}

/**
 * Checks the page as it is now at both widths: axe finds nothing serious or critical, the
 * page does not scroll sideways, and a screenshot of each width is saved. Returns to the
 * width it started at.
 */
export async function checkPage(page: Page, name: string): Promise<{ violations: Record<string, AxeViolation[]> }> {
  const start = page.viewportSize() ?? WIDTHS.wide;
  const violations: Record<string, AxeViolation[]> = {};
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(50);
    violations[label] = await axe(page);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    if (overflow > 1) violations[label].push({ id: 'horizontal-overflow', impact: 'serious', help: `the page scrolls sideways by ${overflow}px at ${size.width}px`, nodes: [] });
    await screenshot(page, name);
  }
  await page.setViewportSize(start);
  return { violations };
}

export type { Browser, BrowserContext, Page };
