import { describe, expect, it } from 'vitest';

import { createKeyplaneClient, KeyplaneConfigError, type KeyplaneClientOptions } from '../../src/client/index.js';
import { API_KEY } from './fixtures.js';

const valid: KeyplaneClientOptions = { endpoint: 'https://keys.example.com', apiKey: API_KEY };

describe('createKeyplaneClient options', () => {
  it.each([
    { name: 'a relative endpoint', options: { endpoint: '/v1' }, message: '`endpoint` must be an absolute http(s) URL' },
    { name: 'an empty endpoint', options: { endpoint: '' }, message: '`endpoint` must be the absolute http(s) URL' },
    { name: 'an ftp endpoint', options: { endpoint: 'ftp://keys.example.com' }, message: '`endpoint` must use http or https, not "ftp"' },
    { name: 'credentials in the endpoint', options: { endpoint: 'https://admin:hunter2@keys.example.com' }, message: 'must not contain credentials' },
    { name: 'a query in the endpoint', options: { endpoint: 'https://keys.example.com/?a=1' }, message: 'must not have a query string' },
    { name: 'an empty apiKey', options: { apiKey: '' }, message: '`apiKey` must be a non-empty string' },
    { name: 'a blank apiKey', options: { apiKey: '  \n' }, message: '`apiKey` must be a non-empty string' },
    { name: 'an apiKey with a space', options: { apiKey: 'nm_acme_abc def' }, message: '`apiKey` must consist of visible ASCII characters' },
    { name: 'an unknown authStyle', options: { authStyle: 'basic' as 'bearer' }, message: '`authStyle` must be "x-api-key" or "bearer"' },
    { name: 'a zero timeout', options: { timeoutMs: 0 }, message: '`timeoutMs` must be a number >= 1' },
    { name: 'zero attempts', options: { retries: { maxAttempts: 0 } }, message: '`retries.maxAttempts` must be an integer >= 1' },
    { name: 'a fractional attempt count', options: { retries: { maxAttempts: 2.5 } }, message: '`retries.maxAttempts` must be an integer >= 1' },
    { name: 'a negative delay', options: { retries: { baseDelayMs: -1 } }, message: '`retries.baseDelayMs` must be a number >= 0' },
    { name: 'a user agent with a line break', options: { userAgent: 'cli\r\nX: 1' }, message: '`userAgent` must be a non-empty string' },
  ] satisfies { name: string; options: Partial<KeyplaneClientOptions>; message: string }[])(
    'refuses $name',
    ({ options, message }) => {
      expect(() => createKeyplaneClient({ ...valid, ...options })).toThrow(KeyplaneConfigError);
      expect(() => createKeyplaneClient({ ...valid, ...options })).toThrow(message);
    },
  );

  it('does not echo credentials found in the endpoint', () => {
    expect(() => createKeyplaneClient({ ...valid, endpoint: 'https://admin:hunter2@keys.example.com' })).not.toThrow(/hunter2/);
  });

  it('trims a key read from a file with its line break, and a trailing slash from the endpoint', () => {
    const client = createKeyplaneClient({ endpoint: 'http://localhost:8080/', apiKey: `${API_KEY}\n` });
    expect(client.endpoint).toBe('http://localhost:8080');
    expect(client.authStyle).toBe('x-api-key');
  });

  it('is frozen, so the endpoint cannot be redirected after checks', () => {
    const client = createKeyplaneClient(valid);
    expect(Object.isFrozen(client)).toBe(true);
  });
});
