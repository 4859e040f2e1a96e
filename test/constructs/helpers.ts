/**
 * Helpers for the construct tests: a stack with a Keyplane provider, synthesis with the
 * validations (as `cdktf synth` runs them), the validation errors as lines, and cdktf's
 * `toHaveResourceWithProperties` / `toHaveResource` / `toHaveProviderWithProperties` as vitest
 * matchers (cdktf ships them for jest).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { afterAll, expect } from 'vitest';
import { KeyplaneProvider } from '../../constructs/index.js';

// Testing.app(), synthScope() and fullSynth() each make an output directory under os.tmpdir()
// and leave it: point os.tmpdir() at one directory for the test file and remove it afterwards.
const outRoot = mkdtempSync(join(tmpdir(), 'keyplane-constructs-'));
const savedTmpdir = process.env.TMPDIR;
process.env.TMPDIR = outRoot;
afterAll(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(outRoot, { recursive: true, force: true });
});

/** A resource class, or a Terraform type name. */
type ResourceType = { readonly tfResourceType: string } | string;

interface ConstructMatchers<R = unknown> {
  /** The synthesized JSON has a resource of `type` whose config contains `properties` (camel or snake case). */
  toHaveResourceWithProperties(type: ResourceType, properties?: Record<string, unknown>): R;
  /** The synthesized JSON has a resource of `type`. */
  toHaveResource(type: ResourceType): R;
  /** The synthesized JSON has a provider of `type` whose config contains `properties`. */
  toHaveProviderWithProperties(type: ResourceType, properties?: Record<string, unknown>): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends ConstructMatchers<T> {}
}

const typeName = (type: ResourceType) => (typeof type === 'string' ? type : type.tfResourceType);

function section(received: string, kind: 'resource' | 'provider', type: string): string {
  const parsed = JSON.parse(received) as Record<string, Record<string, unknown> | undefined>;
  return JSON.stringify(parsed[kind]?.[type] ?? null, null, 2);
}

expect.extend({
  toHaveResourceWithProperties(received: string, type: ResourceType, properties: Record<string, unknown> = {}) {
    const name = typeName(type);
    const pass = Testing.toHaveResourceWithProperties(received, name, properties);
    return {
      pass,
      message: () =>
        `expected ${pass ? 'no ' : ''}${name} with ${JSON.stringify(properties)}; the ${name} resources are:\n${section(received, 'resource', name)}`,
    };
  },
  toHaveResource(received: string, type: ResourceType) {
    const name = typeName(type);
    const pass = Testing.toHaveResource(received, name);
    return { pass, message: () => `expected ${pass ? 'no ' : 'a '}${name} resource` };
  },
  toHaveProviderWithProperties(received: string, type: ResourceType, properties: Record<string, unknown> = {}) {
    const name = typeName(type);
    const pass = Testing.toHaveProviderWithProperties(received, name, properties);
    return {
      pass,
      message: () => `expected ${pass ? 'no ' : ''}provider ${name} with ${JSON.stringify(properties)}; it is:\n${section(received, 'provider', name)}`,
    };
  },
});

/** A fresh app and stack `test` with a Keyplane provider (endpoint given, nothing read from the environment). */
export function testStack(): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new KeyplaneProvider(stack, 'keyplane', { endpoint: 'http://127.0.0.1:8080', environment: {} });
  return { app, stack };
}

/** The synthesized JSON, with every validation run first (throws as `cdktf synth` would). */
export function synth(stack: TerraformStack): string {
  return Testing.synth(stack, true);
}

/** The synthesized JSON parsed. */
export function synthJson(stack: TerraformStack): { resource: Record<string, Record<string, Record<string, unknown>>>; output?: Record<string, Record<string, unknown>>; import?: unknown[]; provider: Record<string, unknown[]>; terraform: Record<string, unknown> } {
  return JSON.parse(synth(stack)) as ReturnType<typeof synthJson>;
}

/** The validation errors of the stack, one line each (`[path] field: message`); empty when it synthesizes. */
export function validationErrors(stack: TerraformStack): string[] {
  try {
    Testing.synth(stack, true);
    return [];
  } catch (error) {
    const message = (error as Error).message;
    if (!message.startsWith('Validation failed')) throw error;
    return message
      .split('\n')
      .filter((line) => line.startsWith('  ['))
      .map((line) => line.slice(2));
  }
}

/** The warnings cdktf recorded on constructs of the stack (what `cdktf synth` prints). */
export function warnings(stack: TerraformStack): string[] {
  Testing.synth(stack);
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => `[${c.node.path}] ${String(m.data)}`));
}

/** Infos likewise. */
export function infos(stack: TerraformStack): string[] {
  Testing.synth(stack);
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => `[${c.node.path}] ${String(m.data)}`));
}

/** A date `days` from now. */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * 86_400_000);
}
