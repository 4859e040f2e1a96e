/**
 * fast-check arbitraries of hostile requests for one contract operation: malformed and
 * near-valid JSON, invalid JSON text, wrong media types, odd path segments and query
 * strings, junk credentials; with valid-looking secrets planted among them, so the test can
 * check that no answer repeats one.
 */
import fc from 'fast-check';
import { generateSecret } from '../../src/core/key-format.js';
import { resolvePointer, type Contract, type ContractOperation } from '../../src/server/contract/contract.js';

/** A JSON document as written on the wire: objects keep duplicate keys, numbers keep their text. */
export type JsonTree =
  | { t: 'raw'; text: string }
  | { t: 'obj'; entries: Array<[string, JsonTree]> }
  | { t: 'arr'; items: JsonTree[] };

export function serialize(tree: JsonTree): string {
  switch (tree.t) {
    case 'raw':
      return tree.text;
    case 'arr':
      return `[${tree.items.map(serialize).join(',')}]`;
    case 'obj':
      return `{${tree.entries.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`).join(',')}}`;
  }
}

function fromJson(value: unknown): JsonTree {
  if (Array.isArray(value)) return { t: 'arr', items: value.map(fromJson) };
  if (value !== null && typeof value === 'object') {
    return { t: 'obj', entries: Object.entries(value).map(([k, v]) => [k, fromJson(v)]) };
  }
  return { t: 'raw', text: JSON.stringify(value) ?? 'null' };
}

export type Body =
  | { kind: 'none' }
  /** Bytes sent as they are, with this Content-Type (none when null). */
  | { kind: 'bytes'; contentType: string | null; bytes: Buffer; chunked: boolean };

export interface HostileRequest {
  method: string;
  /** Raw path segments of the path parameters, as sent on the wire. */
  pathParams: Record<string, string>;
  /** Raw query string without `?`, or null for none. */
  query: string | null;
  /** Header name → value (an array sends the header several times). */
  headers: Record<string, string | string[]>;
  /** Whether the admin key is sent (alone, in a valid form). */
  asAdmin: boolean;
  body: Body;
  /**
   * The valid-looking secrets generated for this request; `inBody` when one is in the body
   * (where a create may legitimately store it as a name and answer it back).
   */
  planted: Array<{ secret: string; inBody: boolean }>;
}

/** Real objects of the service under test, so that some requests reach the handlers. */
export interface Known {
  adminKey: string;
  ids: string[];
  /** Secrets of real keys (not the admin's): sent as credentials and verified, never answered back. */
  secrets: string[];
  /**
   * A signed-in member's session (the cookie's token and its CSRF token), read when a
   * request is made, as the test renews it when a request ended it.
   */
  session?: () => { token: string; csrf: string };
  /** Bodies for operations whose request has no example in openapi.yaml, by operationId. */
  examples?: Record<string, unknown[]>;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.split('');

const oddStrings = [
  '', ' ', '.', '..', '...', '%', '%%', '%00', '%2e%2e', '%2E', '%2F', '%5C', '%ZZ', '%u0041', '%C0%AE', '/', '\\', '\u0000', '\uFEFF',
  '\u202Eevil', '🔑', 'ǅ', '\u{10FFFF}', 'null', 'undefined', 'NaN', 'true', '0', '-1', '__proto__', 'constructor', 'prototype',
  'toString', 'hasOwnProperty', "'; DROP TABLE api_keys; --", '" OR 1=1 --', '<script>alert(1)</script>', '${jndi:ldap://x/a}',
  '{{7*7}}', '../../../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', 'key_01jd3q6z8m4y2w7v5t1r9p0n3k',
  'org_01JD3Q4C2B7N9M5K3H1G8F6D4S', 'evt_01JD3Q4C2B7N9M5K3H1G8F6D4S', 'admin', 'operator', 'keys:read', 'EXPORT_READ', '0.0.0.0/0',
  '::/0', '10.0.0.0/33', '::ffff:127.0.0.1', '2001:db8::/129', '1.2.3.4/-1', '2027-02-30T00:00:00Z', '9999-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z', 'nm_acme_', 'nm_acme_short', 'NM_ACME_4Wc9ZqL2hT8vKx1bNf3RmY6pDs0aGe7J2QkV9z', 'eyJhbGciOiJub25lIn0.e30.',
];

const oddNumbers = [
  '0', '-0', '1', '-1', '0.5', '1.0', '1e3', '1E+2', '1e309', '-1e309', '1e-400', '59', '60', '200', '201', '604800', '604801',
  '1000000', '1000001', '2147483647', '2147483648', '-2147483649', '9007199254740991', '9007199254740993', '3153600001',
  '123456789012345678901234567890', '0.1e1', '1.7976931348623157e308',
];

/** A secret with the real format and checksum (a CSPRNG body, so no two are alike). */
export function secretArbitrary(knownTags: string[]): fc.Arbitrary<string> {
  const issuer = fc.oneof(fc.constant('nm'), fc.stringMatching(/^[a-z][a-z0-9]{1,9}$/));
  const tag = fc.oneof(fc.constantFrom(...knownTags), fc.stringMatching(/^[a-z0-9]{1,32}$/));
  return fc.tuple(issuer, tag).map(([i, t]) => generateSecret({ issuer: i, tag: t }));
}

/** Ways to smuggle a secret into text: bare, quoted, percent-encoded, glued to other text. */
function disguise(secret: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    secret,
    `${secret}x`,
    `x${secret}`,
    `x_${secret}`,
    `"${secret}"`,
    `%22${secret}%22`,
    `%20${secret}`,
    `a%3D${secret}`,
    secret.replaceAll('_', '%5F'),
    encodeURIComponent(`key=${secret}`),
    `Bearer ${secret}`,
    ` ${secret} `,
    `${secret},${secret}`,
    secret.toUpperCase(),
    secret.slice(0, -1),
  );
}

export function hostileString(secrets: string[], maxLength: number): fc.Arbitrary<string> {
  const options: Array<fc.Arbitrary<string>> = [
    fc.constantFrom(...oddStrings),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(...CROCKFORD).chain((c) => fc.constantFrom(`key_${c.repeat(26)}`, `org_${c.repeat(26)}`)),
    fc.nat(maxLength).map((n) => 'A'.repeat(n)),
  ];
  if (secrets.length > 0) options.push(fc.constantFrom(...secrets).chain(disguise));
  return fc.oneof(...options);
}

/** Hostile JSON values: wrong types, odd numbers, huge and unicode strings, deep nesting, prototype keys. */
function hostileJson(secrets: string[], keys: string[]): fc.Arbitrary<JsonTree> {
  const string = hostileString(secrets, 300_000).map((s) => ({ t: 'raw', text: JSON.stringify(s) }) as JsonTree);
  const primitive = fc.oneof(
    fc.constantFrom('null', 'true', 'false', ...oddNumbers).map((text) => ({ t: 'raw', text }) as JsonTree),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => ({ t: 'raw', text: JSON.stringify(d) }) as JsonTree),
    fc.integer().map((i) => ({ t: 'raw', text: String(i) }) as JsonTree),
    string,
  );
  const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', '', ...keys), hostileString(secrets, 80));
  const deep = fc.tuple(fc.integer({ min: 50, max: 40_000 }), fc.boolean()).map(
    ([depth, arrays]) =>
      ({ t: 'raw', text: arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` }) as JsonTree,
  );
  const { tree } = fc.letrec<{ tree: JsonTree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      primitive,
      fc.array(tie('tree'), { maxLength: 4 }).map((items) => ({ t: 'arr', items }) as JsonTree),
      fc.array(fc.tuple(key, tie('tree')), { maxLength: 4 }).map((entries) => ({ t: 'obj', entries }) as JsonTree),
      deep,
      fc.integer({ min: 101, max: 2_000 }).map((n) => ({ t: 'arr', items: Array.from({ length: n }, () => ({ t: 'raw', text: '"x"' })) }) as JsonTree),
    ),
  }));
  return tree;
}

/** A valid example body of the operation (from the contract), changed in one hostile way. */
function nearValid(examples: unknown[], secrets: string[], keys: string[]): fc.Arbitrary<JsonTree> {
  const value = hostileJson(secrets, keys);
  return fc.tuple(fc.constantFrom(...examples), fc.nat(), value, fc.nat(4), hostileString(secrets, 100)).map(([example, pick, hostile, how, name]) => {
    const tree = fromJson(example);
    if (tree.t !== 'obj') return hostile;
    const entries = [...tree.entries];
    const at = entries.length === 0 ? 0 : pick % entries.length;
    switch (how) {
      case 0: // a field gets a hostile value
        if (entries.length > 0) entries[at] = [entries[at]![0], hostile];
        else entries.push([keys[pick % Math.max(1, keys.length)] ?? 'name', hostile]);
        break;
      case 1: // a field twice, the second hostile
        entries.push([entries[at]?.[0] ?? 'name', hostile]);
        break;
      case 2: // an extra field
        entries.push([name, hostile]);
        break;
      case 3: // prototype pollution attempts next to valid fields
        entries.push([pick % 2 === 0 ? '__proto__' : 'constructor', { t: 'obj', entries: [['prototype', hostile], ['admin', { t: 'raw', text: 'true' }]] }]);
        break;
      default: // a field left out
        entries.splice(at, 1);
    }
    return { t: 'obj', entries };
  });
}

const invalidJsonTexts = [
  '', ' ', '{', '}', '[', '{"name":}', "{'name':'x'}", 'NaN', 'undefined', '{"a":1,}', '\uFEFF{}', '{"a":"\\x"}', 'nul', '"unterminated',
  '{"a":1} {"b":2}', '{"a" 1}', '[1,,2]', '{"name":"x"', '0x10', '.5', '+1', '{"a":01}', '\u0000', '{"a":"\u0001"}', '//c\n{}', '/*c*/{}',
];

const contentTypes = [
  'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=latin1', 'application/json; charset=utf-16',
  'application/json; charset="utf-8"; x=y', 'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/xml', 'application/problem+json', 'application/merge-patch+json', 'application/jsonx', 'json',
  '*/*', 'application/json, text/plain', ';', '', 'application/octet-stream', 'application/json; boundary=', 'text/json',
];

function examplesOf(contract: Contract, operation: ContractOperation, extra: unknown[] = []): unknown[] {
  const op = (contract.document.paths[operation.path] as Record<string, { requestBody?: unknown }>)[operation.method];
  let body = op?.requestBody as { $ref?: string; content?: Record<string, { examples?: Record<string, unknown>; example?: unknown }> } | undefined;
  if (body?.$ref) body = resolvePointer(contract.document, body.$ref.slice(1)) as typeof body;
  const media = body?.content?.['application/json'];
  const found: unknown[] = media?.example === undefined ? [] : [media.example];
  for (const example of Object.values(media?.examples ?? {})) {
    let node = example as { $ref?: string; value?: unknown };
    if (node.$ref) node = resolvePointer(contract.document, node.$ref.slice(1)) as typeof node;
    if (node.value !== undefined) found.push(node.value);
  }
  found.push(...extra);
  return found.length > 0 ? found : [{}];
}

/** Property names the operation's body schema mentions, so hostile objects use real field names. */
function fieldNames(contract: Contract, operation: ContractOperation): string[] {
  const names = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 6 || node === null || typeof node !== 'object') return;
    const schema = node as { $ref?: string; properties?: Record<string, unknown> };
    if (schema.$ref) return visit(resolvePointer(contract.document, schema.$ref.slice(1)), depth + 1);
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      names.add(name);
      visit(sub, depth + 1);
    }
    for (const sub of Object.values(node)) if (typeof sub === 'object') visit(sub, depth + 1);
  };
  if (operation.bodyPointer) visit(resolvePointer(contract.document, operation.bodyPointer), 0);
  return [...names];
}

function body(contract: Contract, operation: ContractOperation, secrets: string[], extraExamples?: unknown[]): fc.Arbitrary<Body> {
  const keys = fieldNames(contract, operation);
  const examples = examplesOf(contract, operation, extraExamples);
  const json = fc.oneof(
    { arbitrary: nearValid(examples, secrets, keys), weight: 4 },
    { arbitrary: hostileJson(secrets, keys), weight: 3 },
  );
  const asBytes = (contentType: fc.Arbitrary<string | null>, text: fc.Arbitrary<string | Buffer>) =>
    fc.record({ contentType, text, chunked: fc.boolean() }).map(
      ({ contentType: type, text: t, chunked }) =>
        ({ kind: 'bytes', contentType: type, bytes: typeof t === 'string' ? Buffer.from(t, 'utf8') : t, chunked }) as Body,
    );
  const jsonType = fc.constantFrom('application/json', 'application/json; charset=utf-8');
  return fc.oneof(
    { arbitrary: fc.constant<Body>({ kind: 'none' }), weight: 1 },
    // The contract's own example, as it is: requests that succeed change state for later ones.
    { arbitrary: asBytes(jsonType, fc.constantFrom(...examples.map((e) => JSON.stringify(e)))), weight: 2 },
    { arbitrary: asBytes(jsonType, json.map(serialize)), weight: 6 },
    {
      arbitrary: asBytes(
        jsonType,
        fc.oneof(
          fc.constantFrom(...invalidJsonTexts),
          fc.string({ maxLength: 50 }),
          fc.tuple(json.map(serialize), fc.nat()).map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length))),
          fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
          fc.constantFrom(...secrets).map((s) => `{"name": "${s}`),
        ),
      ),
      weight: 2,
    },
    { arbitrary: asBytes(fc.oneof(fc.constantFrom(...contentTypes), fc.constant(null)), json.map(serialize)), weight: 2 },
  );
}

function queryString(operation: ContractOperation, secrets: string[]): fc.Arbitrary<string | null> {
  const names = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const name = fc.oneof(fc.constantFrom('__proto__', 'constructor[prototype][x]', 'a[b]', 'limit', 'cursor', 'api_key', ...names), hostileString(secrets, 40));
  const value = hostileString(secrets, 3_000);
  const encoded = fc
    .array(fc.tuple(name, value, fc.boolean()), { minLength: 1, maxLength: 4 })
    .map((pairs) => pairs.map(([n, v, raw]) => (raw ? `${wireSafe(n)}=${wireSafe(v)}` : `${encodeURIComponent(n)}=${encodeURIComponent(v)}`)).join('&'));
  return fc.oneof(fc.constant(null), encoded, fc.constantFrom('', '&', '&&=&', '=', '%', 'a=%ZZ', 'limit=1&limit=2', 'limit=-1', 'limit=1e2', 'cursor='));
}

/** Keeps text sendable in a request line: printable bytes only, raw `%` kept, spaces and `#` encoded. */
function wireSafe(text: string): string {
  return [...text]
    .map((c) => (/^[\x21-\x7e]$/.test(c) && c !== '#' && c !== '?' && c !== '/' ? c : encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`)))
    .join('');
}

function pathSegment(secrets: string[], known: Known): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...known.ids), weight: 3 },
    { arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%2E', '%2F', '..%2F..', '%00', '%', '%ZZ', '%C0%AE', 'a%2Fb', '~', 'key_%30', known.adminKey), weight: 2 },
    { arbitrary: hostileString(secrets, 2_000).map(wireSafe).map((s) => s || '%20'), weight: 4 },
  );
}

/** Header values Node accepts to send: tab, printable ASCII and Latin-1 bytes. */
function headerValue(secrets: string[]): fc.Arbitrary<string> {
  return hostileString(secrets, 6_000).map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '').trim() || 'x');
}

function authHeaders(secrets: string[], known: Known): fc.Arbitrary<{ headers: Record<string, string | string[]>; asAdmin: boolean }> {
  const value = headerValue(secrets);
  const admin = fc.constantFrom<{ headers: Record<string, string>; asAdmin: boolean }>(
    { headers: { 'x-api-key': known.adminKey }, asAdmin: true },
    { headers: { authorization: `Bearer ${known.adminKey}` }, asAdmin: true },
  );
  const hostile = fc.oneof(
    value.map((v) => ({ 'x-api-key': v })),
    value.map((v) => ({ authorization: v })),
    fc.tuple(fc.constantFrom('Bearer ', 'bearer  ', 'Basic ', 'Token ', 'Bearer', 'Digest '), value).map(([scheme, v]) => ({ authorization: `${scheme}${v}` })),
    value.map((v) => ({ 'x-api-key': known.adminKey, authorization: `Bearer ${v}` })),
    value.map((v) => ({ 'x-api-key': [known.adminKey, v] })),
    value.map((v) => ({ authorization: [`Bearer ${known.adminKey}`, `Bearer ${v}`] })),
    fc.constant({ 'x-api-key': `${known.adminKey} ` }),
    fc.constant({ 'x-api-key': known.adminKey.slice(0, -1) }),
  );
  // A browser's session: with its CSRF token, without, with a wrong one, as a cookie
  // mangled or sent twice, and alongside a key (which wins).
  const session = known.session;
  const cookie = session
    ? fc.oneof(
        fc.constant(0).map(() => ({ cookie: `keyplane_session=${session().token}`, 'x-csrf-token': session().csrf })),
        fc.constant(0).map(() => ({ cookie: `keyplane_session=${session().token}` })),
        value.map((v) => ({ cookie: `keyplane_session=${session().token}`, 'x-csrf-token': v })),
        value.map((v) => ({ cookie: `keyplane_session=${v}`, 'x-csrf-token': session().csrf })),
        value.map((v) => ({ cookie: v })),
        fc.constant(0).map(() => ({ cookie: `keyplane_session=${session().token}; keyplane_session=${session().token}`, 'x-csrf-token': session().csrf })),
        fc.constant(0).map(() => ({ cookie: `keyplane_session=${session().token}`, 'x-api-key': known.adminKey })),
      )
    : null;
  // Well-formed keys that are not the admin's: real ones with few scopes or IP rules
  // (403s), and made-up ones (401 UNKNOWN_KEY).
  const other = fc
    .tuple(fc.constantFrom(...secrets), fc.boolean())
    .map(([secret, bearer]): Record<string, string> => (bearer ? { authorization: `Bearer ${secret}` } : { 'x-api-key': secret }));
  return fc.oneof(
    { arbitrary: admin, weight: 5 },
    { arbitrary: fc.constant({ headers: {} as Record<string, string>, asAdmin: false }), weight: 1 },
    { arbitrary: other.map((headers) => ({ headers, asAdmin: false })), weight: 1 },
    { arbitrary: hostile.map((headers) => ({ headers, asAdmin: false })), weight: 2 },
    ...(cookie ? [{ arbitrary: cookie.map((headers) => ({ headers: headers as Record<string, string>, asAdmin: false })), weight: 3 }] : []),
  );
}

const methods = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'];

/** `benign` twice as often as `hostile`, so that most requests have one or two hostile parts. */
function mostly<T>(benign: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: benign, weight: 2 }, { arbitrary: hostile, weight: 1 });
}

/**
 * Requests to `operation`: each part (method, path parameters, query, credentials,
 * Idempotency-Key, body) is either well-formed or hostile, so that requests get past
 * validation into authentication and the handlers, not only into the validator. Its
 * hostile parts may carry 1 to 3 fresh secrets or the secrets of real keys.
 */
export function hostileRequest(contract: Contract, operation: ContractOperation, known: Known, knownTags: string[]): fc.Arbitrary<HostileRequest> {
  const pathNames = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const method = operation.method.toUpperCase();
  const made = fc.array(secretArbitrary(knownTags), { minLength: 1, maxLength: 3 });
  return made.map((fresh) => [...fresh, ...known.secrets]).chain((secrets) =>
    fc
      .record({
        method: fc.oneof({ arbitrary: fc.constant(method), weight: 12 }, { arbitrary: fc.constantFrom(...methods), weight: 1 }),
        pathParams: fc.tuple(...pathNames.map(() => mostly(fc.constantFrom(...known.ids), pathSegment(secrets, known)))),
        query: mostly(fc.constant(null), queryString(operation, secrets)),
        auth: authHeaders(secrets, known),
        idempotencyKey: mostly(fc.oneof(fc.constant(null), fc.uuid()), headerValue(secrets)),
        body: body(contract, operation, secrets, known.examples?.[operation.operationId]),
      })
      .map(({ method: m, pathParams, query, auth, idempotencyKey, body: b }) => {
        const headers: Record<string, string | string[]> = { ...auth.headers };
        if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
        const bodyText = b.kind === 'bytes' ? b.bytes.toString('latin1') : '';
        return {
          method: m,
          pathParams: Object.fromEntries(pathNames.map((n, i) => [n, pathParams[i]!])),
          query,
          headers,
          asAdmin: auth.asAdmin,
          body: b,
          planted: secrets.map((secret) => ({ secret, inBody: bodyText.includes(secret) })),
        };
      }),
  );
}
