/**
 * Terraform values (cty) ⇄ msgpack, typed by a cty type: the encoding of every DynamicValue in
 * the protocol. Rules: hashicorp/terraform docs/plugin-protocol/object-wire-format.md. The
 * JavaScript shape of values is described in cty-value.ts; this module also re-exports it and
 * the JSON decoder, so the layers above import values and codecs from one place.
 */
import { Decoder, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { ctyTypeToJson, parseCtyType, type CtyType } from './cty-type.js';
import type { PathStep } from './diagnostic-messages.js';
import { decodeJson } from './cty-json.js';
import {
  CtyCodecError,
  DECIMAL,
  TypedValue,
  Unknown,
  checkAttributes,
  inferCtyType,
  isPlainObject,
  isUnknown,
  kindOf,
  mismatch,
  normalizeNumber,
  setOwn,
  type CtyValue,
} from './cty-value.js';

export { CtyCodecError, TypedValue, Unknown, inferCtyType, isUnknown, type CtyValue } from './cty-value.js';
export { decodeJson, type JsonDecodeOptions } from './cty-json.js';

/** The protocol's DynamicValue: msgpack (preferred) or JSON bytes. */
export interface DynamicValueBytes {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

// Every extension type is an unknown value (0 plain, 12 refined, others reserved for future
// kinds of unknown). Override the library's built-in timestamp extension (-1) accordingly.
const extensionCodec = new ExtensionCodec();
extensionCodec.register({ type: -1, encode: () => null, decode: (data, type) => new ExtData(type, data) });
const UNKNOWN_EXT = new ExtData(0, new Uint8Array(1)); // d4 00 00, as Terraform writes it
// One of each for the process: `encode()`/`decode()` would build them (and a 2 KiB buffer) per
// value. Both are re-entrant (they clone themselves if called while in use).
const encoder = new Encoder({ extensionCodec, useBigInt64: true });
const decoder = new Decoder({ extensionCodec, useBigInt64: true });

const utf8 = new TextEncoder();
const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);

// ---------------------------------------------------------------------------------------------
// Public API

/** Decodes msgpack bytes into a value of `type`. */
export function decodeMsgpack(type: CtyType, bytes: Uint8Array): CtyValue {
  let raw: unknown;
  try {
    raw = decoder.decode(bytes);
  } catch (e) {
    throw new CtyCodecError(`malformed msgpack: ${(e as Error).message}`, []);
  }
  return fromMsgpack(type, raw, []);
}

/** Encodes a value of `type` as msgpack. Object attributes left out are encoded as null. */
export function encodeMsgpack(type: CtyType, value: CtyValue | undefined): Uint8Array {
  return encoder.encode(toMsgpack(type, value, []));
}

/**
 * Decodes a DynamicValue: msgpack if present, else JSON. An absent or empty DynamicValue is
 * null (Terraform leaves e.g. `provider_meta` unset when there is no schema for it).
 */
export function decodeDynamicValue(type: CtyType, dv: DynamicValueBytes | undefined): CtyValue {
  if (dv?.msgpack && dv.msgpack.length > 0) return decodeMsgpack(type, dv.msgpack);
  if (dv?.json && dv.json.length > 0) return decodeJson(type, dv.json);
  return null;
}

/** Encodes a value as a msgpack DynamicValue, the form every response should use. */
export function encodeDynamicValue(type: CtyType, value: CtyValue | undefined): { msgpack: Uint8Array } {
  return { msgpack: encodeMsgpack(type, value) };
}

// ---------------------------------------------------------------------------------------------
// msgpack

// The decoders and the encoder walk a value with one mutable path (pushed and popped around
// each step) instead of a new array per element: errors copy it (CtyCodecError does).

function fromMsgpack(type: CtyType, raw: unknown, path: PathStep[]): CtyValue {
  if (raw instanceof ExtData) return Unknown;
  if (type === 'dynamic') {
    if (raw === null) return null;
    if (!Array.isArray(raw) || raw.length !== 2 || !(raw[0] instanceof Uint8Array)) {
      throw new CtyCodecError('dynamic value must be a [type JSON, value] pair', path);
    }
    let actual: CtyType;
    try {
      actual = parseCtyType(raw[0]);
    } catch (e) {
      throw new CtyCodecError(`dynamic value has a bad type: ${(e as Error).message}`, path);
    }
    return new TypedValue(actual, fromMsgpack(actual, raw[1], path));
  }
  if (raw === null) return null;
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof raw === 'string') return raw;
        break;
      case 'bool':
        if (typeof raw === 'boolean') return raw;
        break;
      case 'number':
        if (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'string') return normalizeNumber(raw, path);
        break;
    }
    throw mismatch(type, raw, path);
  }
  switch (type[0]) {
    case 'list':
    case 'set': {
      if (!Array.isArray(raw)) throw mismatch(type, raw, path);
      const elementType = type[1];
      const out: CtyValue[] = new Array(raw.length);
      for (let i = 0; i < raw.length; i++) {
        path.push({ index: i });
        out[i] = fromMsgpack(elementType, raw[i], path);
        path.pop();
      }
      return out;
    }
    case 'tuple': {
      if (!Array.isArray(raw)) throw mismatch(type, raw, path);
      const types = type[1];
      if (raw.length !== types.length) {
        throw new CtyCodecError(`a tuple of ${types.length} elements is required (${raw.length} given)`, path);
      }
      const out: CtyValue[] = new Array(raw.length);
      for (let i = 0; i < raw.length; i++) {
        path.push({ index: i });
        out[i] = fromMsgpack(types[i]!, raw[i], path);
        path.pop();
      }
      return out;
    }
    case 'map': {
      if (!isPlainObject(raw)) throw mismatch(type, raw, path);
      const out: Record<string, CtyValue> = {};
      for (const k of Object.keys(raw)) {
        path.push({ key: k });
        setOwn(out, k, fromMsgpack(type[1], raw[k], path));
        path.pop();
      }
      return out;
    }
    case 'object': {
      if (!isPlainObject(raw)) throw mismatch(type, raw, path);
      const attrs = type[1];
      checkAttributes(attrs, raw, path, true, false);
      const out: Record<string, CtyValue> = {};
      for (const k in attrs) {
        path.push({ attribute: k });
        setOwn(out, k, fromMsgpack(attrs[k]!, raw[k], path));
        path.pop();
      }
      return out;
    }
  }
}

function numberToMsgpack(value: CtyValue, path: PathStep[]): number | bigint | string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw new CtyCodecError('NaN is not a number Terraform accepts', path);
    return value; // integers are written as msgpack ints, others as float64
  }
  if (typeof value === 'bigint') return value >= MIN_INT64 && value <= MAX_INT64 ? value : value.toString();
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim(); // Terraform reads decimal strings
  throw new CtyCodecError(`number required, got ${kindOf(value)}`, path);
}

const sortedKeysCache = new WeakMap<object, string[]>();

/** The attribute names of an object type, sorted (written in that order, as cty does). */
function sortedAttributeNames(attrs: Readonly<Record<string, CtyType>>): string[] {
  let keys = sortedKeysCache.get(attrs);
  if (!keys) sortedKeysCache.set(attrs, (keys = Object.keys(attrs).sort()));
  return keys;
}

function toMsgpack(type: CtyType, value: CtyValue | undefined, path: PathStep[]): unknown {
  if (value === undefined || value === null) return null;
  if (isUnknown(value)) return UNKNOWN_EXT;
  if (type === 'dynamic') {
    const actualType = value instanceof TypedValue ? value.type : inferCtyType(value);
    const inner = value instanceof TypedValue ? value.value : value;
    return [utf8.encode(ctyTypeToJson(actualType)), toMsgpack(actualType, inner, path)];
  }
  if (value instanceof TypedValue) return toMsgpack(type, value.value, path);
  if (typeof type === 'string') {
    if (type === 'number') return numberToMsgpack(value, path);
    if ((type === 'string' && typeof value === 'string') || (type === 'bool' && typeof value === 'boolean')) return value;
    throw mismatch(type, value, path);
  }
  switch (type[0]) {
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) throw mismatch(type, value, path);
      const elementType = type[1];
      const out: unknown[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        path.push({ index: i });
        out[i] = toMsgpack(elementType, value[i], path);
        path.pop();
      }
      return out;
    }
    case 'tuple': {
      const types = type[1];
      if (!Array.isArray(value) || value.length !== types.length) {
        throw new CtyCodecError(`a tuple of ${types.length} elements is required`, path);
      }
      const out: unknown[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        path.push({ index: i });
        out[i] = toMsgpack(types[i]!, value[i], path);
        path.pop();
      }
      return out;
    }
    case 'map': {
      if (!isPlainObject(value)) throw mismatch(type, value, path);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort()) {
        path.push({ key: k });
        setOwn(out, k, toMsgpack(type[1], value[k], path));
        path.pop();
      }
      return out;
    }
    case 'object': {
      if (!isPlainObject(value)) throw mismatch(type, value, path);
      const attrs = type[1];
      checkAttributes(attrs, value, path, false, false);
      // Every attribute of the type is written; ones the caller left out become null.
      const out: Record<string, unknown> = {};
      for (const k of sortedAttributeNames(attrs)) {
        path.push({ attribute: k });
        setOwn(out, k, toMsgpack(attrs[k]!, value[k], path));
        path.pop();
      }
      return out;
    }
  }
}
