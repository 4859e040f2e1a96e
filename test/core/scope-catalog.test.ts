import { describe, expect, it } from 'vitest';
import {
  findIncludeCycle,
  findScopeDependents,
  MAX_SCOPE_DESCRIPTION_LENGTH,
  MAX_SCOPE_INCLUDES,
  validateCatalogChange,
  validateScopeDefinition,
  validateScopeName,
} from '../../src/core/scope-catalog.js';
import type { ScopeDefinition } from '../../src/core/scopes.js';

const scope = (name: string, ...includes: string[]): ScopeDefinition => ({ name, includes });

describe('validateScopeName', () => {
  it.each([['read'], ['DEVICES_READ'], ['billing:write'], ['a'], ['v1.reports-export'], [`a${'b'.repeat(63)}`]])(
    '%s is valid',
    (name) => {
      expect(validateScopeName(name)).toEqual([]);
    },
  );

  it.each([[''], ['1read'], ['_read'], ['read write'], ['read/write'], [`a${'b'.repeat(64)}`], ['é']])(
    '%j is malformed',
    (name) => {
      const issues = validateScopeName(name);
      expect(issues).toHaveLength(1);
      expect(issues[0]!.path).toEqual(['name']);
      expect(issues[0]!.message).toContain('is not a valid scope name: start with a letter');
    },
  );

  it.each([
    ['admin', '"admin" is a built-in scope; choose another name'],
    ['keys:read', '"keys:read" is a built-in scope; choose another name'],
    ['Admin', '"Admin" differs from the built-in scope "admin" only by case; choose another name'],
    ['KEYS:WRITE', '"KEYS:WRITE" differs from the built-in scope "keys:write" only by case; choose another name'],
  ])('%s clashes with a built-in', (name, message) => {
    expect(validateScopeName(name)).toEqual([{ path: ['name'], message }]);
  });
});

describe('findIncludeCycle', () => {
  it.each<[string, ScopeDefinition[], string[] | null]>([
    ['empty catalog', [], null],
    ['a chain', [scope('write', 'agentic'), scope('agentic', 'read'), scope('read')], null],
    ['a diamond', [scope('a', 'b', 'c'), scope('b', 'd'), scope('c', 'd'), scope('d')], null],
    ['includes of built-ins and unknowns', [scope('ci', 'keys:write', 'admin', 'ghost')], null],
    ['length 1 (self include)', [scope('a', 'a')], ['a', 'a']],
    ['length 2', [scope('write', 'agentic'), scope('agentic', 'write')], ['write', 'agentic', 'write']],
    ['length 3', [scope('a', 'b'), scope('b', 'c'), scope('c', 'a')], ['a', 'b', 'c', 'a']],
    [
      'a cycle reached through a prefix',
      [scope('top', 'x'), scope('x', 'y'), scope('y', 'z'), scope('z', 'x')],
      ['x', 'y', 'z', 'x'],
    ],
    ['a cycle after an acyclic part', [scope('a', 'b'), scope('b'), scope('c', 'd'), scope('d', 'c')], ['c', 'd', 'c']],
  ])('%s', (_name, catalog, expected) => {
    expect(findIncludeCycle(catalog)).toEqual(expected);
  });
});

describe('validateCatalogChange', () => {
  const catalog = [scope('read'), scope('agentic', 'read'), scope('write', 'agentic'), scope('EXPORT_READ')];

  it.each<[string, ScopeDefinition]>([
    ['a new scope with no includes', scope('billing')],
    ['a new scope including catalog and built-in scopes', scope('ci', 'write', 'keys:verify', 'admin')],
    ['replacing the includes of an existing scope', scope('write', 'agentic', 'EXPORT_READ')],
  ])('accepts %s', (_name, change) => {
    expect(validateCatalogChange(catalog, change)).toEqual({ ok: true });
  });

  it('refuses a malformed name', () => {
    expect(validateCatalogChange(catalog, scope('1bad'))).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['name'] }],
    });
  });

  it('refuses a built-in name with SCOPE_BUILT_IN', () => {
    expect(validateCatalogChange(catalog, scope('keys:write', 'read'))).toEqual({
      ok: false,
      code: 'SCOPE_BUILT_IN',
      detail: '"keys:write" is a built-in scope; built-in scopes cannot be created, changed or deleted.',
      issues: [{ path: ['name'], message: '"keys:write" is a built-in scope; choose another name' }],
    });
  });

  it('refuses bad includes, each with its index', () => {
    expect(validateCatalogChange(catalog, scope('x', 'read', 'x', 'ghost', 'operator', 'read'))).toEqual({
      ok: false,
      code: 'INVALID_SCOPE_INCLUDES',
      detail: 'The includes of scope "x" are not valid.',
      issues: [
        { path: ['includes', 1], message: 'a scope cannot include itself; remove "x" from includes' },
        {
          path: ['includes', 2],
          message: '"ghost" is neither a scope of this organization nor a built-in scope; create it first or remove it from includes',
        },
        {
          path: ['includes', 3],
          message: '"operator" cannot be included by another scope; grant it directly to keys of the operator organization',
        },
        { path: ['includes', 4], message: '"read" is already listed at includes[0]; list it once' },
      ],
    });
  });

  it('refuses too many includes', () => {
    const many = Array.from({ length: MAX_SCOPE_INCLUDES + 1 }, (_, i) => `s${i}`);
    const result = validateCatalogChange(many.map((n) => scope(n)), scope('big', ...many));
    expect(result).toMatchObject({ ok: false, code: 'INVALID_SCOPE_INCLUDES', issues: [{ path: ['includes'] }] });
  });

  it('refuses a change that closes a cycle, reported from the changed scope', () => {
    expect(validateCatalogChange(catalog, scope('read', 'write'))).toEqual({
      ok: false,
      code: 'SCOPE_CYCLE',
      detail: 'These includes would form a cycle: read → write → agentic → read.',
      issues: [{ path: ['includes'], message: 'includes would form a cycle read → write → agentic → read; remove one of these includes' }],
    });
  });
});

describe('findScopeDependents', () => {
  const catalog = [scope('read'), scope('agentic', 'read'), scope('write', 'agentic', 'read'), scope('other')];
  it.each<[string, string[]]>([
    ['read', ['agentic', 'write']],
    ['agentic', ['write']],
    ['write', []],
    ['missing', []],
  ])('%s is included by %j', (name, expected) => {
    expect(findScopeDependents(catalog, name)).toEqual(expected);
  });
});

describe('validateScopeDefinition (the rules that need no catalog)', () => {
  it('accepts a valid scope, including scopes that may or may not exist and built-ins', () => {
    expect(validateScopeDefinition({ name: 'write', description: 'Writes', includes: ['agentic', 'keys:read', 'ghost'] })).toEqual([]);
    expect(validateScopeDefinition({})).toEqual([]);
  });

  it.each<[string, Parameters<typeof validateScopeDefinition>[0], { path: unknown[]; message: RegExp }[]]>([
    ['a malformed name', { name: '1read' }, [{ path: ['name'], message: /is not a valid scope name/ }]],
    ['a built-in name', { name: 'admin', includes: [] }, [{ path: ['name'], message: /"admin" is a built-in scope/ }]],
    ['a long description', { name: 'a', description: 'x'.repeat(MAX_SCOPE_DESCRIPTION_LENGTH + 1) }, [{ path: ['description'], message: /longer than 1000/ }]],
    ['an ESC in the description', { name: 'a', description: 'Reads\u001b[31m' }, [{ path: ['description'], message: /^description contains a control character \(U\+001B\) at position 6; remove it$/ }]],
    ['a malformed include', { name: 'a', includes: ['ok', 'not ok'] }, [{ path: ['includes', 1], message: /"not ok" is not a scope name/ }]],
    ['itself', { name: 'write', includes: ['read', 'write'] }, [{ path: ['includes', 1], message: /a scope cannot include itself; remove "write"/ }]],
    ['operator', { name: 'ci', includes: ['operator'] }, [{ path: ['includes', 0], message: /"operator" cannot be included/ }]],
    ['a repeated include', { name: 'ci', includes: ['a', 'a'] }, [{ path: ['includes', 1], message: /already listed at includes\[0\]/ }]],
    [
      'too many includes',
      { name: 'ci', includes: Array.from({ length: MAX_SCOPE_INCLUDES + 1 }, (_, i) => `s${i}`) },
      [{ path: ['includes'], message: /at most 100 scopes directly, got 101/ }],
    ],
  ])('refuses %s', (_name, input, expected) => {
    expect(validateScopeDefinition(input)).toEqual(expected.map((e) => ({ path: e.path, message: expect.stringMatching(e.message) })));
  });

  it('checks includes when the name is unknown or invalid, with the same messages as the service', () => {
    expect(validateScopeDefinition({ includes: ['x', 'operator'] })).toEqual([{ path: ['includes', 1], message: expect.stringMatching(/"operator" cannot be included/) }]);
    const both = validateScopeDefinition({ name: 'Admin', includes: ['operator'] });
    expect(both.map((i) => i.path)).toEqual([['name'], ['includes', 0]]);
    // The same include refused by the catalog check the service runs.
    const service = validateCatalogChange([], scope('ci', 'operator'));
    expect(service.ok).toBe(false);
    if (!service.ok) expect(validateScopeDefinition({ name: 'ci', includes: ['operator'] })).toEqual(service.issues);
  });
});
