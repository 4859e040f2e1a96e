/**
 * Limits of a key's fields that openapi.yaml states (the service enforces them through the
 * contract, not through src/core), repeated here so that plan-time validation agrees.
 */
export const KEY_LIMITS = {
  /** `name`: 1 to 100 characters. */
  name: 100,
  /** `description`: at most 1,000 characters. */
  description: 1000,
  /** `scopes`: at most 100. */
  scopes: 100,
  /** `metadata`: at most 50 pairs. */
  metadataPairs: 50,
  /** `metadata` keys (the contract's `propertyNames` pattern). */
  metadataKey: /^[A-Za-z0-9_.:/-]{1,64}$/,
  /** `metadata` values: at most 500 characters. */
  metadataValue: 500,
} as const;

/** An RFC 3339 date-time with a time zone, as the contract's `format: date-time` accepts. */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
