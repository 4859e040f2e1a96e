/**
 * Plan-time validation of keyplane_scope without terraform: src/core's rules that need no
 * catalog, each at its attribute, worded as the service words them; unknown values skipped.
 */
import { describe, expect, it } from 'vitest';
import { SchemaCodec, Unknown, type CtyValue } from '../../../src/provider/framework/index.js';
import { scopeSchema, validateScopeConfig } from '../../../src/provider/resources/scope-resource.js';

const codec = new SchemaCodec(scopeSchema);
const problems = (values: Record<string, CtyValue>) =>
  validateScopeConfig(codec.complete({ name: 'agentic', ...values }) as never).map((d) => ({ summary: d.summary, path: d.path, detail: d.detail }));

describe('validateScopeConfig', () => {
  it('accepts a valid scope, with includes that only the service can check', () => {
    expect(problems({ description: 'Agents', includes: ['read', 'keys:read', 'admin'] })).toEqual([]);
  });

  const cases: { name: string; values: Record<string, CtyValue>; summary: string; attribute: string; detail: RegExp }[] = [
    { name: 'a built-in name', values: { name: 'keys:read' }, summary: 'Invalid name', attribute: 'name', detail: /^"keys:read" is a built-in scope; choose another name\.$/ },
    { name: 'a malformed name', values: { name: 'read write' }, summary: 'Invalid name', attribute: 'name', detail: /is not a valid scope name/ },
    { name: 'a long description', values: { description: 'x'.repeat(1001) }, summary: 'Invalid description', attribute: 'description', detail: /longer than 1000/ },
    { name: 'an ESC in the description', values: { description: 'x\u001b[0m' }, summary: 'Invalid description', attribute: 'description', detail: /^Description contains a control character \(U\+001B\) at position 2; remove it\.$/ },
    { name: 'including itself', values: { includes: ['agentic'] }, summary: 'Invalid include', attribute: 'includes', detail: /^A scope cannot include itself; remove "agentic" from includes\.$/ },
    { name: 'including operator', values: { includes: ['operator'] }, summary: 'Invalid include', attribute: 'includes', detail: /"operator" cannot be included/ },
    { name: 'a malformed include', values: { includes: ['-x'] }, summary: 'Invalid include', attribute: 'includes', detail: /"-x" is not a scope name/ },
    {
      name: 'too many includes',
      values: { includes: Array.from({ length: 101 }, (_, i) => `s${i}`) },
      summary: 'Too many includes',
      attribute: 'includes',
      detail: /at most 100 scopes directly, got 101/,
    },
  ];
  for (const c of cases) {
    it(`reports ${c.name} at ${c.attribute}`, () => {
      expect(problems(c.values)).toEqual([{ summary: c.summary, path: [{ attribute: c.attribute }], detail: expect.stringMatching(c.detail) }]);
    });
  }

  it('skips unknown values, and still checks the includes when the name is unknown', () => {
    expect(problems({ name: Unknown, description: Unknown, includes: Unknown })).toEqual([]);
    expect(problems({ name: Unknown, includes: [Unknown, 'operator'] })).toEqual([
      { summary: 'Invalid include', path: [{ attribute: 'includes' }], detail: expect.stringMatching(/"operator" cannot be included/) },
    ]);
  });
});
