/**
 * What the resource commands (`keyplane keys|scopes|members <action>`) are made of: a command
 * is its usage line, its flags and a function from the typed client to what it prints. The
 * runner (resource-commands.ts) parses the flags, connects and prints; a command never writes
 * to the terminal itself.
 */
import type { ParseArgsConfig } from 'node:util';
import type { KeyplaneApi } from '../client/index.js';

/** Flags as `node:util` parseArgs declares them. */
export type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed flags of one run. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** What a command prints: the raw document for `--json`, and text for people. */
export interface Output {
  json: unknown;
  text: string;
  exitCode?: number;
}

/** One action of a resource command, e.g. `keyplane keys create`. */
export interface Command {
  usage: string;
  options?: Options;
  run(api: KeyplaneApi, positionals: string[], values: Values): Promise<Output>;
}

/** A mistake in how the command was called: printed with the usage, exit 2. */
export class UsageError extends Error {}

/** A positional argument that must be there, e.g. `required(id, 'KEY_ID')`. */
export function required(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`${name} is required`);
  return value;
}

/** A flag holding a whole number. */
export function integer(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}
