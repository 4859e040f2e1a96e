/**
 * Limits of an API key's fields and the checks a client can make before sending a key: name,
 * description, scopes (as names; whether they exist is for the service) and metadata. The
 * numbers are the contract's (openapi.yaml: `maxLength`, `maxItems`, `maxProperties`,
 * `propertyNames`), which the service enforces; test/contract/key-limits.test.ts keeps them
 * equal. The Terraform provider checks them at plan time and the constructs at synth time.
 */

import { displayTextProblem, quoteInput } from './display-text.js';
import type { Issue } from './issues.js';
import { SCOPE_NAME_PATTERN } from './scopes.js';

/** The contract's limits of a key's fields. */
export const KEY_LIMITS = {
  /** `name`: 1 to 100 characters. */
  name: 100,
  /** `description`: at most 1,000 characters. */
  description: 1000,
  /** `scopes`: at most 100. */
  scopes: 100,
  /** `metadata`: at most 50 pairs. */
  metadataPairs: 50,
  /** `metadata` keys: the contract's `propertyNames` pattern (1 to 64 characters). */
  metadataKey: /^[A-Za-z0-9_.:/-]{1,64}$/,
  /** `metadata` values: at most 500 characters. */
  metadataValue: 500,
} as const;

/** Which rule an issue of {@link validateKeyFields} breaks, for callers that word a title per rule. */
export type KeyFieldRule =
  | 'name_empty'
  | 'name_too_long'
  | 'name_text'
  | 'description_too_long'
  | 'description_text'
  | 'too_many_scopes'
  | 'scope_name'
  | 'too_much_metadata'
  | 'metadata_key'
  | 'metadata_value'
  | 'metadata_value_text';

/** An {@link Issue} with the rule it breaks. */
export interface KeyFieldIssue extends Issue {
  rule: KeyFieldRule;
}

/** The fields {@link validateKeyFields} checks; leave out what is not known (yet). */
export interface KeyFieldsInput {
  name?: string;
  description?: string | null;
  /** Scope names; leave unknown ones out of the list. */
  scopes?: readonly string[];
  metadata?: Readonly<Record<string, string>>;
}

/**
 * How a message names a metadata value. Values are labels (`team=finance`) shown in one table
 * cell or CSV cell, so they are held to the single-line rule of names; a program that needs to
 * store other bytes can encode them (base64, JSON).
 */
export function metadataValueLabel(key: string): string {
  return `the value of metadata ${quoteInput(key)}`;
}

/** Length as the contract counts it (JSON Schema `maxLength` counts code points, not UTF-16 units). */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Checks the fields that are given against the contract's limits. Paths use the API's field
 * names (`['name']`, `['scopes', 2]`, `['metadata', 'team']`); messages end without a period.
 * A name of only spaces is refused too: it says nothing about what the key is for. Text must
 * be safe to show (display-text.ts): the name and metadata values a single line, the
 * description free text.
 */
export function validateKeyFields(input: KeyFieldsInput): KeyFieldIssue[] {
  const issues: KeyFieldIssue[] = [];
  const add = (rule: KeyFieldRule, path: Issue['path'], message: string) => issues.push({ rule, path, message });

  if (input.name !== undefined) {
    const length = textLength(input.name);
    if (input.name.trim() === '') add('name_empty', ['name'], 'name must not be empty; say what the key is for, e.g. "CRM Sync"');
    else if (length > KEY_LIMITS.name) add('name_too_long', ['name'], `name is ${length} characters long; shorten it to at most ${KEY_LIMITS.name}`);
    const unsafe = displayTextProblem('name', input.name, 'single_line');
    if (unsafe) add('name_text', ['name'], unsafe);
  }

  if (input.description !== undefined && input.description !== null) {
    if (textLength(input.description) > KEY_LIMITS.description) {
      add('description_too_long', ['description'], `description is longer than ${KEY_LIMITS.description} characters; shorten it`);
    }
    const unsafe = displayTextProblem('description', input.description, 'free_text');
    if (unsafe) add('description_text', ['description'], unsafe);
  }

  if (input.scopes !== undefined) {
    if (input.scopes.length > KEY_LIMITS.scopes) {
      add('too_many_scopes', ['scopes'], `a key may have at most ${KEY_LIMITS.scopes} scopes, got ${input.scopes.length}`);
    }
    input.scopes.forEach((scope, index) => {
      if (!SCOPE_NAME_PATTERN.test(scope)) {
        add('scope_name', ['scopes', index], `${quoteInput(scope)} is not a scope name: a letter, then up to 63 letters, digits, "_", ".", ":" or "-"`);
      }
    });
  }

  if (input.metadata !== undefined) {
    const keys = Object.keys(input.metadata);
    if (keys.length > KEY_LIMITS.metadataPairs) {
      add('too_much_metadata', ['metadata'], `a key may have at most ${KEY_LIMITS.metadataPairs} metadata pairs, got ${keys.length}`);
    }
    for (const key of keys) {
      if (!KEY_LIMITS.metadataKey.test(key)) {
        add('metadata_key', ['metadata', key], `${quoteInput(key)} is not a metadata key: 1 to 64 letters, digits, "_", ".", ":", "/" or "-"`);
      }
      const value = input.metadata[key];
      if (typeof value === 'string' && textLength(value) > KEY_LIMITS.metadataValue) {
        add('metadata_value', ['metadata', key], `the value of ${quoteInput(key)} is longer than ${KEY_LIMITS.metadataValue} characters`);
      }
      const unsafe = typeof value === 'string' ? displayTextProblem(metadataValueLabel(key), value, 'single_line') : null;
      if (unsafe) add('metadata_value_text', ['metadata', key], unsafe);
    }
  }
  return issues;
}
