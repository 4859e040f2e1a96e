/**
 * JSON → Terraform values, typed by a cty type: the stored state `UpgradeResourceState`
 * receives (`raw_state.json`) and the rare JSON DynamicValue. JSON cannot carry unknowns.
 * Follows cty's JSON decoder: missing object attributes are null, and primitives are converted
 * where cty converts them (a number or bool for a string, a numeric string for a number).
 * Numbers go through JSON.parse, so integers beyond 2^53 lose precision here.
 */
import { parseCtyType, type CtyType } from './cty-type.js';
import type { PathStep } from './diagnostic-messages.js';
import {
  CtyCodecError,
  TypedValue,
  checkAttributes,
  isPlainObject,
  mismatch,
  normalizeNumber,
  setOwn,
  type CtyValue,
} from './cty-value.js';

/** Options for {@link decodeJson}. */
export interface JsonDecodeOptions {
  /**
   * Drop object attributes the type does not declare instead of failing. Stored state may
   * come from an older schema that had attributes since removed.
   */
  ignoreUndefinedAttributes?: boolean;
}

/** Decodes JSON (text or UTF-8 bytes) into a value of `type`. JSON cannot carry unknowns. */
export function decodeJson(type: CtyType, json: string | Uint8Array, options: JsonDecodeOptions = {}): CtyValue {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof json === 'string' ? json : new TextDecoder().decode(json));
  } catch (e) {
    throw new CtyCodecError(`malformed JSON: ${(e as Error).message}`, []);
  }
  return fromJson(type, raw, [], options);
}

// One mutable path, pushed and popped around each step (errors copy it), as in cty-codec.ts.
function fromJson(type: CtyType, raw: unknown, path: PathStep[], options: JsonDecodeOptions): CtyValue {
  if (raw === null) return null;
  if (type === 'dynamic') {
    if (!isPlainObject(raw) || !('type' in raw) || !('value' in raw)) {
      throw new CtyCodecError('dynamic value must be an object with "type" and "value"', path);
    }
    let actual: CtyType;
    try {
      actual = parseCtyType(raw.type);
    } catch (e) {
      throw new CtyCodecError(`dynamic value has a bad type: ${(e as Error).message}`, path);
    }
    return new TypedValue(actual, fromJson(actual, raw.value, path, options));
  }
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof raw === 'string') return raw;
        if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
        break;
      case 'number':
        if (typeof raw === 'number' || typeof raw === 'string') return normalizeNumber(raw, path);
        break;
      case 'bool':
        if (typeof raw === 'boolean') return raw;
        if (raw === 'true' || raw === 'false') return raw === 'true';
        break;
    }
    throw mismatch(type, raw, path);
  }
  switch (type[0]) {
    case 'list':
    case 'set': {
      if (!Array.isArray(raw)) throw mismatch(type, raw, path);
      const elementType = type[1];
      return raw.map((el, i) => step(path, { index: i }, () => fromJson(elementType, el, path, options)));
    }
    case 'tuple': {
      const types = type[1];
      if (!Array.isArray(raw) || raw.length !== types.length) {
        throw new CtyCodecError(`a tuple of ${types.length} elements is required`, path);
      }
      return raw.map((el, i) => step(path, { index: i }, () => fromJson(types[i]!, el, path, options)));
    }
    case 'map': {
      if (!isPlainObject(raw)) throw mismatch(type, raw, path);
      const out: Record<string, CtyValue> = {};
      for (const [k, v] of Object.entries(raw)) setOwn(out, k, step(path, { key: k }, () => fromJson(type[1], v, path, options)));
      return out;
    }
    case 'object': {
      if (!isPlainObject(raw)) throw mismatch(type, raw, path);
      const attrs = type[1];
      checkAttributes(attrs, raw, path, false, options.ignoreUndefinedAttributes ?? false);
      const out: Record<string, CtyValue> = {};
      for (const k in attrs) {
        setOwn(out, k, Object.hasOwn(raw, k) ? step(path, { attribute: k }, () => fromJson(attrs[k]!, raw[k], path, options)) : null);
      }
      return out;
    }
  }
}

/** Runs `decode` with `path` extended by one step. */
function step<T>(path: PathStep[], at: PathStep, decode: () => T): T {
  path.push(at);
  const value = decode();
  path.pop();
  return value;
}
