/**
 * The keys list with 10,000 keys: the first page shows 50 rows, the next page follows
 * (cursor pagination: the service never counts or skips), the name search and the status
 * filter find what they should, and nothing moves when the data arrives (cumulative layout
 * shift). How long each takes is measured by the bench, beside a floor page in the same run:
 * `npm run bench -- --only console` (bench/console-bench.ts), not asserted here, where a
 * shared machine's load would decide the outcome.
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

  it('shows the first page, pages forward, searches by name and filters by status, and nothing shifts', async () => {
    const { page } = person;
    const rows = page.locator('.keys-table tbody tr:not(.skeleton-row)');
    await page.goto(`${service.url}/console/#/keys`);
    await rows.nth(49).waitFor();
    await page.locator('.pager button:last-child:not([disabled])').first().waitFor();
    expect(await rows.count()).toBe(50);
    expect(await page.getByText('Keys 1–50').count()).toBe(1);
    // The console marks when a list is on screen (after the frame that shows it), for the
    // bench to read in the page's clock.
    const marked = await page.evaluate(`new Promise((resolve) => {
      const deadline = performance.now() + 5000;
      const look = () => performance.getEntriesByName('keyplane:keys-listed').length > 0 ? resolve(true) : performance.now() > deadline ? resolve(false) : setTimeout(look, 10);
      look();
    })`);
    expect(marked, 'the keyplane:keys-listed mark within 5 s of the rows').toBe(true);

    await page.getByRole('button', { name: 'Next' }).first().click();
    await page.getByText('Keys 51–100').waitFor();
    expect(await rows.count()).toBe(50);

    // "integration 0999" is in the names of keys 09990 to 09999: one page of ten.
    await page.getByLabel('Name').fill('integration 0999');
    await page.getByText('Keys 1–10', { exact: true }).waitFor();
    expect(await rows.count()).toBe(10);

    await page.getByLabel('Name').fill('');
    await page.getByLabel('Status').selectOption('revoked');
    await page.getByText('Keys 1–50').waitFor();
    expect(new Set(await page.locator('.keys-table tbody tr .badge').allInnerTexts())).toEqual(new Set(['Revoked']));

    const layoutShift = (await page.evaluate('window.__layoutShift')) as number;
    const shifted = (await page.evaluate('window.__shifted')) as string[];
    expect(layoutShift, `layout shifts: ${shifted.join(', ')}`).toBeLessThan(0.01);
    expect(person.log.errors).toEqual([]);
  });
});
