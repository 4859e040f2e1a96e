/**
 * How Terraform values (cty) look in JavaScript, shared by the msgpack codec (cty-codec.ts) and
 * the JSON decoder (cty-json.ts).
 *
 * A value of type:
 * - `string` → string; `bool` → boolean;
 * - `number` → number, or bigint for an integer beyond 2^53, or a decimal string when
 *   Terraform sends more precision than a float64 holds;
 * - `list`, `set`, `tuple` → array; `map`, `object` → plain object;
 * - `dynamic` → {@link TypedValue} (the value with its actual type);
 * - null → `null`; unknown → the {@link Unknown} sentinel (refinements are dropped).
 */
import { describeCtyType, type CtyType } from './cty-type.js';
import { formatAttributePath, type PathStep } from './diagnostic-messages.js';

/** The one unknown value ("known after apply"). Test with {@link isUnknown}. */
export const Unknown: unique symbol = Symbol.for('keyplane.cty.unknown');
/** The type of {@link Unknown}. */
export type Unknown = typeof Unknown;

/** Whether a value is unknown. */
export function isUnknown(v: unknown): v is Unknown {
  return v === Unknown;
}

/** A value of `dynamic` type: the actual type travels with the value. */
export class TypedValue {
  constructor(
    readonly type: CtyType,
    readonly value: CtyValue,
  ) {}
}

/** A decoded Terraform value; see the module comment for the mapping. */
export type CtyValue =
  | null
  | Unknown
  | string
  | number
  | bigint
  | boolean
  | TypedValue
  | CtyValue[]
  | { [name: string]: CtyValue };

/** Raised when a value does not match its type; `path` says where. */
export class CtyCodecError extends Error {
  override name = 'CtyCodecError';
  /** Where in the value; a copy, since the codecs pass the path they are walking. */
  readonly path: readonly PathStep[];
  constructor(
    readonly reason: string,
    path: readonly PathStep[],
  ) {
    super(path.length ? `${formatAttributePath(path)}: ${reason}` : reason);
    this.path = [...path];
  }
}

/** The type a plain JavaScript value would have as a `dynamic` value (tuples and objects). */
export function inferCtyType(value: CtyValue): CtyType {
  if (value instanceof TypedValue) return value.type;
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'bool';
  }
  if (value === null || isUnknown(value)) return 'dynamic';
  if (Array.isArray(value)) return ['tuple', value.map(inferCtyType)];
  return ['object', Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inferCtyType(v)]))];
}

// ---------------------------------------------------------------------------------------------
// Helpers of the decoders and encoder

/** Decimal number text as cty writes and reads it. */
export const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** What a raw wire value is, for error messages. */
export function kindOf(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'array';
  if (raw instanceof Uint8Array) return 'binary';
  return typeof raw;
}

/** The error for a value that does not have the type's shape. */
export function mismatch(type: CtyType, raw: unknown, path: readonly PathStep[]): CtyCodecError {
  return new CtyCodecError(`${describeCtyType(type)} required, got ${kindOf(raw)}`, path);
}

/** A map or object as decoders produce them (not an array, byte string, TypedValue or extension). */
export function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null) return false;
  const proto = Object.getPrototypeOf(raw);
  return proto === Object.prototype || proto === null;
}

/** Assigns without ever invoking the `__proto__` setter (keys come from the wire). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Checks an object's attribute names against its type; throws naming what is missing or extra. */
export function checkAttributes(
  attrs: Readonly<Record<string, CtyType>>,
  raw: Record<string, unknown>,
  path: readonly PathStep[],
  missingIsError: boolean,
  ignoreExtra: boolean,
): void {
  // Every object of every request passes here: count without allocating; name the
  // offending attributes only when something is wrong.
  let given = 0;
  let extra = 0;
  for (const k in raw) {
    if (!Object.hasOwn(raw, k)) continue;
    given++;
    if (!Object.hasOwn(attrs, k)) extra++;
  }
  const extraIsError = extra > 0 && !ignoreExtra;
  const missingFound = missingIsError && given - extra !== attributeCount(attrs);
  if (extraIsError || missingFound) explainAttributes(attrs, raw, path, missingIsError, ignoreExtra);
}

const attributeCounts = new WeakMap<object, number>();

/** The number of attributes of an object type (types are built once and reused). */
function attributeCount(attrs: Readonly<Record<string, CtyType>>): number {
  let n = attributeCounts.get(attrs);
  if (n === undefined) attributeCounts.set(attrs, (n = Object.keys(attrs).length));
  return n;
}

function explainAttributes(
  attrs: Readonly<Record<string, CtyType>>,
  raw: Record<string, unknown>,
  path: readonly PathStep[],
  missingIsError: boolean,
  ignoreExtra: boolean,
): void {
  const expected = Object.keys(attrs);
  const given = Object.keys(raw);
  const extra = ignoreExtra ? [] : given.filter((k) => !Object.hasOwn(attrs, k));
  const missing = missingIsError ? expected.filter((k) => !Object.hasOwn(raw, k)) : [];
  if (extra.length === 0 && missing.length === 0) return;
  const parts = [
    `an object with ${expected.length} attributes is required (${given.length} given)`,
    missing.length ? `missing: ${missing.join(', ')}` : '',
    extra.length ? `unexpected: ${extra.join(', ')}` : '',
  ];
  throw new CtyCodecError(parts.filter(Boolean).join('; '), path);
}

/** Normalizes a number from the wire: safe integers and float64 as number, else bigint/string. */
export function normalizeNumber(raw: number | bigint | string, path: readonly PathStep[]): number | bigint | string {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return raw >= Number.MIN_SAFE_INTEGER && raw <= Number.MAX_SAFE_INTEGER ? Number(raw) : raw;
  const text = raw.trim();
  if (!DECIMAL.test(text)) throw new CtyCodecError(`number required, got string ${JSON.stringify(raw)}`, path);
  if (/^-?\d+$/.test(text)) return normalizeNumber(BigInt(text), path);
  const n = Number(text);
  return String(n) === text ? n : text; // keep text whose precision a float64 would lose
}
