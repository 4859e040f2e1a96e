import { describe, expect, it } from 'vitest';
import { MAX_POLICY_TTL_SECONDS, validateKeyPolicy } from '../../src/core/key-policy.js';
import type { KeyPolicy } from '../../src/core/types.js';

const base: KeyPolicy = {
  defaultTtlSeconds: 90 * 86_400,
  maxTtlSeconds: 365 * 86_400,
  issuerPrefix: 'nm',
  tagStyle: 'organization',
  environmentTag: null,
};

describe('validateKeyPolicy', () => {
  it.each<[string, Partial<KeyPolicy>]>([
    ['the usual policy', {}],
    ['no limits at all', { defaultTtlSeconds: null, maxTtlSeconds: null }],
    ['default equal to maximum', { defaultTtlSeconds: 86_400, maxTtlSeconds: 86_400 }],
    ['environment tag style', { tagStyle: 'environment', environmentTag: 'live' }],
    ['longest TTL', { defaultTtlSeconds: MAX_POLICY_TTL_SECONDS, maxTtlSeconds: null }],
  ])('accepts %s', (_name, over) => {
    expect(validateKeyPolicy({ ...base, ...over })).toEqual([]);
  });

  it.each<[string, Partial<KeyPolicy>, (string | number)[][]]>([
    ['default above maximum', { defaultTtlSeconds: 400 * 86_400 }, [['default_ttl_seconds']]],
    ['no default with a maximum', { defaultTtlSeconds: null }, [['default_ttl_seconds']]],
    ['zero TTL', { defaultTtlSeconds: 0 }, [['default_ttl_seconds']]],
    ['fractional TTL', { maxTtlSeconds: 1.5 }, [['max_ttl_seconds']]],
    ['TTL beyond ten years', { defaultTtlSeconds: null, maxTtlSeconds: MAX_POLICY_TTL_SECONDS + 1 }, [['max_ttl_seconds']]],
    ['bad issuer', { issuerPrefix: 'NM' }, [['issuer_prefix']]],
    ['environment style without tag', { tagStyle: 'environment' }, [['environment_tag']]],
    ['environment style with a bad tag', { tagStyle: 'environment', environmentTag: 'Live!' }, [['environment_tag']]],
    ['organization style with a tag', { environmentTag: 'live' }, [['environment_tag']]],
    ['unknown tag style', { tagStyle: 'team' as never }, [['tag_style']]],
  ])('refuses %s', (_name, over, paths) => {
    expect(validateKeyPolicy({ ...base, ...over }).map((i) => i.path)).toEqual(paths);
  });

  it('words the default-above-maximum issue so it can be acted on', () => {
    expect(validateKeyPolicy({ ...base, defaultTtlSeconds: 400 * 86_400 })).toEqual([
      {
        path: ['default_ttl_seconds'],
        message: 'default_ttl_seconds (400 days) is longer than max_ttl_seconds (365 days); lower the default or raise the maximum',
      },
    ]);
  });
});
