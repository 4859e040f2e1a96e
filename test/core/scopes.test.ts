import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_SCOPE_NAMES,
  BUILT_IN_SCOPES,
  findScopeEscalation,
  hasScopes,
  isBuiltInScope,
  normalizeGrantedScopes,
  resolveScopes,
  SCOPE_NAME_PATTERN,
  ScopeResolver,
} from '../../src/core/scopes.js';
import type { ScopeDefinition } from '../../src/core/scopes.js';

// The tiers of the product description: write = everything agentic allows plus more.
const CATALOG: ScopeDefinition[] = [
  { name: 'read', includes: [] },
  { name: 'agentic', includes: ['read'] },
  { name: 'write', includes: ['agentic', 'DEVICES_WRITE'] },
  { name: 'DEVICES_WRITE', includes: [] },
  { name: 'EXPORT_READ', includes: [] },
  { name: 'ci', includes: ['keys:write', 'keys:verify'] },
];

const sorted = (set: ReadonlySet<string>) => [...set].sort();

describe('BUILT_IN_SCOPES', () => {
  it('lists exactly the built-in scopes, each with a description', () => {
    expect(BUILT_IN_SCOPE_NAMES).toEqual([
      'admin',
      'keys:read',
      'keys:write',
      'keys:verify',
      'scopes:read',
      'scopes:write',
      'audit:read',
      'members:read',
      'operator',
    ]);
    for (const name of BUILT_IN_SCOPE_NAMES) expect(BUILT_IN_SCOPES[name].description.length).toBeGreaterThan(10);
  });

  it('admin includes every built-in except operator', () => {
    expect([...BUILT_IN_SCOPES.admin.includes].sort()).toEqual(
      BUILT_IN_SCOPE_NAMES.filter((n) => n !== 'admin' && n !== 'operator').sort(),
    );
  });

  it.each([
    ['admin', true],
    ['keys:read', true],
    ['operator', true],
    ['Admin', false],
    ['read', false],
    ['toString', false],
  ])('isBuiltInScope(%s) = %s', (name, expected) => {
    expect(isBuiltInScope(name)).toBe(expected);
  });

  it('built-in names follow the scope name rule', () => {
    for (const name of BUILT_IN_SCOPE_NAMES) expect(name).toMatch(SCOPE_NAME_PATTERN);
  });
});

describe('resolveScopes', () => {
  it.each<[string[], string[]]>([
    [[], []],
    [['read'], ['read']],
    [['agentic'], ['agentic', 'read']],
    [['write'], ['DEVICES_WRITE', 'agentic', 'read', 'write']],
    [['EXPORT_READ', 'agentic'], ['EXPORT_READ', 'agentic', 'read']],
    [['keys:write'], ['keys:read', 'keys:write']],
    [['scopes:write'], ['scopes:read', 'scopes:write']],
    [['ci'], ['ci', 'keys:read', 'keys:verify', 'keys:write']],
    [['unknown'], ['unknown']],
    [['operator'], []],
  ])('%j → %j', (granted, expected) => {
    expect(sorted(resolveScopes(granted, CATALOG))).toEqual(expected);
  });

  it('admin expands to every built-in but operator and the whole catalog', () => {
    expect(sorted(resolveScopes(['admin'], CATALOG))).toEqual(
      [
        'admin',
        'keys:read',
        'keys:write',
        'keys:verify',
        'scopes:read',
        'scopes:write',
        'audit:read',
        'members:read',
        'read',
        'agentic',
        'write',
        'DEVICES_WRITE',
        'EXPORT_READ',
        'ci',
      ].sort(),
    );
  });

  it('admin does not include operator even in the operator organization', () => {
    expect(resolveScopes(['admin'], CATALOG, { operatorOrganization: true }).has('operator')).toBe(false);
    expect(resolveScopes(['admin', 'operator'], CATALOG, { operatorOrganization: true }).has('operator')).toBe(true);
  });

  it('operator grants nothing outside the operator organization', () => {
    expect(resolveScopes(['operator'], CATALOG).size).toBe(0);
  });

  it('terminates on cyclic stored data', () => {
    const cyclic: ScopeDefinition[] = [
      { name: 'a', includes: ['b'] },
      { name: 'b', includes: ['c'] },
      { name: 'c', includes: ['a'] },
    ];
    expect(sorted(resolveScopes(['a'], cyclic))).toEqual(['a', 'b', 'c']);
  });

  it('ignores catalog entries that shadow a built-in', () => {
    const shadow: ScopeDefinition[] = [{ name: 'keys:read', includes: ['keys:write'] }];
    expect(sorted(resolveScopes(['keys:read'], shadow))).toEqual(['keys:read']);
  });
});

describe('hasScopes', () => {
  const effective = resolveScopes(['write'], CATALOG);
  it.each<[string[], string[]]>([
    [[], []],
    [['read'], []],
    [['read', 'agentic', 'write'], []],
    [['EXPORT_READ'], ['EXPORT_READ']],
    [['EXPORT_READ', 'read', 'admin', 'EXPORT_READ'], ['EXPORT_READ', 'admin']],
  ])('required %j → missing %j', (required, missing) => {
    expect(hasScopes(effective, required)).toEqual(missing);
  });
});

describe('ScopeResolver', () => {
  const resolver = new ScopeResolver(CATALOG);

  it('missing() agrees with hasScopes(resolve())', () => {
    const grants = [[], ['read'], ['write'], ['admin'], ['ci', 'EXPORT_READ'], ['operator']];
    const required = [['read'], ['write', 'keys:read'], ['keys:verify'], ['operator'], ['EXPORT_READ', 'agentic']];
    for (const granted of grants) {
      for (const req of required) {
        expect(resolver.missing(granted, req)).toEqual(hasScopes(resolver.resolve(granted), req));
      }
    }
  });

  it('memoizes expansions and resolutions', () => {
    expect(resolver.expand('write')).toBe(resolver.expand('write'));
    expect(resolver.resolve(['write', 'ci'])).toBe(resolver.resolve(['write', 'ci']));
    expect(resolver.resolveSorted(['write', 'ci'])).toBe(resolver.resolveSorted(['write', 'ci']));
  });

  it('resolveSorted() is resolve() in sorted order', () => {
    for (const granted of [[], ['read'], ['write', 'ci'], ['admin']]) {
      expect(resolver.resolveSorted(granted)).toEqual([...resolver.resolve(granted)].sort());
    }
  });

  it.each([
    ['read', false, true],
    ['keys:verify', false, true],
    ['admin', false, true],
    ['operator', false, false],
    ['operator', true, true],
    ['nope', false, false],
  ])('exists(%s) in operator org %s = %s', (name, operatorOrganization, expected) => {
    expect(new ScopeResolver(CATALOG, { operatorOrganization }).exists(name)).toBe(expected);
  });
});

describe('normalizeGrantedScopes', () => {
  const resolver = new ScopeResolver(CATALOG);

  it('deduplicates and sorts known scopes', () => {
    expect(normalizeGrantedScopes(['write', 'keys:read', 'write', 'EXPORT_READ'], resolver)).toEqual({
      ok: true,
      scopes: ['EXPORT_READ', 'keys:read', 'write'],
    });
  });

  it('reports unknown scopes and operator outside the operator organization', () => {
    expect(normalizeGrantedScopes(['read', 'nope', 'operator'], resolver)).toEqual({
      ok: false,
      issues: [
        {
          path: [1],
          message: 'scope "nope" does not exist in this organization; create it in the scope catalog first, or use an existing scope',
        },
        { path: [2], message: '"operator" can only be granted to keys of the operator organization' },
      ],
    });
  });

  it('allows operator in the operator organization', () => {
    expect(normalizeGrantedScopes(['operator'], new ScopeResolver([], { operatorOrganization: true }))).toEqual({
      ok: true,
      scopes: ['operator'],
    });
  });
});

describe('findScopeEscalation', () => {
  const resolver = new ScopeResolver(CATALOG);
  it.each<[string[], string[], string[]]>([
    [['admin'], ['write', 'ci'], []],
    [['write'], ['agentic'], []],
    [['agentic'], ['write'], ['DEVICES_WRITE', 'write']],
    [['keys:write'], ['keys:write'], []],
    [['keys:write'], ['admin'], ['DEVICES_WRITE', 'EXPORT_READ', 'admin', 'agentic', 'audit:read', 'ci', 'keys:verify', 'members:read', 'read', 'scopes:read', 'scopes:write', 'write']],
    [['keys:write'], ['ci'], ['ci', 'keys:verify']],
  ])('actor %j granting %j escalates %j', (actor, requested, beyond) => {
    expect(findScopeEscalation(actor, requested, resolver)).toEqual(beyond);
  });
});
