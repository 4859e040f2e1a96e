/**
 * cty types (Terraform's type system) in their JSON form, which is also how the protocol
 * carries them (`Schema.Attribute.type` holds the compact JSON bytes).
 */

/** A cty type, written exactly as its JSON: `'string'`, `['list', 'string']`, ... */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list', CtyType]
  | readonly ['set', CtyType]
  | readonly ['map', CtyType]
  | readonly ['object', { readonly [name: string]: CtyType }]
  /** An object type constraint with optional attributes (function parameters only). */
  | readonly ['object', { readonly [name: string]: CtyType }, readonly string[]]
  | readonly ['tuple', readonly CtyType[]];

/** The attribute types of an object type. */
export type CtyAttributeTypes = { readonly [name: string]: CtyType };

/** Raised for a malformed cty type. */
export class CtyTypeError extends Error {
  override name = 'CtyTypeError';
}

/** The compact JSON of a type, as the protocol wants it in `Schema.Attribute.type`. */
export function ctyTypeToJson(type: CtyType): string {
  return JSON.stringify(type);
}

/** Parses and checks a type from its JSON text or already-parsed JSON value. */
export function parseCtyType(json: string | Uint8Array | unknown): CtyType {
  let value: unknown = json;
  if (typeof json === 'string' && !['string', 'number', 'bool', 'dynamic'].includes(json)) value = JSON.parse(json);
  else if (json instanceof Uint8Array) value = JSON.parse(new TextDecoder().decode(json));
  checkCtyType(value);
  return value;
}

function checkCtyType(t: unknown): asserts t is CtyType {
  if (t === 'string' || t === 'number' || t === 'bool' || t === 'dynamic') return;
  if (!Array.isArray(t) || typeof t[0] !== 'string') throw new CtyTypeError(`not a cty type: ${JSON.stringify(t)}`);
  const [kind, arg, optional] = t as unknown[];
  switch (kind) {
    case 'list':
    case 'set':
    case 'map':
      if (t.length !== 2) break;
      checkCtyType(arg);
      return;
    case 'object':
      if (t.length !== 2 && t.length !== 3) break;
      if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) break;
      for (const attr of Object.values(arg)) checkCtyType(attr);
      if (optional !== undefined) {
        if (!Array.isArray(optional) || !optional.every((n) => typeof n === 'string' && n in arg)) break;
      }
      return;
    case 'tuple':
      if (t.length !== 2 || !Array.isArray(arg)) break;
      for (const el of arg) checkCtyType(el);
      return;
  }
  throw new CtyTypeError(`not a cty type: ${JSON.stringify(t)}`);
}

/** Whether two types are the same (optional-attribute markers included). */
export function ctyTypeEquals(a: CtyType, b: CtyType): boolean {
  return ctyTypeToJson(normalize(a)) === ctyTypeToJson(normalize(b));
}

/** Sorts object attributes so that equal types have equal JSON. */
function normalize(t: CtyType): CtyType {
  if (typeof t === 'string') return t;
  switch (t[0]) {
    case 'list':
    case 'set':
    case 'map':
      return [t[0], normalize(t[1])] as CtyType;
    case 'tuple':
      return ['tuple', t[1].map(normalize)];
    case 'object': {
      const attrs = Object.fromEntries(
        Object.keys(t[1])
          .sort()
          .map((k) => [k, normalize(t[1][k]!)]),
      );
      return t.length === 3 ? ['object', attrs, [...t[2]].sort()] : ['object', attrs];
    }
  }
}

/** Whether the type is or contains `dynamic` (its values then carry their own types). */
export function hasDynamicTypes(t: CtyType): boolean {
  if (t === 'dynamic') return true;
  if (typeof t === 'string') return false;
  switch (t[0]) {
    case 'list':
    case 'set':
    case 'map':
      return hasDynamicTypes(t[1]);
    case 'tuple':
      return t[1].some(hasDynamicTypes);
    case 'object':
      return Object.values(t[1]).some(hasDynamicTypes);
  }
}

/** A short human description for error messages: `list of string`, `object`. */
export function describeCtyType(t: CtyType): string {
  if (typeof t === 'string') return t;
  switch (t[0]) {
    case 'list':
    case 'set':
    case 'map':
      return `${t[0]} of ${describeCtyType(t[1])}`;
    case 'object':
      return 'object';
    case 'tuple':
      return 'tuple';
  }
}
