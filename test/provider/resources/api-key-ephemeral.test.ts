/**
 * Plan-time validation of the ephemeral keyplane_api_key without terraform: the key fields
 * and IP rules as for the resource (src/core), and ttl.
 */
import { describe, expect, it } from 'vitest';
import { SchemaCodec, Unknown, type CtyValue } from '../../../src/provider/framework/index.js';
import { apiKeyEphemeralResource, apiKeyEphemeralSchema } from '../../../src/provider/resources/api-key-ephemeral.js';

const codec = new SchemaCodec(apiKeyEphemeralSchema);
const problems = (values: Record<string, CtyValue>) =>
  apiKeyEphemeralResource.validateConfig!({ config: codec.complete({ name: 'ci', ...values }) as never }).map((d) => ({ summary: d.summary, path: d.path, detail: d.detail }));

describe('ephemeral keyplane_api_key validation', () => {
  it('accepts a full, valid configuration, and one with ttl left out', () => {
    expect(
      problems({
        description: 'CI run',
        scopes: ['keys:read'],
        metadata: { run: '42' },
        ttl: '1h30m',
        ip_rule: [{ action: 'allow', cidr: '10.0.0.1/8', note: null }],
      }),
    ).toEqual([]);
    expect(problems({})).toEqual([]);
  });

  it.each<[string, Record<string, CtyValue>, string, unknown, RegExp]>([
    ['a ttl that is no duration', { ttl: '1 hour' }, 'Invalid ttl', [{ attribute: 'ttl' }], /is not a duration/],
    ['a zero ttl', { ttl: '0m' }, 'Invalid ttl', [{ attribute: 'ttl' }], /longer than zero/],
    ['an empty name', { name: ' ' }, 'Invalid name', [{ attribute: 'name' }], /must not be empty/],
    ['a bad scope', { scopes: ['no spaces allowed'] }, 'Invalid scope', [{ attribute: 'scopes' }], /not a scope name/],
    ['a bad metadata key', { metadata: { 'a b': 'x' } }, 'Invalid metadata key', [{ attribute: 'metadata' }, { key: 'a b' }], /not a metadata key/],
    ['a bad CIDR', { ip_rule: [{ action: 'allow', cidr: '10.0.0.0/33', note: null }] }, 'Invalid IP rule', [{ attribute: 'ip_rule' }, { index: 0 }, { attribute: 'cidr' }], /prefix length/],
  ])('reports %s at its attribute', (_name, values, summary, path, detail) => {
    expect(problems(values)).toEqual([{ summary, path, detail: expect.stringMatching(detail) }]);
  });

  it('skips unknown values', () => {
    expect(problems({ name: Unknown, ttl: Unknown, scopes: Unknown, metadata: { a: Unknown }, ip_rule: Unknown })).toEqual([]);
  });
});
