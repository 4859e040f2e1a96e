/**
 * Typed decode/encode of a schema's values (config, plan, state) through the protocol's cty
 * codec. Decoding yields the types of schema.ts; encoding completes the object the way
 * Terraform requires (every attribute present, list/set blocks `[]` when absent).
 */
import {
  decodeDynamicValue,
  decodeJson,
  encodeDynamicValue,
  type CtyType,
  type CtyValue,
  type DynamicValue,
} from '../protocol/index.js';
import { schemaCtyType, type Schema } from './schema.js';
import { semanticRules, type SemanticRule } from './semantic-rules.js';
import { completeObject, normalizeNumbers } from './values.js';

/** A decoded object value of a schema (cast to StateOf/PlanOf where the schema is known). */
export type ObjectRecord = Record<string, CtyValue>;

/**
 * Decoder and encoder for the values of one schema. Untyped on purpose: the typed views
 * (StateOf, PlanOf) are what resources see, through the Resource interface.
 */
export class SchemaCodec<S extends Schema = Schema> {
  /** The cty type of the schema's values. */
  readonly type: CtyType;
  /** The cty type of each top-level attribute and block. */
  readonly attributeTypes: Readonly<Record<string, CtyType>>;
  /** The schema's semantic equality rules, read once: every plan, read and apply uses them. */
  readonly semanticRules: readonly SemanticRule[];

  constructor(readonly schema: S) {
    this.type = schemaCtyType(schema);
    this.attributeTypes = (this.type as readonly ['object', Record<string, CtyType>])[1];
    this.semanticRules = semanticRules(schema, this.attributeTypes);
  }

  /** Config or plan (may hold unknowns); null when Terraform sent null (create, destroy). */
  decodePlan(dv: DynamicValue | undefined): ObjectRecord | null {
    const value = decodeDynamicValue(this.type, dv);
    return value === null ? null : this.complete(normalizeNumbers(this.type, value));
  }

  /** State (every value known); null when there is none. */
  decodeState(dv: DynamicValue | undefined): ObjectRecord | null {
    return this.decodePlan(dv);
  }

  /** Stored state as JSON (UpgradeResourceState), tolerating attributes an older schema had. */
  decodeJsonState(json: Uint8Array): ObjectRecord | null {
    const value = decodeJson(this.type, json, { ignoreUndefinedAttributes: true });
    return value === null ? null : this.complete(normalizeNumbers(this.type, value));
  }

  /** Encodes a value (or null) as msgpack, completing the object first. */
  encode(value: ObjectRecord | null): { msgpack: Uint8Array } {
    return encodeDynamicValue(this.type, value === null ? null : this.complete(value));
  }

  /** The object with every attribute present and list/set blocks as arrays. */
  complete(value: CtyValue): Record<string, CtyValue> {
    return completeObject(this.schema.attributes, this.schema.blocks, value);
  }

  /** An object of the schema with every attribute null and every list/set block empty. */
  empty(): Record<string, CtyValue> {
    return this.complete(null);
  }
}
