/**
 * `KeyplaneProvider`: the endpoint from the environment at synth time, the API key kept out of
 * the synthesized configuration, warnings, and synth-time errors.
 */
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { KeyplaneProvider } from '../../constructs/index.js';
import { infos, synth, validationErrors, warnings } from './helpers.js';

function stackWith(make: (stack: TerraformStack) => void): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  make(stack);
  return stack;
}

const SECRET = 'nm_acme_4Wc9ZqL2hT8vKx1bNf3RmY6pDs0aGe7J1Ah2Rz';

describe('KeyplaneProvider', () => {
  it('reads the endpoint from KEYPLANE_ENDPOINT and leaves KEYPLANE_API_KEY to Terraform: the secret is never synthesized', () => {
    const stack = stackWith((s) => KeyplaneProvider.fromEnvironment(s, 'keyplane', { KEYPLANE_ENDPOINT: 'https://keys.example.com', KEYPLANE_API_KEY: SECRET }));
    const json = synth(stack);
    expect(json).toHaveProviderWithProperties(KeyplaneProvider, { endpoint: 'https://keys.example.com' });
    expect(json).not.toContain(SECRET);
    expect(JSON.parse(json).terraform.required_providers).toEqual({ keyplane: { source: 'registry.terraform.io/keyplane/keyplane' } });
  });

  it('reads process.env by default', () => {
    const saved = process.env.KEYPLANE_ENDPOINT;
    process.env.KEYPLANE_ENDPOINT = 'https://from-process.example.com';
    try {
      const stack = stackWith((s) => new KeyplaneProvider(s, 'keyplane'));
      expect(synth(stack)).toHaveProviderWithProperties(KeyplaneProvider, { endpoint: 'https://from-process.example.com' });
    } finally {
      if (saved === undefined) delete process.env.KEYPLANE_ENDPOINT;
      else process.env.KEYPLANE_ENDPOINT = saved;
    }
  });

  it('fromEnvironment reads process.env by default and passes validation (process.env is no plain object)', () => {
    const saved = process.env.KEYPLANE_ENDPOINT;
    process.env.KEYPLANE_ENDPOINT = 'https://from-process.example.com';
    try {
      const stack = stackWith((s) => KeyplaneProvider.fromEnvironment(s));
      expect(validationErrors(stack)).toEqual([]);
      expect(synth(stack)).toHaveProviderWithProperties(KeyplaneProvider, { endpoint: 'https://from-process.example.com' });
    } finally {
      if (saved === undefined) delete process.env.KEYPLANE_ENDPOINT;
      else process.env.KEYPLANE_ENDPOINT = saved;
    }
  });

  it('an endpoint given wins over the environment; the other settings are passed on', () => {
    const stack = stackWith(
      (s) => new KeyplaneProvider(s, 'keyplane', { endpoint: 'https://given.example.com', timeoutSeconds: 30, maxRetries: 5, environment: { KEYPLANE_ENDPOINT: 'https://env.example.com' } }),
    );
    expect(synth(stack)).toHaveProviderWithProperties(KeyplaneProvider, { endpoint: 'https://given.example.com', timeout_seconds: 30, max_retries: 5 });
  });

  it('without any endpoint it says the provider will read it when Terraform runs', () => {
    const stack = stackWith((s) => new KeyplaneProvider(s, 'keyplane', { environment: {} }));
    expect(JSON.parse(synth(stack)).provider.keyplane).toEqual([{}]);
    expect(infos(stack)).toEqual(['[test/keyplane] endpoint: KEYPLANE_ENDPOINT is not set; the provider will read it where Terraform runs']);
  });

  it('warns about a literal apiKey, not about a sensitive variable', () => {
    const literal = stackWith((s) => new KeyplaneProvider(s, 'keyplane', { endpoint: 'https://k.example.com', apiKey: SECRET, environment: {} }));
    expect(warnings(literal)).toEqual([
      '[test/keyplane] apiKey: a literal API key is written in plain text to cdk.tf.json; leave it out and set KEYPLANE_API_KEY where Terraform runs, or pass a sensitive TerraformVariable',
    ]);
    const variable = stackWith((s) => {
      const key = new TerraformVariable(s, 'keyplane_api_key', { type: 'string', sensitive: true });
      new KeyplaneProvider(s, 'keyplane', { endpoint: 'https://k.example.com', apiKey: key.stringValue, environment: {} });
    });
    expect(warnings(variable)).toEqual([]);
    expect(synth(variable)).toHaveProviderWithProperties(KeyplaneProvider, { api_key: '${var.keyplane_api_key}' });
  });

  it('defaultOf finds the provider without alias', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'test');
    const aliased = new KeyplaneProvider(stack, 'second', { alias: 'second', environment: {} });
    expect(KeyplaneProvider.defaultOf(stack)).toBeUndefined();
    const main = new KeyplaneProvider(stack, 'main', { environment: {} });
    expect(KeyplaneProvider.defaultOf(aliased)).toBe(main);
  });
});

describe('KeyplaneProvider synth-time errors', () => {
  it.each([
    [{ endpoint: undefined, environment: { KEYPLANE_ENDPOINT: 'keys.example.com' } }, '[test/keyplane] endpoint: "keys.example.com" (from KEYPLANE_ENDPOINT) is not an http(s) URL; write the base URL of the service, e.g. "https://keys.example.com"'],
    [{ endpoint: 'ftp://keys.example.com' }, '[test/keyplane] endpoint: "ftp://keys.example.com" is not an http(s) URL; write the base URL of the service, e.g. "https://keys.example.com"'],
    [{ apiKey: ' ' }, '[test/keyplane] apiKey: must not be empty; leave it out and set KEYPLANE_API_KEY where Terraform runs'],
    [{ timeoutSeconds: 0 }, '[test/keyplane] timeoutSeconds: must be more than 0, got 0'],
    [{ maxRetries: 11 }, '[test/keyplane] maxRetries: must be a whole number from 0 to 10, got 11'],
    [{ maxRetries: 'many' }, '[test/keyplane] maxRetries: invalid input: expected number, received string'],
  ])('%j', (props, expected) => {
    const stack = stackWith((s) => new KeyplaneProvider(s, 'keyplane', { endpoint: 'https://k.example.com', environment: {}, ...(props as object) }));
    expect(validationErrors(stack)).toEqual([expected]);
  });
});
