/**
 * The numeric and length limits of the contract's request side, read from openapi.yaml:
 * every `minimum`, `maxLength`, `maxItems`, ... of every operation's path, query and header
 * parameters and JSON body, following `$ref`s into shared schemas, array `items`,
 * `propertyNames` and `additionalProperties`. Response schemas are not walked: the service
 * writes those, so their limits say nothing about what it accepts.
 */
import type { Contract, OpenApiDocument } from '../../src/server/contract/contract.js';
import { resolvePointer } from '../../src/server/contract/contract.js';

/** The JSON Schema keywords that bound a number, a length, a count of items or of properties. */
export const LIMIT_KEYWORDS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
] as const;
export type LimitKeyword = (typeof LIMIT_KEYWORDS)[number];

export interface RequestLimit {
  operationId: string;
  /**
   * The limited value in the validator's `errors[].path` form, with `[]` for any item of an
   * array, `.*` for any additional property's value and `.<name>` for a property's name:
   * `body.ip_rules[].cidr`, `body.metadata.*`, `query.limit`, `header.idempotency-key`.
   */
  field: string;
  keyword: LimitKeyword;
  limit: number;
}

/** How the table of cases names a field: `updateKey body.ip_rules[].cidr`. */
export function fieldKey(limit: Pick<RequestLimit, 'operationId' | 'field'>): string {
  return `${limit.operationId} ${limit.field}`;
}

// Applicators that could hide a limit and that the walk does not follow: meeting one fails
// loudly instead of leaving its limits untested.
const NOT_WALKED = ['prefixItems', 'contains', 'patternProperties', 'dependentSchemas', 'if', 'then', 'else', 'not'];

/** Every limit of every operation's request, in contract order, each once. */
export function requestLimits(contract: Contract): RequestLimit[] {
  const found = new Map<string, RequestLimit>();
  for (const operation of contract.operations) {
    const record = (field: string, keyword: LimitKeyword, limit: number) => {
      const limitOf = { operationId: operation.operationId, field, keyword, limit };
      const id = `${fieldKey(limitOf)} ${keyword}`;
      const earlier = found.get(id);
      if (earlier && earlier.limit !== limit) throw new Error(`${id} is both ${earlier.limit} and ${limit}`);
      found.set(id, limitOf);
    };
    for (const parameter of operation.parameters) {
      const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
      walk(contract.document, resolvePointer(contract.document, parameter.schemaPointer), `${parameter.in}.${name}`, record, 0);
    }
    if (operation.bodyPointer) walk(contract.document, resolvePointer(contract.document, operation.bodyPointer), 'body', record, 0);
  }
  return [...found.values()];
}

type Recorder = (field: string, keyword: LimitKeyword, limit: number) => void;

function walk(document: OpenApiDocument, node: unknown, field: string, record: Recorder, depth: number): void {
  if (depth > 32) throw new Error(`${field}: schemas nest too deep (a $ref cycle?)`);
  if (node === null || typeof node !== 'object') return; // `true`/`false` schemas hold no limit
  const schema = node as Record<string, unknown>;
  const next = (child: unknown, at: string) => walk(document, child, at, record, depth + 1);

  if (typeof schema.$ref === 'string') {
    if (!schema.$ref.startsWith('#/')) throw new Error(`${field}: only local $refs are walked, got ${schema.$ref}`);
    next(resolvePointer(document, schema.$ref.slice(1)), field);
  }
  for (const keyword of LIMIT_KEYWORDS) {
    if (typeof schema[keyword] === 'number') record(field, keyword, schema[keyword]);
  }
  for (const keyword of NOT_WALKED) {
    if (keyword in schema) throw new Error(`${field}: "${keyword}" is not walked; teach requestLimits() to follow it`);
  }
  for (const [name, child] of Object.entries((schema.properties as Record<string, unknown>) ?? {})) {
    next(child, field + propertySegment(name));
  }
  if (schema.items) next(schema.items, `${field}[]`);
  if (schema.additionalProperties) next(schema.additionalProperties, `${field}.*`);
  if (schema.propertyNames) next(schema.propertyNames, `${field}.<name>`);
  for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
    for (const branch of (schema[combinator] as unknown[]) ?? []) next(branch, field);
  }
}

/** As the request validator writes a property into a path. */
function propertySegment(name: string): string {
  return /^[A-Za-z_][\w-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/**
 * The size a value must have to sit exactly on the limit (`at`) and one step past it
 * (`past`): characters, items, properties, or the number itself. Steps are whole numbers,
 * as every limited number of the contract is an integer.
 */
export function boundarySizes(limit: Pick<RequestLimit, 'keyword' | 'limit'>): { at: number; past: number } {
  const n = limit.limit;
  switch (limit.keyword) {
    case 'exclusiveMinimum':
      return { at: n + 1, past: n };
    case 'exclusiveMaximum':
      return { at: n - 1, past: n };
    case 'minimum':
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return { at: n, past: n - 1 };
    default:
      return { at: n, past: n + 1 };
  }
}

/** Matches the `errors[].path` entries that name `field` (any index, any property). */
export function fieldPattern(field: string): RegExp {
  const source = field
    .split(/(\[\]|\.\*|\.<name>)/)
    .map((part) => {
      if (part === '[]') return '\\[\\d+\\]';
      if (part === '.*') return '(?:\\.[A-Za-z_][\\w-]*|\\[".*"\\])';
      // Ajv reports a bad property name at the object that holds it.
      if (part === '.<name>') return '';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}
