/**
 * `ScopeCatalog` and `Scope`: the keyplane_scope resources, includes by reference, and every
 * synth-time error (src/core's catalog rules: names, includes, cycles; duplicates).
 */
import { describe, expect, it } from 'vitest';
import { ApiKey, Scope, ScopeCatalog, generated } from '../../constructs/index.js';
import { synth, synthJson, testStack, validationErrors } from './helpers.js';

describe('ScopeCatalog', () => {
  it('declares the tiers read ⊂ agentic ⊂ write, each a keyplane_scope including the previous by reference', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes');
    const read = catalog.addScope('read', { description: 'Read every resource' });
    const agentic = catalog.addScope('agentic', { description: 'What an AI agent may do', includes: [read] });
    catalog.addScope('write', { description: 'Everything agentic allows plus managing resources', includes: [agentic, 'keys:read'] });
    const scopes = synthJson(stack).resource.keyplane_scope!;
    const address = (name: string) => Object.entries(scopes).find(([, s]) => s.name === name)![0];
    expect(scopes[address('read')]).toEqual({ name: 'read', description: 'Read every resource' });
    expect(scopes[address('agentic')]).toEqual({ name: 'agentic', description: 'What an AI agent may do', includes: [`\${keyplane_scope.${address('read')}.name}`] });
    expect(scopes[address('write')]!.includes).toEqual([`\${keyplane_scope.${address('agentic')}.name}`, 'keys:read']);
    expect(validationErrors(stack)).toEqual([]);
  });

  it('a Scope made directly takes its construct id as name unless given one', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes');
    const devices = new Scope(catalog, 'DEVICES_READ');
    const named = new Scope(catalog, 'Policies', { name: 'POLICIES_READ' });
    expect([devices.scopeName, named.scopeName]).toEqual(['DEVICES_READ', 'POLICIES_READ']);
    expect(synth(stack)).toHaveResourceWithProperties(generated.scope.Scope, { name: 'POLICIES_READ' });
    expect(catalog.scopes).toEqual([devices, named]);
    expect(devices.node.defaultChild).toBe(devices.resource);
  });

  it('finds scopes of the stack, built-ins and existing ones by name', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes', { existing: ['EXPORT_READ'] });
    const read = catalog.addScope('read');
    const other = new ScopeCatalog(stack, 'Other');
    expect(other.find('read')).toBe(read);
    expect(catalog.find('keys:read')).toEqual({ scopeName: 'keys:read', scopeRef: 'keys:read', origin: 'builtIn' });
    expect(catalog.find('EXPORT_READ')).toEqual({ scopeName: 'EXPORT_READ', scopeRef: 'EXPORT_READ', origin: 'existing' });
    expect(catalog.find('nothing')).toBeUndefined();
    expect(ScopeCatalog.inStack(read)).toEqual([catalog, other]);
  });

  it('Scope.fromName and Scope.builtIn are granted by name', () => {
    const { stack } = testStack();
    new ScopeCatalog(stack, 'Scopes').addScope('read');
    new ApiKey(stack, 'Key', { name: 'k', scopes: [Scope.fromName('LEGACY'), Scope.builtIn('audit:read')] });
    expect(synthJson(stack).resource.keyplane_api_key!.Key!.scopes).toEqual(['LEGACY', 'audit:read']);
    expect(validationErrors(stack)).toEqual([]);
  });

  it('uses the provider of the catalog (another organization)', () => {
    const { stack } = testStack();
    const { KeyplaneProvider } = generated.provider;
    const other = new KeyplaneProvider(stack, 'other', { alias: 'other' });
    const catalog = new ScopeCatalog(stack, 'Scopes', { provider: other });
    catalog.addScope('read');
    expect(synth(stack)).toHaveResourceWithProperties(generated.scope.Scope, { name: 'read', provider: 'keyplane.other' });
  });
});

describe('ScopeCatalog synth-time errors name the construct path and the field', () => {
  const errorsOf = (declare: (catalog: ScopeCatalog) => void) => {
    const { stack } = testStack();
    declare(new ScopeCatalog(stack, 'Scopes'));
    return validationErrors(stack);
  };

  it.each([
    ['a built-in name', (c: ScopeCatalog) => c.addScope('admin'), '[test/Scopes/admin] name: "admin" is a built-in scope; choose another name'],
    ['a built-in name in other letter case', (c: ScopeCatalog) => c.addScope('Keys:Read'), '[test/Scopes/Keys:Read] name: "Keys:Read" differs from the built-in scope "keys:read" only by case; choose another name'],
    [
      'a malformed name',
      (c: ScopeCatalog) => new Scope(c, 'Bad', { name: '1read' }),
      '[test/Scopes/Bad] name: "1read" is not a valid scope name: start with a letter, then use up to 63 letters, digits, "_", ".", ":" or "-" (for example "read", "DEVICES_READ", "billing:write")',
    ],
    ['a description too long', (c: ScopeCatalog) => c.addScope('read', { description: 'd'.repeat(1001) }), '[test/Scopes/read] description: description is longer than 1000 characters; shorten it'],
    ['including itself', (c: ScopeCatalog) => c.addScope('read', { includes: ['read'] }), '[test/Scopes/read] includes[0]: a scope cannot include itself; remove "read" from includes'],
    [
      'including operator',
      (c: ScopeCatalog) => c.addScope('ops', { includes: ['operator'] }),
      '[test/Scopes/ops] includes[0]: "operator" cannot be included by another scope; grant it directly to keys of the operator organization',
    ],
    [
      'including a scope twice',
      (c: ScopeCatalog) => c.addScope('write', { includes: ['keys:read', 'keys:read'] }),
      '[test/Scopes/write] includes[1]: "keys:read" is already listed at includes[0]; list it once',
    ],
    [
      'including an unknown scope',
      (c: ScopeCatalog) => c.addScope('write', { includes: ['keys:read', 'agentic'] }),
      '[test/Scopes/write] includes[1]: "agentic" is neither a scope of this organization nor a built-in scope; create it first or remove it from includes',
    ],
    [
      'a malformed include',
      (c: ScopeCatalog) => c.addScope('write', { includes: ['not a scope'] }),
      '[test/Scopes/write] includes[0]: "not a scope" is not a scope name: a letter, then up to 63 letters, digits, "_", ".", ":" or "-"',
    ],
  ])('%s', (_, declare, expected) => {
    expect(errorsOf(declare)).toEqual([expected]);
  });

  it('an include cycle, on the scopes that form it only', () => {
    const errors = errorsOf((c) => {
      const a = c.addScope('a', { includes: ['b'] });
      c.addScope('b', { includes: [a] });
      c.addScope('bystander', { includes: [a] });
    });
    expect(errors).toEqual([
      '[test/Scopes/a] includes: includes would form a cycle a → b → a; remove one of these includes',
      '[test/Scopes/b] includes: includes would form a cycle b → a → b; remove one of these includes',
    ]);
  });

  it('a scope declared twice in the stack, on the second', () => {
    const { stack } = testStack();
    new ScopeCatalog(stack, 'One').addScope('read');
    new ScopeCatalog(stack, 'Two').addScope('read');
    expect(validationErrors(stack)).toEqual(['[test/Two/read] name: "read" is already declared at test/One/read; declare each scope once']);
  });

  it('an existing scope with a malformed name, and props of the wrong shape', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes', { existing: ['EXPORT_READ', 'export read'] });
    new Scope(catalog, 'read', { includes: 'keys:read' as never, colour: 'red' } as never);
    expect(validationErrors(stack)).toEqual([
      '[test/Scopes] existing[1]: "export read" is not a valid scope name: start with a letter, then use up to 63 letters, digits, "_", ".", ":" or "-" (for example "read", "DEVICES_READ", "billing:write")',
      '[test/Scopes/read] includes: invalid input: expected array, received string',
      '[test/Scopes/read] unknown property "colour"; check the spelling',
    ]);
  });
});
