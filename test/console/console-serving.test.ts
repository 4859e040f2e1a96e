/**
 * How the service serves the console at /console/: the redirect from /console, index.html
 * checked on every load, content-hashed assets cached for good and sent compressed, the
 * Content-Security-Policy and the other security headers on every answer, no file outside
 * the build, and nothing that loads from another origin or runs inline. No browser needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../helpers/service.js';
import { CONSOLE_BUILD, ensureConsoleBuilt } from './console-harness.js';

/** The first load's JavaScript budget, gzipped (the 150 kB). */
const FIRST_LOAD_JS_BUDGET = 150 * 1024;

describe('the console as the service serves it', () => {
  let service: TestService;
  let assets: string[];
  const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${service.url}${pathname}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    await ensureConsoleBuilt();
    service = await startService();
    assets = readdirSync(path.join(CONSOLE_BUILD, 'assets'));
  }, 120_000);
  afterAll(async () => {
    await service?.close();
  });

  it('redirects /console to /console/ (relatively, so a proxy path prefix stays) and keeps the query', async () => {
    const answer = await get('/console');
    expect(answer.status).toBe(301);
    expect(answer.headers.get('location')).toBe('console/');
    expect((await get('/console?x=1')).headers.get('location')).toBe('console/?x=1');
    expect(new URL('console/', `${service.url}/console`).href).toBe(`${service.url}/console/`);
  });

  it('serves index.html at /console/ with no-cache, a strict CSP and the security headers', async () => {
    const answer = await get('/console/');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-cache');
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "manifest-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "require-trusted-types-for 'script'",
      "trusted-types 'none'",
    ]);
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(answer.headers.get('x-request-id')).toMatch(/^req_/);
    const html = await answer.text();
    // No inline script or style, and every file it loads is the service's own.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    const references = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThanOrEqual(3);
    for (const reference of references) expect(reference).toMatch(/^\.\/assets\/[\w.-]+$/);
    expect((await get('/console/index.html')).status).toBe(200);
  });

  it('serves the hashed assets immutable, compressed when asked, with a validator', async () => {
    const script = assets.find((name) => name.endsWith('.js'))!;
    const plain = await get(`/console/assets/${script}`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = Buffer.from(await plain.arrayBuffer());
    expect(body.equals(readFileSync(path.join(CONSOLE_BUILD, 'assets', script)))).toBe(true);

    // fetch would decompress on its own; ask with node's raw http to see the bytes sent.
    const { request } = await import('node:http');
    const gzipped = await new Promise<{ encoding: string | undefined; bytes: Buffer; vary: string | undefined }>((resolve, reject) => {
      request(`${service.url}/console/assets/${script}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ encoding: response.headers['content-encoding'], bytes: Buffer.concat(chunks), vary: response.headers.vary }));
      })
        .on('error', reject)
        .end();
    });
    expect(gzipped.encoding).toBe('gzip');
    expect(gzipped.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gzipped.bytes).equals(body)).toBe(true);

    const etag = plain.headers.get('etag')!;
    expect((await get(`/console/assets/${script}`, { 'if-none-match': etag })).status).toBe(304);
  });

  it('answers 404 with a problem for anything that is not in the build, never a file outside it', async () => {
    for (const pathname of ['/console/nothing.js', '/console/../package.json', '/console/%2e%2e/package.json', '/console/assets/', '/console/assets/../../../package.json']) {
      const answer = await get(pathname);
      expect(answer.status, pathname).toBe(404);
      expect(answer.headers.get('content-type'), pathname).toMatch(/^application\/problem\+json/);
    }
  });

  it(`keeps the first load within ${FIRST_LOAD_JS_BUDGET / 1024} kB of JavaScript, gzipped`, async () => {
    const html = await (await get('/console/')).text();
    const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    for (const script of scripts) total += gzipSync(readFileSync(path.join(CONSOLE_BUILD, script)), { level: 9 }).length;
    console.log(`console first load: ${scripts.length} script(s), ${(total / 1024).toFixed(1)} kB of JavaScript gzipped (budget ${FIRST_LOAD_JS_BUDGET / 1024} kB)`);
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_JS_BUDGET);
  });
});
