/**
 * How a provider describes the schema of its configuration, resources, data sources and
 * ephemeral resources. This is the protocol's `Schema` message in a shape that is pleasant to
 * write; schema-convert.ts turns it into the message and into the cty type of its values.
 */
import type { CtyType } from './cty-type.js';

/** Plain text or Markdown, for descriptions. Plain unless said otherwise. */
export type DescriptionKind = 'plain' | 'markdown';

/** A versioned schema: the root block of a resource, data source or provider configuration. */
export interface SchemaDescription {
  /** Bump when the stored state's shape changes; UpgradeResourceState receives the old number. */
  version?: number;
  block: BlockDescription;
}

/** A block: attributes and nested blocks, by name. */
export interface BlockDescription {
  attributes?: Readonly<Record<string, AttributeDescription>>;
  blocks?: Readonly<Record<string, NestedBlockDescription>>;
  description?: string;
  descriptionKind?: DescriptionKind;
  deprecated?: boolean;
}

/**
 * An attribute: either of a cty `type`, or (protocol 6) a `nestedType` holding attributes of
 * its own. Exactly one of `required`, `optional`, `computed` (or `optional` + `computed`).
 */
export interface AttributeDescription {
  type?: CtyType;
  nestedType?: NestedAttributeObject;
  description?: string;
  descriptionKind?: DescriptionKind;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  /** Terraform redacts the value in plan output. */
  sensitive?: boolean;
  deprecated?: boolean;
  /** Never stored in state or plan (Terraform 1.11+, when the client allows it). */
  writeOnly?: boolean;
}

/** The object inside a nested attribute, and how many of them the attribute holds. */
export interface NestedAttributeObject {
  nesting: 'single' | 'list' | 'set' | 'map';
  attributes: Readonly<Record<string, AttributeDescription>>;
}

/** A nested block type, e.g. `ip_rule { ... }` repeated in a resource block. */
export interface NestedBlockDescription {
  /**
   * single: at most one block (null when absent); group: like single but never null;
   * list/set: any number (an empty list, never null, when absent); map: blocks with one label.
   */
  nesting: 'single' | 'group' | 'list' | 'set' | 'map';
  block: BlockDescription;
  minItems?: number;
  maxItems?: number;
}

/** A provider-defined function's signature (protocol 6.5+). */
export interface FunctionDescription {
  parameters: FunctionParameterDescription[];
  variadicParameter?: FunctionParameterDescription;
  returnType: CtyType;
  summary?: string;
  description?: string;
  descriptionKind?: DescriptionKind;
  deprecationMessage?: string;
}

/** One parameter of a provider-defined function. */
export interface FunctionParameterDescription {
  name: string;
  type: CtyType;
  allowNullValue?: boolean;
  allowUnknownValues?: boolean;
  description?: string;
  descriptionKind?: DescriptionKind;
}

/** A managed resource type's identity schema (Terraform 1.12+; protocol 6.9). */
export interface IdentitySchemaDescription {
  version?: number;
  attributes: Readonly<
    Record<string, { type: CtyType; requiredForImport?: boolean; optionalForImport?: boolean; description?: string }>
  >;
}
