import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Contract, ContractOperation } from './contract.js';

/** One offending field: `path` in the `body.ip_rules[1].cidr` form the contract documents. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** What a request carries, in the shape the router gives it. */
export interface RequestParts {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  /** Whether a body was sent at all (a JSON `null` body is still a body). */
  hasBody: boolean;
}

export type RequestValidator = (parts: RequestParts) => FieldIssue[];

/**
 * Builds one validator per operation from the contract's own schemas (JSON Schema 2020-12,
 * as OpenAPI 3.1 uses). Query, path and header values arrive as strings and are coerced to
 * the documented types in place; bodies are never coerced (`"5"` is not a number in JSON).
 */
export function createRequestValidators(contract: Contract): Map<string, RequestValidator> {
  const strict = newAjv(contract, false);
  const coercing = newAjv(contract, true);
  const validators = new Map<string, RequestValidator>();
  for (const operation of contract.operations) {
    validators.set(operation.operationId, compileOperation(operation, strict, coercing));
  }
  return validators;
}

function newAjv(contract: Contract, coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    // 'array': a query parameter given once (`?scope=read`) is a one-item array where the
    // contract says array (OpenAPI's form style, explode), as when it is repeated.
    coerceTypes: coerce ? 'array' : false,
    useDefaults: coerce,
    // A schema of the document is referenced by JSON pointer; only compile what is used.
    addUsedSchema: false,
  });
  addFormats.default(ajv);
  ajv.addSchema(contract.document, CONTRACT_ID);
  return ajv;
}

const CONTRACT_ID = 'keyplane-openapi.json';

function ref(pointer: string): { $ref: string } {
  return { $ref: `${CONTRACT_ID}#${pointer}` };
}

function compileOperation(operation: ContractOperation, strict: Ajv2020, coercing: Ajv2020): RequestValidator {
  const part = (where: 'path' | 'query' | 'header', closed: boolean): ValidateFunction | null => {
    const params = operation.parameters.filter((p) => p.in === where);
    if (params.length === 0 && !closed) return null;
    // Header names are case-insensitive; the router gives them in lower case.
    const name = (n: string) => (where === 'header' ? n.toLowerCase() : n);
    return coercing.compile({
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [name(p.name), ref(p.schemaPointer)])),
      required: params.filter((p) => p.required).map((p) => name(p.name)),
      additionalProperties: !closed,
    });
  };
  const validatePath = part('path', false);
  // Unknown query parameters are refused: `?statuss=active` silently listing everything
  // would hide a typo.
  const validateQuery = part('query', true);
  const validateHeaders = part('header', false);
  const validateBody = operation.bodyPointer ? strict.compile(ref(operation.bodyPointer)) : null;

  return (parts) => {
    const issues: FieldIssue[] = [];
    check(validatePath, parts.params, 'path', issues);
    check(validateQuery, parts.query, 'query', issues);
    check(validateHeaders, parts.headers, 'header', issues);
    if (validateBody) {
      if (!parts.hasBody) {
        if (operation.bodyRequired) issues.push({ path: 'body', message: 'a JSON body is required' });
      } else if (nestedDeeperThan(parts.body, MAX_BODY_DEPTH)) {
        // Checked first, without recursion: validators (uniqueItems compares items deeply)
        // and request fingerprints recurse, and a hostile body nested thousands of levels
        // deep would exhaust the stack.
        issues.push({ path: 'body', message: `is nested more than ${MAX_BODY_DEPTH} levels deep; no request of this API needs that` });
      } else {
        check(validateBody, parts.body, 'body', issues);
      }
    } else if (parts.hasBody && operation.method !== 'get' && operation.method !== 'delete') {
      issues.push({ path: 'body', message: 'this operation takes no body' });
    }
    return issues;
  };
}

/** Far deeper than any request of the contract (an IP rule inside a key is three levels). */
const MAX_BODY_DEPTH = 32;

/**
 * True when an object or array sits `limit` levels below `value`. Recursive, but never
 * deeper than `limit` (it stops there), and without allocating: it runs on every body.
 */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit === 0) return true;
  for (const key in value) {
    if (nestedDeeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  }
  return false;
}

function check(validate: ValidateFunction | null, value: unknown, where: string, into: FieldIssue[]): void {
  if (!validate || validate(value)) return;
  into.push(...describeErrors(validate.errors ?? [], where));
}

/**
 * Turns Ajv's errors into one message per field. Nullable fields are `oneOf [schema, null]`
 * in the contract, which makes Ajv report every branch; the most specific error wins.
 */
export function describeErrors(errors: readonly ErrorObject[], where: string): FieldIssue[] {
  const byPath = new Map<string, FieldIssue>();
  for (const error of errors) {
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    let pointer = error.instancePath;
    if (error.keyword === 'required') pointer += `/${(error.params as { missingProperty: string }).missingProperty}`;
    if (error.keyword === 'additionalProperties') {
      pointer += `/${(error.params as { additionalProperty: string }).additionalProperty}`;
    }
    const path = formatPath(where, pointer);
    // A `type: null` mismatch is the other branch of a nullable field: not worth reporting
    // when the field's own schema produced a message.
    if (error.keyword === 'type' && (error.params as { type: string }).type === 'null' && byPath.has(path)) continue;
    const issue = { path, message: describe(error) };
    const previous = byPath.get(path);
    if (!previous || previous.message === 'must be null') byPath.set(path, issue);
  }
  return [...byPath.values()];
}

function formatPath(where: string, pointer: string): string {
  let path = where;
  for (const token of pointer.split('/').slice(1)) {
    const name = token.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(name) ? `[${name}]` : /^[A-Za-z_][\w-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
  }
  return path;
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a field this operation accepts; check the spelling against the API reference';
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'format':
      return p.format === 'date-time'
        ? 'must be an RFC 3339 date-time such as 2027-01-31T00:00:00Z'
        : `must be a valid ${String(p.format)}`;
    case 'type':
      return `must be ${String(p.type).replace(',', ' or ')}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters long`;
    case 'pattern':
      return `has characters or a form that is not allowed (expected to match ${String(p.pattern)})`;
    case 'uniqueItems':
      return 'must not list the same value twice';
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items`;
    case 'maxProperties':
      return `must have at most ${String(p.limit)} entries`;
    case 'minProperties':
      return 'must set at least one field';
    default:
      return error.message ?? 'is not valid';
  }
}
