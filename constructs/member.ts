/**
 * `Member`: a person of the organization, declared with typed props and checked at synth time
 * with the rules the provider applies at plan time (the service's e-mail format, src/core's
 * scope names) and against the scope catalogs of the stack:
 *
 *   new Member(stack, 'Ada', {
 *     email: 'ada@example.com',
 *     displayName: 'Ada Lovelace',
 *     scopes: ['keys:read', 'audit:read'],
 *     invitationOutput: true,
 *   });
 *
 * Deploying it invites the person; the one-time invitation link is the sensitive
 * `invitationUrl` (Keyplane sends no e-mail: pass it on).
 */
import { TerraformOutput, TerraformStack, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { isId } from '../src/core/ids.js';
import { validateMemberFields } from '../src/core/member-fields.js';
import * as generated from './generated/index.js';
import { validateScopesExist } from './granted-scopes.js';
import { organizationOf } from './keyplane-provider.js';
import { ScopeCatalog, scopeLikeSchema, scopeNameOf, scopeRefOf, type ScopeLike } from './scope-catalog.js';
import { addValidation, invalidProps, isToken, ValidationIssues } from './validation.js';

/** Options of the optional output holding the invitation link. */
export interface InvitationOutputOptions {
  /**
   * The output's name (`terraform output -raw <name>`).
   * @default - the construct path below the stack, e.g. `Ada_invitation_url`
   */
  readonly name?: string;
  /** @default - "The one-time invitation link of <email>" */
  readonly description?: string;
}

/** Props of a {@link Member}. */
export interface MemberProps {
  /**
   * The person's e-mail address, with which they sign in; unique in the organization ignoring
   * case. Changing it replaces the member (a new invitation).
   */
  readonly email: string;
  /**
   * How the member is named in the console and the audit trail (1 to 100 characters, one line).
   * @default - none
   */
  readonly displayName?: string;
  /**
   * Scopes the member holds: {@link Scope}s of a {@link ScopeCatalog}, built-in names
   * (`'keys:read'`, `'admin'`), or names declared in a catalog of the stack. The provider's own
   * key must hold each of them. May be empty. Order does not matter.
   */
  readonly scopes: readonly ScopeLike[];
  /**
   * Suspends the member: their sessions end and they cannot sign in until it is `false` again.
   * Only a member who has accepted their invitation can be suspended.
   * @default false
   */
  readonly suspended?: boolean;
  /**
   * The catalog that string scopes are checked against.
   * @default - the ScopeCatalogs of the stack with the same provider; with none, only the form of the names is checked
   */
  readonly catalog?: ScopeCatalog;
  /**
   * The provider (organization) of the member.
   * @default - the stack's default keyplane provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Adds a sensitive output with the invitation link (`terraform output -raw <name>`).
   * @default false
   */
  readonly invitationOutput?: boolean | InvitationOutputOptions;
  /**
   * Adopts an existing member (invited by hand or with the CLI) instead of inviting one: their
   * id, e.g. `mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K` (a Terraform `import` block). The invitation link
   * stays null: the service shows a link only once.
   * @default - the person is invited
   */
  readonly importFrom?: string;
}

const memberPropsSchema = z.strictObject({
  email: z.string(),
  displayName: z.string().optional(),
  scopes: z.array(scopeLikeSchema),
  suspended: z.boolean().optional(),
  catalog: z.custom<ScopeCatalog>((v) => v instanceof ScopeCatalog, 'expected a ScopeCatalog').optional(),
  provider: z.custom<TerraformProvider>((v) => typeof v === 'object' && v !== null, 'expected a TerraformProvider').optional(),
  invitationOutput: z.union([z.boolean(), z.strictObject({ name: z.string().optional(), description: z.string().optional() })]).optional(),
  importFrom: z.string().optional(),
});

/** The prop a path of member-fields.ts is about (API names → prop names). */
const PROP_OF_FIELD: Record<string, string> = { email: 'email', display_name: 'displayName', scopes: 'scopes' };

/** A person of the organization (`keyplane_member`). */
export class Member extends Construct {
  /** True when `x` is a {@link Member}. */
  static isMember(x: unknown): x is Member {
    return x instanceof Member;
  }

  /** The e-mail, as given. */
  readonly email: string;
  /** The scopes granted, as given. */
  readonly scopes: readonly ScopeLike[];
  /** The provider given, if any (undefined: the stack's default keyplane provider). */
  readonly provider?: TerraformProvider;
  /** The `keyplane_member` resource (escape hatch). */
  readonly resource: generated.member.Member;
  /** The output holding the invitation link, when `invitationOutput` asked for one. */
  readonly invitationOutput?: TerraformOutput;

  constructor(scope: Construct, id: string, props: MemberProps) {
    super(scope, id);
    const shape = memberPropsSchema.safeParse(props);
    const bad = invalidProps(shape.error);
    const use = <K extends keyof MemberProps>(key: K): MemberProps[K] | undefined => (bad.has(key) ? undefined : props[key]);

    this.email = use('email') ?? '';
    this.scopes = [...(use('scopes') ?? [])];
    this.provider = use('provider');
    const catalog = use('catalog');
    const displayName = use('displayName');

    this.resource = new generated.member.Member(this, 'Default', {
      email: this.email,
      displayName,
      scopes: this.scopes.map(scopeRefOf),
      suspended: use('suspended'),
      provider: this.provider,
    });
    this.node.defaultChild = this.resource;
    const importFrom = use('importFrom');
    if (importFrom !== undefined) this.resource.importFrom(importFrom);

    const output = use('invitationOutput');
    if (output) {
      const options = output === true ? {} : output;
      this.invitationOutput = new TerraformOutput(this, 'InvitationUrl', {
        value: this.invitationUrl,
        sensitive: true,
        description: options.description ?? `The one-time invitation link of ${this.email}`,
      });
      this.invitationOutput.overrideLogicalId(options.name ?? `${this.pathBelowStack()}_invitation_url`);
    }

    addValidation(this, () => {
      const issues = new ValidationIssues();
      if (shape.error) issues.addZod([], shape.error);
      this.validateFields(issues, displayName);
      if (importFrom !== undefined && !isToken(importFrom) && !isId('member', importFrom)) {
        issues.add(['importFrom'], `${JSON.stringify(importFrom)} is not a member id; give the member's id, e.g. mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K (see keyplane members list)`);
      }
      validateScopesExist(this.scopes, { construct: this, catalog, provider: this.provider }, issues);
      this.validateUniqueEmail(issues);
      return issues;
    });
  }

  /** The member's public id, e.g. `mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K` (a token until apply). Not the construct id (`node.id`). */
  get id(): string {
    return this.resource.id;
  }

  /** `invited`, `active` or `suspended` (a token until apply). */
  get status(): string {
    return this.resource.status;
  }

  /**
   * The one-time invitation link (a token). Sensitive, and kept in the state: pass it only to
   * sensitive arguments or a sensitive output (`invitationOutput`).
   */
  get invitationUrl(): string {
    return this.resource.invitationUrl;
  }

  /** The token of the invitation link alone (a sensitive token), for `POST /v1/invitations/accept`. */
  get invitationToken(): string {
    return this.resource.invitationToken;
  }

  /** Until when the open invitation works (a token; null once accepted or expired). */
  get invitationExpiresAt(): string {
    return this.resource.invitationExpiresAt;
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

  /** E-mail, display name and the form of the scope names, with the provider's plan-time rules. */
  private validateFields(issues: ValidationIssues, displayName: string | undefined): void {
    const literalScopes = this.scopes.map((s, index) => ({ name: scopeNameOf(s), index })).filter((s): s is { name: string; index: number } => s.name !== undefined);
    const known = (value: string | undefined) => (value === undefined || isToken(value) ? undefined : value);
    const found = validateMemberFields({ email: known(this.email), displayName: known(displayName), scopes: literalScopes.map((s) => s.name) });
    for (const issue of found) {
      const [field, index] = issue.path;
      const prop = PROP_OF_FIELD[String(field)] ?? String(field);
      issues.add(typeof index === 'number' ? [prop, literalScopes[index]!.index] : [prop], issue.message);
    }
  }

  /** Two members of an organization cannot share an e-mail, ignoring case (the service refuses the second). */
  private validateUniqueEmail(issues: ValidationIssues): void {
    if (isToken(this.email)) return;
    const organization = organizationOf(this.provider);
    const first = TerraformStack.of(this)
      .node.findAll()
      .filter(Member.isMember)
      .find((m) => organizationOf(m.provider) === organization && !isToken(m.email) && m.email.toLowerCase() === this.email.toLowerCase());
    if (first !== undefined && first !== this) {
      issues.add(['email'], `${JSON.stringify(this.email)} is already the e-mail of ${first.node.path} (e-mails are compared ignoring case); declare each person once`);
    }
  }
}
