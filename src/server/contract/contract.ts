import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * The contract as the server reads it: openapi.yaml, parsed once at start-up. Routes,
 * required scopes and request validation all come from here, so the service cannot quietly
 * drift from the published contract.
 */
export interface Contract {
  /** The whole OpenAPI document as plain JSON; JSON pointers into it name schemas. */
  document: OpenApiDocument;
  operations: ContractOperation[];
  byId: ReadonlyMap<string, ContractOperation>;
}

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface ContractParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** JSON pointer (within the document) of the parameter's schema. */
  schemaPointer: string;
}

export interface ContractOperation {
  operationId: string;
  method: HttpMethod;
  /** Path as written in the contract, e.g. `/v1/keys/{key_id}`. */
  path: string;
  /** Path in the router's syntax, e.g. `/v1/keys/:key_id`. */
  routerPath: string;
  /**
   * Changes nothing: a GET, or an operation marked `x-keyplane-safe` (verification). Safe
   * operations run in no transaction and take no Idempotency-Key.
   */
  safe: boolean;
  /** Alternatives: the caller must hold every scope of at least one entry. Empty = public. */
  requiredScopes: string[][];
  /** Which credentials the operation takes: an API key (header or bearer), a session cookie. */
  accepts: { key: boolean; session: boolean; gateway: boolean };
  parameters: ContractParameter[];
  /** JSON pointer of the JSON request body schema, if the operation takes one. */
  bodyPointer: string | null;
  bodyRequired: boolean;
  /** Status code → media type → JSON pointer of the response schema (null: no body). */
  responses: Map<string, Map<string, string | null>>;
  /** Status code → lower-case header name → what the contract documents for it. */
  responseHeaders: Map<string, Map<string, ContractResponseHeader>>;
}

export interface ContractResponseHeader {
  /** JSON pointer of the header's schema. */
  schemaPointer: string;
  /** `required: true`: the service always sends it with this status. */
  required: boolean;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  security?: Array<Record<string, string[]>>;
  [key: string]: unknown;
}

const METHODS: readonly HttpMethod[] = ['get', 'post', 'patch', 'put', 'delete'];

/** The contract's security schemes, by what they carry. */
const KEY_SCHEMES = ['ApiKeyHeader', 'BearerAuth'];
const SESSION_SCHEME = 'SessionCookie';
/** A gateway's own key, in a header of its own: the client's key is in the usual ones. */
const GATEWAY_SCHEME = 'GatewayKey';

/**
 * Where openapi.yaml lives: the package root. This file runs from `src/server/contract/`
 * (tests, tsx) or from `dist/src/server/contract/` (the built package), so look upwards.
 */
export const defaultContractPath = findUpwards('openapi.yaml');

function findUpwards(name: string): string {
  for (let dir = new URL('./', import.meta.url), i = 0; i < 6; dir = new URL('../', dir), i++) {
    const candidate = fileURLToPath(new URL(name, dir));
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found above ${fileURLToPath(import.meta.url)}`);
}

/** Reads and indexes the contract. Throws on a malformed file: that is a build bug. */
export function loadContract(path: string = defaultContractPath): Contract {
  const document = parse(readFileSync(path, 'utf8')) as OpenApiDocument;
  const operations: ContractOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const base = `/paths/${escapePointer(path)}`;
      operations.push(
        readOperation(document, path, method, op, [
          ...shared.map((p, i) => ({ node: p, pointer: `${base}/parameters/${i}` })),
          ...((op.parameters as unknown[] | undefined) ?? []).map((p, i) => ({
            node: p,
            pointer: `${base}/${method}/parameters/${i}`,
          })),
        ]),
      );
    }
  }
  return { document, operations, byId: new Map(operations.map((o) => [o.operationId, o])) };
}

function readOperation(
  document: OpenApiDocument,
  path: string,
  method: HttpMethod,
  op: Record<string, unknown>,
  rawParameters: Array<{ node: unknown; pointer: string }>,
): ContractOperation {
  const opPointer = `/paths/${escapePointer(path)}/${method}`;
  const parameters = rawParameters.map(({ node, pointer }) => {
    const { value, pointer: resolved } = follow(document, node, pointer);
    const p = value as { name: string; in: ContractParameter['in']; required?: boolean };
    return { name: p.name, in: p.in, required: p.required === true, schemaPointer: `${resolved}/schema` };
  });

  let bodyPointer: string | null = null;
  let bodyRequired = false;
  if (op.requestBody) {
    const { value, pointer } = follow(document, op.requestBody, `${opPointer}/requestBody`);
    const body = value as { required?: boolean; content?: Record<string, unknown> };
    if (body.content?.['application/json']) {
      bodyPointer = `${pointer}/content/application~1json/schema`;
    }
    bodyRequired = body.required === true;
  }

  const responses = new Map<string, Map<string, string | null>>();
  const responseHeaders = new Map<string, Map<string, ContractResponseHeader>>();
  for (const [status, raw] of Object.entries((op.responses as Record<string, unknown>) ?? {})) {
    const { value, pointer } = follow(document, raw, `${opPointer}/responses/${status}`);
    const response = value as { content?: Record<string, unknown>; headers?: Record<string, unknown> };
    const media = new Map<string, string | null>();
    for (const type of Object.keys(response.content ?? {})) {
      media.set(type, `${pointer}/content/${escapePointer(type)}/schema`);
    }
    responses.set(status, media);
    const headers = new Map<string, ContractResponseHeader>();
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const resolved = follow(document, header, `${pointer}/headers/${escapePointer(name)}`);
      const required = (resolved.value as { required?: boolean }).required === true;
      headers.set(name.toLowerCase(), { schemaPointer: `${resolved.pointer}/schema`, required });
    }
    responseHeaders.set(status, headers);
  }

  const security = (op.security as Array<Record<string, string[]>> | undefined) ?? document.security ?? [];
  const requiredScopes = dedupe(security.map((requirement) => Object.values(requirement).flat()));

  return {
    operationId: String(op.operationId),
    method,
    path,
    routerPath: path.replace(/\{([^}]+)\}/g, ':$1'),
    safe: method === 'get' || op['x-keyplane-safe'] === true,
    requiredScopes: security.length === 0 ? [] : requiredScopes,
    accepts: {
      key: security.some((requirement) => KEY_SCHEMES.some((scheme) => scheme in requirement)),
      session: security.some((requirement) => SESSION_SCHEME in requirement),
      gateway: security.some((requirement) => GATEWAY_SCHEME in requirement),
    },
    parameters,
    bodyPointer,
    bodyRequired,
    responses,
    responseHeaders,
  };
}

/** Follows a `$ref` chain to the node it names, returning the node and its JSON pointer. */
function follow(document: OpenApiDocument, node: unknown, pointer: string): { value: unknown; pointer: string } {
  let current = node as { $ref?: string } | undefined;
  let at = pointer;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 20 || !current.$ref.startsWith('#/')) {
      throw new Error(`openapi.yaml: unsupported or circular $ref ${current.$ref} at ${at}`);
    }
    at = current.$ref.slice(1);
    current = resolvePointer(document, at) as { $ref?: string } | undefined;
  }
  if (current === undefined) throw new Error(`openapi.yaml: nothing at ${at}`);
  return { value: current, pointer: at };
}

/** Value at a JSON pointer (RFC 6901) inside the document. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  let node = document;
  for (const token of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function dedupe(lists: string[][]): string[][] {
  const seen = new Set<string>();
  return lists.filter((list) => {
    const key = [...list].sort().join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
