/**
 * Operations on decoded Terraform values that the planning rules need: equality by type (sets
 * ignore order), finding unknowns, and the schema-aware normalisations done when values enter
 * and leave the framework (numbers as JavaScript numbers; absent list/set blocks as `[]`).
 */
import {
  TypedValue,
  Unknown,
  isUnknown,
  formatAttributePath,
  type CtyType,
  type CtyValue,
  type PathStep,
} from '../protocol/index.js';
import type { Blocks, Schema } from './schema.js';

/**
 * A string that two values share exactly when they are equal as values of `type`: set
 * elements are sorted, object and map keys too; unknown has its own token.
 */
export function valueKey(type: CtyType, value: CtyValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (isUnknown(value)) return 'unknown';
  if (value instanceof TypedValue) return `dyn(${JSON.stringify(value.type)}:${valueKey(value.type, value.value)})`;
  if (typeof type === 'string') {
    if (type === 'number') return `n:${Number(value)}`;
    if (type === 'dynamic') return `d:${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`;
    return JSON.stringify(value);
  }
  switch (type[0]) {
    case 'list':
    case 'set': {
      const items = (value as CtyValue[]).map((v) => valueKey(type[1], v));
      if (type[0] === 'set') items.sort();
      return `[${items.join(',')}]`;
    }
    case 'tuple':
      return `[${(value as CtyValue[]).map((v, i) => valueKey(type[1][i]!, v)).join(',')}]`;
    case 'map': {
      const obj = value as Record<string, CtyValue>;
      return `{${Object.keys(obj)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${valueKey(type[1], obj[k])}`)
        .join(',')}}`;
    }
    case 'object': {
      const obj = value as Record<string, CtyValue>;
      const attrs = type[1];
      return `{${Object.keys(attrs)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${valueKey(attrs[k]!, obj[k])}`)
        .join(',')}}`;
    }
  }
}

/**
 * Whether two values of `type` are equal (sets compared without regard to order): equal
 * exactly when their {@link valueKey}s are. Compared in place rather than by building both
 * keys, which cost more than the rest of planning a resource; sets that are not in the same
 * order, and dynamic values, still go through their keys.
 */
export function valuesEqual(type: CtyType, a: CtyValue | undefined, b: CtyValue | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === y) return true;
  if (x === null || y === null || isUnknown(x) || isUnknown(y)) return false;
  if (x instanceof TypedValue || y instanceof TypedValue || type === 'dynamic') return valueKey(type, x) === valueKey(type, y);
  if (typeof type === 'string') {
    if (type === 'number') {
      const m = Number(x);
      const n = Number(y);
      return m === n || (Number.isNaN(m) && Number.isNaN(n));
    }
    // Distinct primitives are distinct (valueKey writes them as JSON).
    return typeof x === 'object' || typeof y === 'object' ? valueKey(type, x) === valueKey(type, y) : false;
  }
  if (typeof x !== 'object' || typeof y !== 'object') return valueKey(type, x) === valueKey(type, y);
  switch (type[0]) {
    case 'list':
    case 'set':
    case 'tuple': {
      if (!Array.isArray(x) || !Array.isArray(y)) return valueKey(type, x) === valueKey(type, y);
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) {
        const elementType = type[0] === 'tuple' ? type[1][i]! : type[1];
        if (!valuesEqual(elementType, x[i], y[i])) return type[0] === 'set' && valueKey(type, x) === valueKey(type, y);
      }
      return true;
    }
    case 'map': {
      const mx = x as Record<string, CtyValue>;
      const my = y as Record<string, CtyValue>;
      const keys = Object.keys(mx);
      if (keys.length !== Object.keys(my).length) return false;
      for (const k of keys) if (!Object.hasOwn(my, k) || !valuesEqual(type[1], mx[k], my[k])) return false;
      return true;
    }
    case 'object': {
      const ox = x as Record<string, CtyValue>;
      const oy = y as Record<string, CtyValue>;
      const attrs = type[1];
      for (const k in attrs) if (!valuesEqual(attrs[k]!, ox[k], oy[k])) return false;
      return true;
    }
  }
}

/** Whether the value is or contains an unknown. */
export function containsUnknown(value: CtyValue | undefined): boolean {
  if (isUnknown(value)) return true;
  if (value === null || value === undefined || typeof value !== 'object') return false;
  if (value instanceof TypedValue) return containsUnknown(value.value);
  if (Array.isArray(value)) return value.some(containsUnknown);
  return Object.values(value).some(containsUnknown);
}

/** The path of the first unknown inside the value, or undefined when it is wholly known. */
export function findUnknown(value: CtyValue | undefined, path: PathStep[] = []): PathStep[] | undefined {
  if (isUnknown(value)) return path;
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof TypedValue) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnknown(value[i], [...path, { index: i }]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const found = findUnknown(v, [...path, { attribute: k }]);
    if (found) return found;
  }
  return undefined;
}

/** `findUnknown` for messages: `ip_rule[0].cidr`, or the whole value. */
export function describePath(path: readonly PathStep[]): string {
  return path.length ? formatAttributePath(path) : 'the whole object';
}

/**
 * Numbers as JavaScript numbers: the codec keeps integers beyond 2^53 as bigint and decimals
 * beyond float64 as text; attributes of this framework are typed `number`.
 */
export function normalizeNumbers(type: CtyType, value: CtyValue): CtyValue {
  if (value === null || isUnknown(value)) return value;
  if (typeof type === 'string') {
    return type === 'number' && (typeof value === 'bigint' || typeof value === 'string') ? Number(value) : value;
  }
  switch (type[0]) {
    case 'list':
    case 'set':
      return (value as CtyValue[]).map((v) => normalizeNumbers(type[1], v));
    case 'tuple':
      return (value as CtyValue[]).map((v, i) => normalizeNumbers(type[1][i]!, v));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, CtyValue>).map(([k, v]) => [k, normalizeNumbers(type[1], v)]));
    case 'object': {
      const attrs = type[1];
      const obj = value as Record<string, CtyValue>;
      return Object.fromEntries(Object.keys(attrs).map((k) => [k, normalizeNumbers(attrs[k]!, obj[k] ?? null)]));
    }
  }
}

/**
 * Fills what Terraform requires of an object of the schema: every attribute present (null
 * when not set), and list/set blocks as `[]` rather than null ("a nested block list with no
 * blocks is []"). Unknown values are left alone.
 */
export function completeObject(attributes: Schema['attributes'], blocks: Blocks | undefined, value: CtyValue): Record<string, CtyValue> {
  const obj = (value ?? {}) as Record<string, CtyValue>;
  const out: Record<string, CtyValue> = {};
  for (const name of Object.keys(attributes)) out[name] = obj[name] ?? null;
  for (const [name, block] of Object.entries(blocks ?? {})) {
    const v = obj[name] ?? null;
    if (isUnknown(v)) out[name] = v;
    else if (block.nesting === 'single') out[name] = v === null ? null : completeObject(block.attributes, block.blocks, v);
    else out[name] = ((v ?? []) as CtyValue[]).map((el) => (isUnknown(el) ? el : completeObject(block.attributes, block.blocks, el)));
  }
  return out;
}

/** Deep copy of a value (Unknown, the sentinel, is shared). */
export function cloneValue<T extends CtyValue>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof TypedValue) return value;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneValue(v)])) as T;
}

export { Unknown, isUnknown };
