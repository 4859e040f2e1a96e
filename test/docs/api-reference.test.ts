/**
 * The API reference is one self-contained page: opened in Debian's Chromium with the network
 * off, it shows every operation and its search works, and it asks no other origin for
 * anything. Built here with the same script as `npm run docs`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../src/server/contract/contract.js';
import { CHROMIUM_MISSING, CHROMIUM_PATH, skipWithoutChromium } from '../helpers/chromium.js';

const root = path.resolve(import.meta.dirname, '../..');
const skip = skipWithoutChromium();

describe.skipIf(skip)(`the API reference, offline in Chromium${skip ? ` (${CHROMIUM_MISSING})` : ''}`, () => {
  let dir: string;
  let file: string;
  let browser: Browser;
  let page: Page;
  const otherOrigins: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'keyplane-reference-'));
    file = path.join(dir, 'api-reference.html');
    execFileSync(process.execPath, ['scripts/build-api-reference.mjs', file], { cwd: root, stdio: 'pipe' });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH!, args: ['--no-sandbox'] });
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    // Every request leaves through here: anything but the page itself is noted and refused.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      otherOrigins.push(url);
      return route.abort();
    });
    page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const contract = loadContract();
  const operations = contract.operations.map((operation) => contract.document.paths[operation.path]![operation.method] as { summary: string; tags: string[] });
  const tags = [...new Set(operations.map((operation) => operation.tags[0]!))];
  const menuItem = (text: string) => page.locator('[data-testid="menu-item-label"]', { hasText: text }).first();
  /** Opens one tag of the side menu (its items render after the click). */
  const openTag = (tag: string) => page.locator(`[data-testid="menu-item-label"] [data-text="${tag}"]`).first().click({ timeout: 10_000 });

  it('lists every operation of the contract in its menu, by summary', async () => {
    await page.getByText(/Keyplane API \(/).first().waitFor({ timeout: 30_000 });
    expect(operations.length).toBeGreaterThan(15);
    for (const tag of tags) {
      await openTag(tag);
      // Waits for each item: the menu renders a tag's operations after the click.
      for (const { summary } of operations.filter((operation) => operation.tags[0] === tag)) {
        await menuItem(summary).waitFor({ timeout: 10_000 });
      }
    }
  });

  it("shows an operation's own text", async () => {
    await openTag('Verification');
    await menuItem('Verify a presented key').click();
    await page.getByText('Codes are decided in this order', { exact: false }).first().waitFor({ timeout: 10_000 });
  });

  it('finds an operation with its search', async () => {
    await page.keyboard.press('Escape');
    expect(await page.locator('body').innerText()).not.toContain("an API key's secret");
    // The search trigger reads "Loading..." until its index is built, and ignores Ctrl+K until
    // then; a person waits for it to offer the shortcut, and so does the test.
    await page.getByText('Search Ctrl+K', { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+k');
    await page.getByPlaceholder('Search docs...').fill('rotate');
    // The results list the operation by its summary (with the match highlighted).
    // Runs in the page (this project's types do not include the DOM, hence the cast).
    await page.waitForFunction(
      (needle) => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.includes(needle),
      "an API key's secret",
      { timeout: 10_000 },
    );
    expect(await page.getByPlaceholder('Search docs...').inputValue()).toBe('rotate');
  });

  it('asked no other origin for anything, and names the package version and the address npm start serves', async () => {
    expect(otherOrigins).toEqual([]);
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const text = await page.locator('body').innerText();
    expect(text).toContain(`(${version})`);
    expect(text).toContain('http://127.0.0.1:8080');
    expect(text).not.toContain('`');
  });
});

describe('the API reference names the release it documents', () => {
  it("openapi.yaml's info.version is the package's version", async () => {
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect((loadContract().document.info as { version: string }).version).toBe(version);
  });
});
