/**
 * The web console, end to end, in Debian's Chromium against the real service on a free port
 * with a real SQLite file: the first owner's set-up, sign-in and sign-out, scopes, keys
 * (created with the secret shown once, edited, rotated, revoked, filtered, paged, exported),
 * members, the audit trail, the organization's settings, the operator's pages and "my
 * sessions". Every page is checked with axe-core and photographed at 1280 and 390 px, and the
 * create-key flow is done with the keyboard alone.
 *
 * One service and one browser for the file; the steps build on each other, in order.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../helpers/api.js';
import { CHROMIUM_MISSING, skipWithoutChromium } from '../helpers/chromium.js';
import { newSession, strongPassword } from '../helpers/people.js';
import { startService, type TestService } from '../helpers/service.js';
import { checkPage, ensureConsoleBuilt, launchChromium, newPerson, screenshot, SCREENSHOTS, WIDTHS, type AxeViolation, type Browser, type Page } from './console-harness.js';
import { focusedName, focusIsInside, tabTo } from './keyboard.js';

const skip = skipWithoutChromium();

type Person = Awaited<ReturnType<typeof newPerson>>;

describe.skipIf(skip)(`the web console in Chromium${skip ? ` (${CHROMIUM_MISSING})` : ''}`, () => {
  let service: TestService;
  let browser: Browser;
  let owner: Person;
  let reader: Person;
  let page: Page;
  const ownerEmail = 'olive@example.com';
  const ownerPassword = strongPassword();
  const readerPassword = strongPassword();
  const accessibility: Record<string, Record<string, AxeViolation[]>> = {};
  let firstSecret = '';
  let rotatedSecret = '';
  let readerLink = '';

  beforeAll(async () => {
    await ensureConsoleBuilt();
    service = await startService();
    // As `keyplane serve` does without --public-url: links point where the service listens.
    service.app.keyplane.publicUrl = service.url;
    browser = await launchChromium();
    owner = await newPerson(browser, service.url);
    page = owner.page;
    console.log(`console screenshots: ${SCREENSHOTS}`);
  }, 120_000);

  afterAll(async () => {
    const found = Object.entries(accessibility).flatMap(([name, widths]) => Object.entries(widths).flatMap(([width, list]) => list.map((v) => `${name} (${width}): ${v.id}`)));
    console.log(`axe-core: ${Object.keys(accessibility).length} pages at 2 widths, ${found.length} serious or critical violations${found.length ? `: ${found.join(', ')}` : ''}`);
    await browser?.close();
    await service?.close();
  });

  /** axe-core and screenshots at both widths; no serious or critical violation. */
  async function check(name: string, target: Page = page): Promise<void> {
    const { violations } = await checkPage(target, name);
    accessibility[name] = violations;
    expect(violations, `axe-core on ${name}`).toEqual({ wide: [], narrow: [] });
  }

  const myself = (secret: string) => service.fetch('/v1/myself', { headers: { 'x-api-key': secret } });
  const dialog = (name: string | RegExp) => page.getByRole('dialog', { name });
  const rows = (target: Page = page) => target.locator('table tbody tr:not(.skeleton-row)');
  const go = async (hash: string, heading: string | RegExp, target: Page = page) => {
    const url = `${service.url}/console/#${hash}`;
    // Going to the address the page is at already changes nothing: load it again instead.
    if (target.url() === url) await target.reload();
    else await target.goto(url);
    await target.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  it('sets up the first owner with the link printed at the first start (opened without the slash)', async () => {
    await page.goto(`${service.url}/console#/accept-invitation?token=${service.ownerSetupToken}`);
    await page.getByRole('heading', { name: 'Set your password' }).waitFor();
    expect(page.url()).toBe(`${service.url}/console/#/accept-invitation?token=${service.ownerSetupToken}`);
    await check('accept-invitation');
    // Without an e-mail the service says a set-up link needs one; the console shows it by the field.
    await page.getByLabel('Password', { exact: true }).fill(ownerPassword);
    await page.getByLabel('Password again').fill(ownerPassword);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    const email = page.getByLabel('E-mail');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-invalid .field-error').first().innerText()).toBe('is required with an owner set-up link');
    expect(await focusedName(page)).toBe('E-mail');
    await email.fill(ownerEmail);
    await page.getByLabel('Your name (optional)').fill('Olive Owner');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    // The spent token leaves the address bar.
    expect(page.url()).toBe(`${service.url}/console/#/keys`);
    await rows().first().waitFor();
    expect(await rows().count()).toBe(1); // the admin key made at the first start
  });

  it('signs out, shows the refusal of a wrong password, and signs in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await service.fetch('/v1/sessions/current')).status).toBe(401);
    await page.getByLabel('Organization').fill('operator');
    await page.getByLabel('E-mail').fill(ownerEmail);
    await page.getByLabel('Password').fill('not the password of anyone here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.problem').waitFor();
    expect(await page.locator('.problem').innerText()).toMatch(/e-mail|password/i);
    await check('sign-in-refused');
    await page.getByLabel('Password').fill(ownerPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await rows().first().waitFor();
    await check('keys');
  });

  it('manages the scope catalog: built-in scopes are read-only, own scopes are added, changed and deleted', async () => {
    await go('/scopes', 'Scopes');
    await rows().first().waitFor();
    expect(await page.getByRole('button', { name: 'Edit keys:read' }).count()).toBe(0);
    for (const [name, description, includes] of [
      ['read', 'Read every resource', []],
      ['write', 'Everything read allows, plus changes', ['read']],
      ['temporary', '', []],
    ] as const) {
      await page.getByRole('button', { name: 'New scope' }).click();
      const form = dialog('New scope');
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Description (optional)').fill(description);
      for (const included of includes) await form.getByRole('checkbox', { name: new RegExp(`^${included}\\b`) }).check();
      await form.getByRole('button', { name: 'Add scope' }).click();
      await form.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: `Edit ${name}` }).waitFor();
    }
    // A refusal of the service shows by the field it names.
    await page.getByRole('button', { name: 'New scope' }).click();
    await dialog('New scope').getByLabel('Name').fill('9 lives');
    await dialog('New scope').getByRole('button', { name: 'Add scope' }).click();
    await expect.poll(() => dialog('New scope').getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Escape');
    await dialog('New scope').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Edit write' }).click();
    await dialog('Edit scope write').getByLabel('Description (optional)').fill('Everything read allows, plus managing resources');
    await dialog('Edit scope write').getByRole('button', { name: 'Save scope' }).click();
    await page.getByText('Everything read allows, plus managing resources').waitFor();
    await page.getByRole('button', { name: 'Delete temporary' }).click();
    await page.getByRole('alertdialog', { name: 'Delete scope temporary?' }).getByRole('button', { name: 'Delete temporary' }).click();
    await page.getByRole('button', { name: 'Edit temporary' }).waitFor({ state: 'detached' });
    await check('scopes');
  });

  it('creates a key with the keyboard alone: the refused IP rule is marked, the secret is shown once, and the dialog closes only when it is stored', async () => {
    await go('/keys', 'API keys');
    await rows().first().waitFor();
    const create = page.getByRole('button', { name: 'Create API key' });
    await create.focus();
    await page.keyboard.press('Enter');
    const form = dialog('Create API key');
    await form.waitFor();
    // Focus moved into the dialog, on its first field; the page behind is inert.
    expect(await focusedName(page)).toBe('Name');
    expect(await page.locator('.page-layer').getAttribute('inert')).not.toBeNull();
    await check('create-key-dialog');
    await page.keyboard.type('CRM Sync');
    await tabTo(page, 'Description (optional)');
    await page.keyboard.type('Contacts sync from the CRM');
    await tabTo(page, /^Find a scope/);
    await page.keyboard.type('write');
    await tabTo(page, /^write\b/);
    await page.keyboard.press('Space');
    await tabTo(page, 'Add rule');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Rule 1: address or CIDR block', { backwards: true });
    await page.keyboard.type('10.0.0.0/33');
    await tabTo(page, 'Create key');
    await page.keyboard.press('Enter');
    // The service refuses the rule; its message is on that row and focus goes there.
    const cidr = form.getByLabel('Rule 1: address or CIDR block');
    await expect.poll(() => cidr.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.ip-rule .field-error').innerText()).toMatch(/prefix length/);
    expect(await focusedName(page)).toBe('Rule 1: address or CIDR block');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('127.0.0.0/8');
    await tabTo(page, 'Add rule');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Rule 2: address or CIDR block', { backwards: true });
    await page.keyboard.type('2001:db8::/32');
    await tabTo(page, 'Rule 2: allow or deny', { backwards: true });
    await page.keyboard.press('ArrowDown'); // Deny
    // Tab stays in the dialog however far it goes.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      expect(await focusIsInside(page, '[role="dialog"]')).toBe(true);
    }
    await tabTo(page, 'Create key');
    await page.keyboard.press('Enter');

    const shown = dialog('API key “CRM Sync” created');
    await shown.waitFor();
    firstSecret = await shown.getByLabel('Your new API key').inputValue();
    expect(firstSecret).toMatch(/^nm_operator_[0-9A-Za-z]{38}$/);
    expect(await shown.innerText()).toContain('This is the only time the key is shown');
    await check('create-key-secret');
    // Neither Escape nor Done closes it before the person confirms they stored the key.
    await page.keyboard.press('Escape');
    expect(await shown.isVisible()).toBe(true);
    expect(await shown.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true);
    expect(await shown.getByRole('button', { name: 'Close' }).count()).toBe(0);
    await tabTo(page, 'I have copied the key and understand I will not see it again');
    await page.keyboard.press('Space');
    await tabTo(page, 'Done');
    await page.keyboard.press('Enter');
    await shown.waitFor({ state: 'detached' });
    // Focus is back on the button that opened the dialog.
    await expect.poll(() => focusedName(page)).toBe('Create API key');

    const created = rows().filter({ hasText: 'CRM Sync' });
    await created.waitFor();
    expect(await created.innerText()).toContain(`nm_operator_…${firstSecret.slice(-4)}`);
    expect((await myself(firstSecret)).status).toBe(200);
    // Never again: not after a reload, not in the page, not in storage.
    await page.reload();
    await rows().filter({ hasText: 'CRM Sync' }).waitFor();
    expect(await page.content()).not.toContain(firstSecret);
    expect(await page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)')).not.toContain(firstSecret);
  });

  it('edits a key, showing the refusal by the field it names', async () => {
    await rows().filter({ hasText: 'CRM Sync' }).getByRole('link', { name: 'CRM Sync' }).click();
    await page.getByRole('heading', { level: 1, name: 'CRM Sync' }).waitFor();
    await check('key-details');
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit CRM Sync' });
    await form.getByLabel('Name').fill('CRM Sync (EU)');
    await form.getByLabel(/^Rate limit override/).fill('0');
    await form.getByRole('button', { name: 'Add label' }).click();
    await form.getByLabel('Label 1: name').fill('team');
    await form.getByLabel('Label 1: value').fill('sales');
    await form.getByRole('button', { name: 'Save changes' }).click();
    const rate = form.getByLabel(/^Rate limit override/);
    await expect.poll(() => rate.getAttribute('aria-invalid')).toBe('true');
    await check('key-edit-refused');
    await rate.fill('120');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'CRM Sync (EU)' }).waitFor();
    const summary = await page.locator('dl.summary').innerText();
    expect(summary).toContain('120 requests a minute');
    expect(summary).toContain('team: sales');
    expect(summary).toMatch(/Allow\s+127\.0\.0\.0\/8/);
    expect(summary).toMatch(/Deny\s+2001:db8::\/32/);
  });

  it('rotates a key: the new secret once, and when the old one stops working', async () => {
    await page.getByRole('button', { name: 'Rotate' }).click();
    const form = dialog('Rotate “CRM Sync (EU)”');
    await form.getByLabel('Keep the old secret working for').selectOption({ label: '1 day' });
    await form.getByRole('button', { name: 'Rotate key' }).click();
    const shown = dialog('New secret for “CRM Sync (EU)”');
    await shown.waitFor();
    rotatedSecret = await shown.getByLabel("The key's new secret").inputValue();
    expect(rotatedSecret).not.toBe(firstSecret);
    expect(await shown.innerText()).toMatch(/The old secret keeps working until/);
    await check('rotate-secret');
    await shown.getByRole('checkbox').check();
    await shown.getByRole('button', { name: 'Done' }).click();
    expect((await myself(rotatedSecret)).status).toBe(200);
    expect((await myself(firstSecret)).status).toBe(200); // within its grace period
    await page.locator('dl.summary').getByText(/the old secret works until/).waitFor();
  });

  it('revokes a key after a confirmation that names it; its next request gets 401', async () => {
    await page.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Revoke “CRM Sync (EU)”?' });
    await confirm.waitFor();
    expect(await focusedName(page)).toBe('Cancel'); // the safe choice has focus
    await check('revoke-dialog');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => focusedName(page)).toBe('Revoke');
    await page.keyboard.press('Enter');
    await confirm.getByLabel(/^Reason/).fill('Pasted into a public issue');
    await confirm.getByRole('button', { name: 'Revoke CRM Sync (EU)' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.locator('dl.summary .badge-revoked').waitFor();
    expect((await myself(rotatedSecret)).status).toBe(401);
    expect((await myself(firstSecret)).status).toBe(401);
    // Its history, newest first.
    await expect.poll(async () => (await rows().allInnerTexts()).map((text) => /key\.\w+/.exec(text)?.[0])).toEqual(['key.revoked', 'key.rotated', 'key.updated', 'key.created']);
    expect(await rows().first().innerText()).toContain('Pasted into a public issue');
    await check('key-revoked');
  });

  it('lists keys with filters by status, scope and name, and pages through them', async () => {
    const day = 86_400_000;
    await createKey(service, { name: 'Power BI Integration', description: 'Nightly export into the finance dashboard', scopes: ['read'], metadata: { team: 'finance' } });
    await createKey(service, { name: 'ci-pipeline', scopes: ['write'], expires_at: new Date(Date.now() + 30 * day).toISOString() });
    await createKey(service, { name: 'production-agent', scopes: ['read'], not_before: new Date(Date.now() + 2 * day).toISOString() });
    await go('/keys', 'API keys');
    await rows().nth(4).waitFor();
    // The picture of the README and the console guide (docs/console-keys.png is a copy).
    await page.setViewportSize({ width: 1280, height: 640 });
    await screenshot(page, 'keys-overview', { fullPage: false });
    await page.setViewportSize(WIDTHS.wide);
    for (let i = 1; i <= 55; i++) await createKey(service, { name: `batch key ${i}`, scopes: ['read'] });
    await go('/keys', 'API keys');
    await page.getByText('Keys 1–50').waitFor();
    await page.getByRole('button', { name: 'Next' }).first().click();
    await page.getByText('Keys 51–60').waitFor();
    await page.getByRole('button', { name: 'Previous' }).first().click();
    await page.getByText('Keys 1–50').waitFor();

    await page.getByLabel('Status').selectOption('revoked');
    await expect.poll(async () => (await rows().allInnerTexts()).map((text) => text.split('\t')[0]?.trim())).toEqual(['CRM Sync (EU)']);
    expect(page.url()).toContain('status=revoked');
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Scope').selectOption('write');
    await expect.poll(async () => (await rows().allInnerTexts()).map((text) => text.split('\t')[0]?.trim())).toEqual(['CRM Sync (EU)', 'ci-pipeline']);
    await page.getByLabel('Scope').selectOption('');
    await page.getByLabel('Name').fill('batch key 5');
    await expect.poll(async () => (await rows().allInnerTexts()).map((text) => text.split('\t')[0]?.trim())).toEqual(['batch key 5', 'batch key 50', 'batch key 51', 'batch key 52', 'batch key 53', 'batch key 54', 'batch key 55']);
    // The filters live in the address, so a reload keeps them.
    await page.reload();
    await expect.poll(() => rows().count()).toBe(7);
    expect(await page.getByLabel('Name').inputValue()).toBe('batch key 5');
    await page.getByLabel('Name').fill('no such key anywhere');
    await page.getByText('No keys match these filters.').waitFor();
    await check('keys-no-match');
  });

  it('exports the key inventory as CSV and JSON downloads, without a secret', async () => {
    await go('/keys', 'API keys');
    for (const format of ['CSV', 'JSON'] as const) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: `Export ${format}` }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(new RegExp(`^keyplane-keys-operator-\\d{4}-\\d{2}-\\d{2}\\.${format.toLowerCase()}$`));
      const text = await readFile((await file.path())!, 'utf8');
      expect(firstSecret && rotatedSecret).toBeTruthy();
      expect(text).not.toContain(firstSecret);
      expect(text).not.toContain(rotatedSecret);
      if (format === 'CSV') {
        expect(text.split('\n')[0]).toMatch(/^id,name,description,status,scopes/);
        expect(text).toContain('CRM Sync (EU)');
      } else {
        expect((JSON.parse(text) as { keys: unknown[] }).keys).toHaveLength(60);
      }
    }
  });

  it('invites a member with keys:read: the link is shown once, and they accept it in their own browser', async () => {
    await go('/settings/users', 'Users');
    await rows().first().waitFor();
    await page.getByRole('button', { name: 'Invite member' }).click();
    const form = dialog('Invite a member');
    await form.getByLabel('E-mail').fill('rae.reader@example.com');
    await form.getByLabel('Name (optional)').fill('Rae Reader');
    await check('invite-dialog');
    await form.getByRole('button', { name: 'Invite' }).click();
    const shown = dialog('Rae Reader is invited');
    await shown.waitFor();
    readerLink = await shown.getByLabel('The invitation link').inputValue();
    expect(readerLink).toMatch(new RegExp(`^${service.url}/console/#/accept-invitation\\?token=kp_invite_`));
    await page.keyboard.press('Escape');
    expect(await shown.isVisible()).toBe(true);
    await shown.getByRole('checkbox').check();
    await shown.getByRole('button', { name: 'Done' }).click();
    await rows().filter({ hasText: 'Rae Reader' }).getByText('Invited').waitFor();
    await check('members');

    reader = await newPerson(browser, service.url, { width: 'narrow' });
    await reader.page.goto(readerLink);
    await reader.page.getByLabel('Password', { exact: true }).fill(readerPassword);
    await reader.page.getByLabel('Password again').fill(readerPassword);
    await reader.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await reader.page.getByRole('heading', { name: 'API keys' }).waitFor();
    await rows(reader.page).first().waitFor();
  });

  it('a member without keys:write sees no create button, and the service refuses them anyway', async () => {
    expect(await reader.page.getByRole('button', { name: 'Create API key' }).count()).toBe(0);
    expect(await reader.page.getByRole('link', { name: /Users/ }).count()).toBe(0);
    await check('keys-read-only', reader.page);
    const attempt = async (withToken: boolean) =>
      (await reader.page.evaluate(`(async () => {
        const current = await (await fetch('/v1/sessions/current')).json();
        const headers = { 'content-type': 'application/json' };
        if (${withToken}) headers['x-csrf-token'] = current.csrf_token;
        const response = await fetch('/v1/keys', { method: 'POST', headers, body: JSON.stringify({ name: 'sneaky' }) });
        return { status: response.status, code: (await response.json()).code };
      })()`)) as { status: number; code: string };
    // Without the X-CSRF-Token header the cookie alone changes nothing.
    expect(await attempt(false)).toEqual({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    expect(await attempt(true)).toEqual({ status: 403, code: 'INSUFFICIENT_SCOPE' });
  });

  it("changes a member's scopes, suspends them (their session ends) and signs them out everywhere", async () => {
    const manage = async () => {
      await page.getByRole('button', { name: 'Manage Rae Reader' }).click();
      return dialog('Manage Rae Reader');
    };
    let box = await manage();
    await box.getByRole('checkbox', { name: /^keys:write\b/ }).check();
    await box.getByRole('button', { name: 'Save scopes' }).click();
    await box.getByText('Scopes saved.').waitFor();
    await check('member-dialog');
    await reader.page.reload();
    await reader.page.getByRole('button', { name: 'Create API key' }).waitFor();

    await box.getByRole('button', { name: 'Suspend' }).click();
    await box.getByText('Rae Reader is suspended and signed out.').waitFor();
    await box.getByRole('button', { name: 'Close' }).first().click();
    await reader.page.reload();
    await reader.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await reader.page.getByText(/Sign in again/).waitFor();

    box = await manage();
    await box.getByRole('button', { name: 'Reactivate' }).click();
    await box.getByText('Rae Reader may sign in again.').waitFor();
    await reader.page.getByLabel('Organization').fill('operator');
    await reader.page.getByLabel('E-mail').fill('rae.reader@example.com');
    await reader.page.getByLabel('Password').fill(readerPassword);
    await reader.page.getByRole('button', { name: 'Sign in' }).click();
    await reader.page.getByRole('heading', { name: 'API keys' }).waitFor();

    await box.getByRole('button', { name: 'Sign out everywhere' }).click();
    await box.getByText(/Signed out everywhere: 1 session ended/).waitFor();
    await page.keyboard.press('Escape');
    await reader.page.reload();
    await reader.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it("makes a member a password reset link (shown once), then removes them; their keys' history stays", async () => {
    await page.getByRole('button', { name: 'Manage Rae Reader' }).click();
    await dialog('Manage Rae Reader').getByRole('button', { name: 'Password reset link' }).click();
    const shown = dialog('A new link for Rae Reader');
    await shown.waitFor();
    expect(await shown.getByLabel('The password reset link').inputValue()).toMatch(/#\/accept-invitation\?token=kp_invite_/);
    await page.keyboard.press('Escape');
    expect(await shown.isVisible()).toBe(true);
    await shown.getByRole('checkbox').check();
    await shown.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Manage Rae Reader' }).click();
    await dialog('Manage Rae Reader').getByRole('button', { name: 'Remove', exact: true }).click();
    await dialog('Manage Rae Reader').getByRole('button', { name: 'Remove Rae Reader for good' }).click();
    await dialog('Manage Rae Reader').waitFor({ state: 'detached' });
    await rows().filter({ hasText: 'Rae Reader' }).waitFor({ state: 'detached' });
  });

  it('filters the audit trail by action, actor, target and time', async () => {
    await go('/audit', 'Audit trail');
    await rows().first().waitFor();
    await check('audit');
    await page.getByLabel('Action').selectOption('key.revoked');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await rows().allInnerTexts()).length).toBe(1);
    expect(await rows().first().innerText()).toContain('Pasted into a public issue');
    // The actor's name filters by them.
    await rows().first().getByRole('button', { name: /Olive Owner/ }).click();
    await expect.poll(() => page.url()).toContain('actor_id=mem_');
    await page.getByRole('button', { name: 'Clear' }).click();
    const keyId = /key_[0-9A-Z]{26}/.exec(await page.locator('a[href*="#/keys/key_"]').first().getAttribute('href') ?? '')?.[0] ?? '';
    await page.getByLabel('Target id').fill(keyId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await rows().allInnerTexts()).every((text) => text.includes(keyId))).toBe(true);
    await page.getByLabel('From').fill('2099-01-01T00:00');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No events match.').waitFor();
  });

  it("changes the organization's name, key policy and session policy; the create dialog fills in the new default and offers no 'never'", async () => {
    await go('/settings/organization', 'Organization');
    const form = page.getByRole('form', { name: 'Organization settings' });
    await form.getByLabel('Name').fill('Operator Inc');
    await form.getByLabel('Default lifetime of a new key in days').fill('30');
    await form.getByRole('group', { name: 'Maximum lifetime' }).getByRole('radio', { name: 'Days' }).check();
    await form.getByLabel('Maximum lifetime in days').fill('0.0001');
    await form.getByRole('button', { name: 'Save' }).click();
    const max = form.getByLabel('Maximum lifetime in days');
    await expect.poll(() => max.getAttribute('aria-invalid')).toBe('true');
    await check('organization-refused');
    await max.fill('365');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    expect(await page.locator('.org-name').innerText()).toBe('Operator Inc');

    // The session policy: a value the service refuses is shown at its field; then it is kept.
    const idle = form.getByLabel('Sign out after this many minutes without use');
    expect(await idle.inputValue()).toBe('30');
    await idle.fill('1');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => idle.getAttribute('aria-invalid')).toBe('true');
    await idle.fill('45');
    await form.getByLabel('Sign out this many hours after signing in').fill('8');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    const { organization } = (await (await myself(service.adminKey)).json()) as { organization: { session_policy: unknown } };
    expect(organization.session_policy).toEqual({ idle_timeout_seconds: 2_700, absolute_timeout_seconds: 28_800 });

    await go('/keys', 'API keys');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const create = dialog('Create API key');
    const expiry = await create.getByLabel('Expiry date and time').inputValue();
    const days = (new Date(expiry).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    expect(await create.getByRole('radio', { name: /^Never/ }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await create.waitFor({ state: 'detached' });
  });

  it('operator: lists organizations, creates a tenant (its admin key and owner link shown once) and changes its plan', async () => {
    await go('/organizations', 'Organizations');
    await rows().first().waitFor();
    await page.getByRole('button', { name: 'Create organization' }).click();
    const form = dialog('Create an organization');
    await form.getByLabel('Slug').fill('acme');
    await form.getByLabel('Name').fill('Acme Corporation');
    await form.getByLabel('Plan').selectOption('team');
    await form.getByRole('button', { name: 'Create organization' }).click();
    const shown = dialog('Acme Corporation is created');
    await shown.waitFor();
    const adminKey = await shown.getByLabel('Its admin key').inputValue();
    expect(adminKey).toMatch(/^nm_acme_/);
    expect(await shown.getByLabel("The first owner's set-up link").inputValue()).toMatch(/#\/accept-invitation\?token=kp_invite_/);
    await check('organization-created');
    await shown.getByRole('checkbox').check();
    await shown.getByRole('button', { name: 'Done' }).click();
    await rows().filter({ hasText: 'Acme Corporation' }).waitFor();
    expect((await myself(adminKey)).status).toBe(200);

    await page.getByRole('button', { name: 'Change plan of Acme Corporation' }).click();
    await dialog('Plan of Acme Corporation').getByLabel('Plan').selectOption('business');
    await dialog('Plan of Acme Corporation').getByRole('button', { name: 'Save plan' }).click();
    await rows().filter({ hasText: 'Acme Corporation' }).getByText('business').waitFor();
    await check('organizations');
  });

  it('shows my sessions and ends another one', async () => {
    const other = await newSession(service, { organizationSlug: 'operator', email: ownerEmail, password: ownerPassword }, 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Firefox/130.0');
    await go('/account', 'My account');
    await expect.poll(() => rows().count()).toBe(2);
    expect(await rows().filter({ hasText: 'This browser' }).count()).toBe(1);
    await check('account');
    await rows().filter({ hasText: 'Firefox on macOS' }).getByRole('button', { name: /^End the session/ }).click();
    await expect.poll(() => rows().count()).toBe(1);
    expect((await other.get('/v1/sessions/current')).status).toBe(401);
  });

  it("shows times in the viewer's time zone, with the absolute time on hover", async () => {
    const tokyo = await browser.newContext({ storageState: await owner.context.storageState(), timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    const view = await tokyo.newPage();
    await view.goto(`${service.url}/console/#/keys?name=batch%20key%201`);
    const time = view.locator('table tbody tr:not(.skeleton-row) time').first();
    await time.waitFor();
    const iso = (await time.getAttribute('datetime'))!;
    const expected = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date(iso));
    expect(await time.innerText()).toBe(expected);
    const absolute = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'long', timeZone: 'Asia/Tokyo' }).format(new Date(iso));
    expect(await time.getAttribute('title')).toBe(`${absolute} (${iso})`);
    await tokyo.close();
  });

  it('asked no other origin for anything and logged no error (no CSP violation, no script error)', () => {
    expect(owner.otherOrigins).toEqual([]);
    expect(reader.otherOrigins).toEqual([]);
    expect(owner.log.errors).toEqual([]);
    expect(reader.log.errors).toEqual([]);
  });
});
