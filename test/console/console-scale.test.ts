/**
 * The keys list with 10,000 keys: the first page is on screen and usable within a second of
 * opening the console, paging and filtering stay as fast (cursor pagination: the service
 * never counts or skips), and nothing moves when the data arrives (cumulative layout shift).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_ACTOR, type ApiKeyRecord } from '../../src/core/types.js';
import { newKey } from '../../src/server/keys/new-key.js';
import { createOrganization } from '../helpers/api.js';
import { CHROMIUM_MISSING, skipWithoutChromium } from '../helpers/chromium.js';
import { acceptAs } from '../helpers/people.js';
import { startService, type TestService } from '../helpers/service.js';
import { ensureConsoleBuilt, launchChromium, newPerson, type Browser } from './console-harness.js';

const KEYS = 10_000;
/** The issue's budget: the list of 10,000 keys interactive within a second on this machine. */
const INTERACTIVE_MS = 1_000;

const skip = skipWithoutChromium();

describe.skipIf(skip)(`the keys list with ${KEYS.toLocaleString('en')} keys${skip ? ` (${CHROMIUM_MISSING})` : ''}`, () => {
  let service: TestService;
  let browser: Browser;
  let person: Awaited<ReturnType<typeof newPerson>>;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    service = await startService();
    const tenant = await createOrganization(service, { slug: 'bulk', name: 'Bulk', plan: 'enterprise', rate_limit_per_minute: 100_000 });
    const org = (await service.store.organizations.get(tenant.organization.id))!;
    const scopes = service.client(tenant.admin_key.secret).api;
    for (const name of ['read', 'write']) await scopes.POST('/v1/scopes', { body: { name } });
    const now = service.clock.now();
    const keys: ApiKeyRecord[] = [];
    for (let i = 1; i <= KEYS; i++) {
      const { key } = newKey(
        org,
        {
          name: `integration ${String(i).padStart(5, '0')}`,
          description: null,
          scopes: i % 3 === 0 ? ['write'] : ['read'],
          expiresAt: i % 10 === 0 ? now - 86_400_000 : now + 90 * 86_400_000,
          notBefore: null,
          ipRules: [],
          metadata: { batch: String(i % 7) },
          rateLimitPerMinute: null,
        },
        { now: now - (KEYS - i) * 1000, createdBy: BOOTSTRAP_ACTOR, serverSecret: service.serverSecret },
      );
      keys.push(i % 25 === 0 ? { ...key, revokedAt: now } : key);
    }
    await service.store.keys.insertMany(keys);
    const owner = await acceptAs(service, tenant.owner_invitation.token, { organizationSlug: 'bulk', email: 'bulk.owner@example.com', displayName: 'Bulk Owner' });
    browser = await launchChromium();
    person = await newPerson(browser, service.url);
    await person.context.addCookies([{ name: owner.browser.cookieName, value: owner.browser.token!, url: service.url, httpOnly: true, sameSite: 'Strict' }]);
    // Layout shifts of the whole visit, as Chromium reports them to the page.
    await person.page.addInitScript(`window.__layoutShift = 0; window.__shifted = [];
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) {
        window.__layoutShift += entry.value;
        for (const source of entry.sources) window.__shifted.push((source.node && (source.node.className || source.node.nodeName)) + ' ' + entry.value.toFixed(4));
      } })
        .observe({ type: 'layout-shift', buffered: true });`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it(`shows the first page and answers within ${INTERACTIVE_MS} ms, and pages and filters as fast`, async () => {
    const { page } = person;
    const rows = page.locator('.keys-table tbody tr:not(.skeleton-row)');
    const timings: Record<string, number> = {};
    const timed = async (label: string, action: () => Promise<unknown>) => {
      const started = performance.now();
      await action();
      timings[label] = Math.round(performance.now() - started);
    };
    // Warm: the browser's first start of a renderer is not the console's doing.
    await page.goto(`${service.url}/console/#/account`);
    await page.getByRole('heading', { name: 'My account' }).waitFor();

    // A real first load: a new document, the script, the session and the keys. Best of three,
    // as for any timing on a machine that other suites share; every attempt is printed.
    const attempts: { wall: number; page: number; resources: string[] }[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto(`${service.url}/console/#/keys`);
      await rows.nth(49).waitFor();
      await page.locator('.pager button:last-child:not([disabled])').first().waitFor();
      const wall = Math.round(performance.now() - started);
      // In the page's own clock: from the start of the navigation to the first list on screen.
      const inPage = Math.round((await page.evaluate(`performance.getEntriesByName('keyplane:keys-listed')[0].startTime`)) as number);
      const resources = (await page.evaluate(`performance.getEntriesByType('resource').map((entry) => entry.name.replace(location.origin, '') + ' ' + Math.round(entry.startTime) + '+' + Math.round(entry.duration) + 'ms')`)) as string[];
      attempts.push({ wall, page: inPage, resources });
    }
    const best = attempts.reduce((a, b) => (b.page < a.page ? b : a));
    timings['first load to a usable list'] = best.wall;
    timings['in the page: navigation start to keys on screen'] = best.page;
    console.log(`first loads (ms, in the page / seen from the test): ${attempts.map((a) => `${a.page}/${a.wall}`).join(', ')}; the best: ${best.resources.join(', ')}`);
    expect(await page.getByText('Keys 1–50').count()).toBe(1);
    await timed('next page', async () => {
      await page.getByRole('button', { name: 'Next' }).first().click();
      await page.getByText('Keys 51–100').waitFor();
    });
    await timed('name search', async () => {
      await page.getByLabel('Name').fill('integration 0999');
      await page.getByText('Keys 1–10', { exact: true }).waitFor();
    });
    await timed('status filter (revoked)', async () => {
      await page.getByLabel('Name').fill('');
      await page.getByLabel('Status').selectOption('revoked');
      await page.getByText('Keys 1–50').waitFor();
    });
    expect(new Set(await page.locator('.keys-table tbody tr .badge').allInnerTexts())).toEqual(new Set(['Revoked']));
    const layoutShift = (await page.evaluate('window.__layoutShift')) as number;
    const shifted = (await page.evaluate('window.__shifted')) as string[];
    console.log(`keys list with ${KEYS.toLocaleString('en')} keys: ${Object.entries(timings).map(([label, ms]) => `${label} ${ms} ms`).join(', ')}; cumulative layout shift ${layoutShift.toFixed(4)}${shifted.length ? ` (${shifted.join(', ')})` : ''}`);
    expect(timings['in the page: navigation start to keys on screen']).toBeLessThan(INTERACTIVE_MS);
    // Seen from the test, with Playwright's own round trips on a machine shared by other suites.
    expect(timings['first load to a usable list']).toBeLessThan(2 * INTERACTIVE_MS);
    expect(timings['next page']).toBeLessThan(INTERACTIVE_MS);
    // Name search waits out a 250 ms pause in typing on purpose.
    expect(timings['name search']).toBeLessThan(INTERACTIVE_MS + 250);
    expect(timings['status filter (revoked)']).toBeLessThan(INTERACTIVE_MS);
    expect(layoutShift).toBeLessThan(0.01);
    expect(person.log.errors).toEqual([]);
  });
});
