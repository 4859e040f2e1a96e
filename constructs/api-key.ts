/**
 * `ApiKey`: one API key of the organization, declared with typed props and checked at synth
 * time with src/core's rules (the same the provider applies at plan time and the service on
 * every request):
 *
 *   new ApiKey(stack, 'CrmSync', {
 *     name: 'CRM Sync',
 *     scopes: [read],
 *     expiry: Expiry.after({ days: 90 }), // renewed at each rotation
 *     ipRules: [IpRule.allow('203.0.113.0/24', 'Office'), IpRule.allow('2001:db8:1::/48')],
 *     rotation: Rotation.every({ days: 90, overlap: { hours: 24 } }),
 *   });
 */
import { Annotations, TerraformOutput, TerraformStack, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import type { components } from '../src/api/schema.js';
import { isId } from '../src/core/ids.js';
import { validateKeyFields } from '../src/core/key-fields.js';
import { MAX_RATE_LIMIT_PER_MINUTE, validateKeyRateLimit } from '../src/core/rate-limit.js';
import { parseTimestamp } from '../src/core/timestamp.js';
import { ExistingApiKey, type ExistingApiKeyProps } from './existing-api-key.js';
import { Expiry, type ExpiryConfig } from './expiry.js';
import * as generated from './generated/index.js';
import { validateScopesExist } from './granted-scopes.js';
import { IpRule, ipRuleSchema, toIpRule, validateIpRuleList, type IpRuleLike } from './ip-rule.js';
import { Rotation, type RotationConfig } from './rotation.js';
import { ScopeCatalog, scopeLikeSchema, scopeNameOf, scopeRefOf, type ScopeLike } from './scope-catalog.js';
import { organizationOf } from './keyplane-provider.js';
import { addValidation, invalidProps, isToken, ValidationIssues } from './validation.js';

/** Free-form labels of a key, as the contract defines them. */
export type KeyMetadata = components['schemas']['Metadata'];

/** Options of the optional output holding the secret. */
export interface SecretOutputOptions {
  /**
   * The output's name (`terraform output -raw <name>`).
   * @default - the construct path below the stack, e.g. `CrmSync_secret`
   */
  readonly name?: string;
  /** @default - "The secret of the API key <name>" */
  readonly description?: string;
}

/** Props of an {@link ApiKey}. */
export interface ApiKeyProps {
  /** What the key is for, e.g. `CRM Sync` (1 to 100 characters); unique in the stack. */
  readonly name: string;
  /**
   * A longer explanation, up to 1,000 characters.
   * @default - none
   */
  readonly description?: string;
  /**
   * Scopes granted to the key: {@link Scope}s of a {@link ScopeCatalog}, built-in names
   * (`'keys:read'`), or names declared in a catalog of the stack. The provider's own key must
   * hold each of them. Order does not matter.
   * @default - none: the key can authenticate but is allowed nothing that needs a scope
   */
  readonly scopes?: readonly ScopeLike[];
  /**
   * When the key stops working.
   * @default Expiry.organizationDefault()
   */
  readonly expiry?: Expiry;
  /**
   * When the key starts working: a `Date` or an RFC 3339 time, earlier than the expiry.
   * @default - at once
   */
  readonly notBefore?: Date | string;
  /**
   * Which addresses may use the key, e.g. `[IpRule.allow('203.0.113.0/24', 'Office')]`.
   * Order does not matter.
   * @default - none: every address
   */
  readonly ipRules?: readonly IpRuleLike[];
  /**
   * Free-form labels, at most 50; keys of letters, digits and `_ . : / -` up to 64 characters,
   * values up to 500 characters.
   * @default - none
   */
  readonly metadata?: KeyMetadata;
  /**
   * The key's own limit in requests a minute, at most the organization's.
   * @default - the organization's plan decides
   */
  readonly rateLimitPerMinute?: number;
  /**
   * When the secret is rotated in place (same id, scopes and rules; new secret).
   * @default Rotation.manual()
   */
  readonly rotation?: Rotation;
  /**
   * The catalog that string scopes are checked against.
   * @default - the ScopeCatalogs of the stack with the same provider; with none, only the form of the names is checked
   */
  readonly catalog?: ScopeCatalog;
  /**
   * The provider (organization) of the key.
   * @default - the stack's default keyplane provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Adds a sensitive output with the secret (`terraform output -raw <name>`).
   * @default false
   */
  readonly secretOutput?: boolean | SecretOutputOptions;
  /**
   * Adopts an existing key (made by hand or with the CLI) instead of creating one: its id,
   * e.g. `key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K` (a Terraform `import` block). Its secret stays
   * unknown to Terraform until the key is rotated.
   * @default - a new key is created
   */
  readonly importFrom?: string;
}

const providerSchema = z.custom<TerraformProvider>((v) => typeof v === 'object' && v !== null, 'expected a TerraformProvider');

const apiKeyPropsSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  scopes: z.array(scopeLikeSchema).optional(),
  expiry: z.custom<Expiry>((v) => v instanceof Expiry, 'expected an Expiry, e.g. Expiry.after({ days: 90 })').optional(),
  notBefore: z.union([z.custom<Date>((v) => v instanceof Date), z.string()], 'expected a Date or an RFC 3339 time').optional(),
  ipRules: z.array(ipRuleSchema).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  rateLimitPerMinute: z.number().optional(),
  rotation: z.custom<Rotation>((v) => v instanceof Rotation, 'expected a Rotation, e.g. Rotation.every({ days: 90 })').optional(),
  catalog: z.custom<ScopeCatalog>((v) => v instanceof ScopeCatalog, 'expected a ScopeCatalog').optional(),
  provider: providerSchema.optional(),
  secretOutput: z.union([z.boolean(), z.strictObject({ name: z.string().optional(), description: z.string().optional() })]).optional(),
  importFrom: z.string().optional(),
});

/** An API key of the organization (`keyplane_api_key`). */
export class ApiKey extends Construct {
  /**
   * A key that exists in the organization, managed elsewhere, by its exact name
   * (`data "keyplane_api_key"`): id, hint, status, scopes and expiry as tokens, never the secret.
   * The plan fails when no key that is not revoked has that name, or several do.
   */
  static fromName(scope: Construct, id: string, name: string, options: Omit<ExistingApiKeyProps, 'name'> = {}): ExistingApiKey {
    return new ExistingApiKey(scope, id, { ...options, name });
  }

  /** True when `x` is an {@link ApiKey}. */
  static isApiKey(x: unknown): x is ApiKey {
    return x instanceof ApiKey;
  }

  /** The key's name, as given. */
  readonly keyName: string;
  /** The scopes granted, as given. */
  readonly scopes: readonly ScopeLike[];
  /** The IP rules, as given. */
  readonly ipRules: readonly IpRule[];
  readonly expiry: Expiry;
  readonly rotation: Rotation;
  /** The provider given, if any (undefined: the stack's default keyplane provider). */
  readonly provider?: TerraformProvider;
  /** The `keyplane_api_key` resource (escape hatch). */
  readonly resource: generated.apiKey.ApiKey;
  /** The output holding the secret, when `secretOutput` asked for one. */
  readonly secretOutput?: TerraformOutput;

  private readonly catalog?: ScopeCatalog;

  constructor(scope: Construct, id: string, props: ApiKeyProps) {
    super(scope, id);
    const shape = apiKeyPropsSchema.safeParse(props);
    const bad = invalidProps(shape.error);
    const use = <K extends keyof ApiKeyProps>(key: K): ApiKeyProps[K] | undefined => (bad.has(key) ? undefined : props[key]);

    this.keyName = use('name') ?? '';
    this.scopes = [...(use('scopes') ?? [])];
    this.ipRules = (use('ipRules') ?? []).map(toIpRule);
    this.expiry = use('expiry') ?? Expiry.organizationDefault();
    this.rotation = use('rotation') ?? Rotation.manual();
    this.catalog = use('catalog');
    this.provider = use('provider');

    const notBefore = use('notBefore');
    const notBeforeText = notBefore instanceof Date ? (Number.isNaN(notBefore.getTime()) ? undefined : notBefore.toISOString()) : notBefore;
    const notBeforeMs = notBeforeText === undefined || isToken(notBeforeText) ? undefined : (parseTimestamp(notBeforeText) ?? undefined);
    const expiry: ExpiryConfig = this.expiry.bind(Date.now(), notBeforeMs);
    const rotation: RotationConfig = this.rotation.bind();

    this.resource = new generated.apiKey.ApiKey(this, 'Default', {
      name: this.keyName,
      description: use('description'),
      scopes: this.scopes.length > 0 ? this.scopes.map(scopeRefOf) : undefined,
      expiresAt: expiry.expiresAt,
      expiresAfter: expiry.expiresAfter,
      neverExpires: expiry.neverExpires,
      notBefore: notBeforeText,
      ipRule: this.ipRules.length > 0 ? this.ipRules.map((r) => ({ action: r.action, cidr: r.cidr, note: r.note })) : undefined,
      metadata: use('metadata'),
      rateLimitPerMinute: use('rateLimitPerMinute'),
      rotation: rotation.rotation,
      rotationTriggers: rotation.rotationTriggers,
      provider: this.provider,
    });
    this.node.defaultChild = this.resource;
    const importFrom = use('importFrom');
    if (importFrom !== undefined) this.resource.importFrom(importFrom);

    const secretOutput = use('secretOutput');
    if (secretOutput) {
      const options = secretOutput === true ? {} : secretOutput;
      this.secretOutput = new TerraformOutput(this, 'Secret', {
        value: this.secret,
        sensitive: true,
        description: options.description ?? `The secret of the API key ${JSON.stringify(this.keyName)}`,
      });
      this.secretOutput.overrideLogicalId(options.name ?? `${this.pathBelowStack()}_secret`);
    }

    this.warnAboutRotation(expiry, rotation);

    addValidation(this, () => {
      const issues = new ValidationIssues();
      if (shape.error) issues.addZod([], shape.error);
      this.validateFields(issues, { description: use('description'), metadata: use('metadata'), rateLimitPerMinute: use('rateLimitPerMinute') });
      for (const [field, message] of [...expiry.issues, ...rotation.issues]) issues.add(field, message);
      // Renewed for its lifetime at each rotation, the key would be due again at once: the provider refuses it too.
      if (expiry.lifetimeSeconds !== undefined && rotation.beforeExpirySeconds !== undefined && rotation.beforeExpirySeconds >= expiry.lifetimeSeconds) {
        issues.add(['rotation', 'beforeExpiry'], `the window before expiry (${this.rotation}) must be shorter than the key's lifetime (${this.expiry}), or every plan would rotate the key`);
      }
      if (notBefore instanceof Date && notBeforeText === undefined) issues.add(['notBefore'], 'an invalid Date was given');
      else if (notBeforeText !== undefined && !isToken(notBeforeText) && notBeforeMs === undefined) {
        issues.add(['notBefore'], `${JSON.stringify(notBeforeText)} is not an RFC 3339 time; write it like "2027-02-20T00:00:00Z"`);
      }
      issues.addCore(['ipRules'], validateIpRuleList(this.ipRules));
      if (importFrom !== undefined && !isToken(importFrom) && !isId('key', importFrom)) {
        issues.add(['importFrom'], `${JSON.stringify(importFrom)} is not a key id; give the key's id, e.g. key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K (see keyplane keys list)`);
      }
      validateScopesExist(this.scopes, { construct: this, catalog: this.catalog, provider: this.provider }, issues);
      this.validateUniqueName(issues);
      return issues;
    });
  }

  /** The key's public id, e.g. `key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K` (a token until apply). Not the construct id (`node.id`). */
  get id(): string {
    return this.resource.id;
  }

  /** The secret's prefix and last four characters, e.g. `nm_acme_…GeZq` (a token until apply). */
  get hint(): string {
    return this.resource.hint;
  }

  /**
   * The full key (a token). Sensitive: Terraform hides it in plans and outputs, but it is kept
   * in the state; pass it only to sensitive arguments or a sensitive output (`secretOutput`).
   */
  get secret(): string {
    return this.resource.secret;
  }

  /** `active`, `not_yet_valid`, or `expired` until the next apply rotates it back into use (a token until apply). */
  get status(): string {
    return this.resource.status;
  }

  /** When the secret was last rotated (a token; null before the first rotation). */
  get rotatedAt(): string {
    return this.resource.rotatedAt;
  }

  /** The names of the granted scopes that are known at synth time. */
  get scopeNames(): string[] {
    return this.scopes.map(scopeNameOf).filter((n): n is string => n !== undefined);
  }

  private pathBelowStack(): string {
    const stack = TerraformStack.of(this);
    const scopes = this.node.scopes;
    return scopes
      .slice(scopes.indexOf(stack) + 1)
      .map((c) => c.node.id.replace(/[^A-Za-z0-9_-]/g, '_'))
      .join('_');
  }

  /** Name, description, scopes (form), metadata and rate limit with src/core's rules. */
  private validateFields(issues: ValidationIssues, fields: Pick<ApiKeyProps, 'description' | 'metadata' | 'rateLimitPerMinute'>): void {
    const literalScopes = this.scopes.map((s, index) => ({ name: scopeNameOf(s), index })).filter((s): s is { name: string; index: number } => s.name !== undefined);
    const known = <T>(value: T | undefined): T | undefined => (value === undefined || isToken(value) ? undefined : value);
    const metadata = known(fields.metadata);
    const keyFieldIssues = validateKeyFields({
      name: known(this.keyName),
      description: known(fields.description),
      scopes: literalScopes.map((s) => s.name),
      // A token value still counts as a pair; its length is checked at apply.
      metadata: metadata === undefined ? undefined : Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, isToken(v) ? '' : v])),
    });
    for (const issue of keyFieldIssues) {
      const [field, key] = issue.path;
      if (field === 'scopes' && typeof key === 'number') issues.add(['scopes', literalScopes[key]!.index], issue.message);
      else issues.add(issue.path, issue.message);
    }
    const rate = known(fields.rateLimitPerMinute);
    if (rate !== undefined) {
      // The organization's own limit is checked by the service; here only the absolute bounds.
      const rateIssues = validateKeyRateLimit({ plan: 'enterprise', rateLimitPerMinute: MAX_RATE_LIMIT_PER_MINUTE }, rate);
      issues.addCore([], rateIssues, () => ['rateLimitPerMinute']);
    }
  }

  /** Two keys of an organization with the same name cannot be told apart in lists and audit trails. */
  private validateUniqueName(issues: ValidationIssues): void {
    if (isToken(this.keyName)) return;
    const organization = organizationOf(this.provider);
    const keys = TerraformStack.of(this)
      .node.findAll()
      .filter(ApiKey.isApiKey)
      .filter((k) => organizationOf(k.provider) === organization);
    const first = keys.find((k) => k.keyName === this.keyName);
    if (first !== undefined && first !== this) {
      issues.add(['name'], `${JSON.stringify(this.keyName)} is already the name of ${first.node.path}; give each key of a stack its own name`);
    }
  }

  /**
   * A schedule that cannot keep the key working: it expires before each rotation is due (it is
   * rotated back into use only by the next apply).
   */
  private warnAboutRotation(expiry: ExpiryConfig, rotation: RotationConfig): void {
    if (rotation.rotation === undefined) return;
    // A renewed lifetime (`after`) restarts at each rotation; a fixed time is not renewed.
    const lifetime = expiry.lifetimeSeconds ?? (expiry.expiresAtMs !== undefined ? (expiry.expiresAtMs - Date.now()) / 1000 : undefined);
    if (lifetime === undefined) return;
    const renewed = expiry.lifetimeSeconds !== undefined;
    if (rotation.periodSeconds === undefined || rotation.beforeExpirySeconds !== undefined || rotation.periodSeconds <= lifetime) return;
    Annotations.of(this).addWarning(
      renewed
        ? `rotation: the key expires (${this.expiry}) before each rotation (${this.rotation}) and stays expired until the next apply rotates it; give it a lifetime at least as long as the period, or add beforeExpiry`
        : `rotation: the key expires (${this.expiry}) before its first rotation (${this.rotation}); rotation keeps a fixed expiry, so use Expiry.after() to renew it at each rotation, or shorten the period`,
    );
  }

}
