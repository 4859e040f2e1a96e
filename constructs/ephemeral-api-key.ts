/**
 * `EphemeralApiKey`: the provider's `ephemeral "keyplane_api_key"` for CDKTF apps. A key made
 * when Terraform opens it and revoked when Terraform closes it at the end of the run, whose
 * secret is never written to a plan or a state (Terraform 1.10 or later):
 *
 *   const temp = new EphemeralApiKey(stack, 'ReadOnly', { name: 'ci-read-only', scopes: ['keys:read'], ttl: { minutes: 30 } });
 *   const readOnly = new KeyplaneProvider(stack, 'read_only', { alias: 'read_only', apiKey: temp.secret });
 *
 * cdktf 0.21 generates no bindings for ephemeral resources and has no element for them, so
 * this one writes its own block under the top-level `ephemeral` key of the synthesized
 * Terraform JSON (`{"ephemeral": {"keyplane_api_key": {"<name>": {...}}}}`), which Terraform
 * reads like an `ephemeral` block of HCL. Its attributes are referenced as
 * `ephemeral.keyplane_api_key.<name>.<attribute>`, so they are usable only where Terraform takes
 * ephemeral values: a provider's configuration, a write-only attribute, another ephemeral block.
 */
import { ref, TerraformElement, Token, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { validateKeyFields } from '../src/core/key-fields.js';
import { resolveDuration, type DurationLike } from './duration.js';
import { ipRuleSchema, toIpRule, validateIpRuleList, type IpRule, type IpRuleLike } from './ip-rule.js';
import type { KeyMetadata } from './api-key.js';
import { scopeLikeSchema, scopeNameOf, scopeRefOf, type ScopeLike } from './scope-catalog.js';
import { addValidation, invalidProps, isToken, ValidationIssues } from './validation.js';

/** The Terraform type of the ephemeral resource. */
const TYPE = 'keyplane_api_key';

/** Props of an {@link EphemeralApiKey}. */
export interface EphemeralApiKeyProps {
  /** What the key is for, e.g. `terraform-ci` (1 to 100 characters); it names the key in the audit trail. */
  readonly name: string;
  /**
   * A longer explanation, up to 1,000 characters.
   * @default - none
   */
  readonly description?: string;
  /**
   * Scopes granted to the key; the provider's own key must hold each of them. Order does not matter.
   * @default - none
   */
  readonly scopes?: readonly ScopeLike[];
  /**
   * Free-form labels, at most 50.
   * @default - none
   */
  readonly metadata?: KeyMetadata;
  /**
   * Which addresses may use the key. Order does not matter.
   * @default - every address
   */
  readonly ipRules?: readonly IpRuleLike[];
  /**
   * How long the key works at most from the moment it is opened, e.g. `{ minutes: 30 }` or `'2h'`;
   * it is revoked at the end of the run anyway.
   * @default - one hour (the provider's default)
   */
  readonly ttl?: DurationLike;
  /**
   * The provider (organization) that makes the key.
   * @default - the stack's default keyplane provider
   */
  readonly provider?: TerraformProvider;
  /**
   * What must exist before the key is opened (e.g. the scopes it is granted, when declared in
   * the same stack by name).
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

const propsSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  scopes: z.array(scopeLikeSchema).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  ipRules: z.array(ipRuleSchema).optional(),
  ttl: z.union([z.string(), z.record(z.string(), z.unknown())], 'expected a duration, e.g. { minutes: 30 } or "30m"').optional(),
  provider: z.custom<TerraformProvider>((v) => typeof v === 'object' && v !== null, 'expected a TerraformProvider').optional(),
  dependsOn: z.array(z.custom<ITerraformDependable>((v) => typeof v === 'object' && v !== null && 'fqn' in v, 'expected a resource or data source')).optional(),
});

/** An API key that lives for one Terraform run (`ephemeral "keyplane_api_key"`). */
export class EphemeralApiKey extends TerraformElement {
  /** True when `x` is an {@link EphemeralApiKey}. */
  static isEphemeralApiKey(x: unknown): x is EphemeralApiKey {
    return x instanceof EphemeralApiKey;
  }

  /** The key's name, as given. */
  readonly keyName: string;
  /** The scopes granted, as given. */
  readonly scopes: readonly ScopeLike[];
  readonly ipRules: readonly IpRule[];
  readonly provider?: TerraformProvider;
  private readonly props: Omit<EphemeralApiKeyProps, 'name' | 'scopes' | 'ipRules' | 'provider'>;
  private readonly ttlText?: string;

  constructor(scope: Construct, id: string, props: EphemeralApiKeyProps) {
    super(scope, id, `ephemeral.${TYPE}`);
    const shape = propsSchema.safeParse(props);
    const bad = invalidProps(shape.error);
    const use = <K extends keyof EphemeralApiKeyProps>(key: K): EphemeralApiKeyProps[K] | undefined => (bad.has(key) ? undefined : props[key]);
    this.keyName = use('name') ?? '';
    this.scopes = [...(use('scopes') ?? [])];
    this.ipRules = (use('ipRules') ?? []).map(toIpRule);
    this.provider = use('provider');
    this.props = { description: use('description'), metadata: use('metadata'), dependsOn: use('dependsOn') };
    const ttl = use('ttl');
    const resolved = ttl === undefined || isToken(ttl) ? undefined : resolveDuration(ttl);
    this.ttlText = typeof ttl === 'string' && isToken(ttl) ? ttl : resolved?.ok ? resolved.text : undefined;

    addValidation(this, () => {
      const issues = new ValidationIssues();
      if (shape.error) issues.addZod([], shape.error);
      const known = <T>(v: T | undefined) => (v === undefined || isToken(v) ? undefined : v);
      const literal = this.scopes.map((s, index) => ({ name: scopeNameOf(s), index })).filter((s): s is { name: string; index: number } => s.name !== undefined);
      const fieldIssues = validateKeyFields({ name: known(this.keyName), description: known(this.props.description), scopes: literal.map((s) => s.name), metadata: known(this.props.metadata) });
      for (const issue of fieldIssues) {
        const [field, index] = issue.path;
        issues.add(field === 'scopes' && typeof index === 'number' ? ['scopes', literal[index]!.index] : issue.path, issue.message);
      }
      issues.addCore(['ipRules'], validateIpRuleList(this.ipRules));
      if (resolved && !resolved.ok) issues.add(['ttl'], resolved.message);
      else if (resolved?.ok && resolved.seconds === 0) issues.add(['ttl'], 'ttl must be longer than zero, e.g. { minutes: 30 }');
      return issues;
    });
  }

  /** The full key (a token usable only where Terraform takes ephemeral values, such as a provider's `apiKey`). Never stored. */
  get secret(): string {
    return this.attribute('secret');
  }

  /** The key's public id (a token). */
  get id(): string {
    return this.attribute('id');
  }

  /** The secret's prefix and last four characters (a token). */
  get hint(): string {
    return this.attribute('hint');
  }

  /** When the key stops working, RFC 3339 (a token). */
  get expiresAt(): string {
    return this.attribute('expires_at');
  }

  private attribute(name: string): string {
    return Token.asString(ref(`ephemeral.${TYPE}.${this.friendlyUniqueId}.${name}`, this.cdktfStack));
  }

  /** The block under `ephemeral` (Terraform JSON), named by the construct's logical id. */
  override toTerraform(): Record<string, unknown> {
    const block: Record<string, unknown> = { name: this.keyName };
    if (this.props.description !== undefined) block.description = this.props.description;
    if (this.scopes.length > 0) block.scopes = this.scopes.map(scopeRefOf);
    if (this.props.metadata !== undefined) block.metadata = this.props.metadata;
    if (this.ttlText !== undefined) block.ttl = this.ttlText;
    if (this.ipRules.length > 0) block.ip_rule = this.ipRules.map((r) => ({ action: r.action, cidr: r.cidr, ...(r.note !== undefined ? { note: r.note } : {}) }));
    if (this.provider !== undefined) block.provider = this.provider.fqn;
    if (this.props.dependsOn !== undefined && this.props.dependsOn.length > 0) block.depends_on = this.props.dependsOn.map((d) => d.fqn);
    return { ephemeral: { [TYPE]: { [this.friendlyUniqueId]: { ...block, ...this.rawOverrides } } } };
  }

  /** cdktf's HCL output renders only the block kinds it knows, and `ephemeral` is not one: refuse rather than drop the key. */
  override toHclTerraform(): never {
    throw new Error(`${this.node.path}: EphemeralApiKey needs Terraform JSON output; cdktf's HCL output cannot write an ephemeral block. Synthesize without hclOutput.`);
  }
}
