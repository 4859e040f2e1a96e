/**
 * `KeyVerification`: the "verify it works before you rely on it" step of a rotation, as a
 * post-apply check. After the key is created and after every rotation, Terraform runs
 *
 *   keyplane keys verify - --scope <scope>... [--ip <address>]
 *
 * with the key's secret on standard input (never on a command line, so it is not in the process
 * list), and the apply fails when the service does not answer `valid`: the old secret is still
 * within its overlap, so nothing is broken yet and the failure is seen in time.
 *
 * It runs as a `local-exec` provisioner, on Terraform's built-in `terraform_data` (no provider
 * to download; the default) or on `null_resource` from hashicorp/null.
 */
import { DataResource, Fn, TerraformStack, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider/index.js';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource/index.js';
import { z } from 'zod';
import { parseClientAddress } from '../src/core/cidr.js';
import { compileIpRules, isIpAllowed, validateIpRules } from '../src/core/ip-rules.js';
import { ScopeResolver } from '../src/core/scopes.js';
import { ApiKey } from './api-key.js';
import { KeyplaneProvider } from './keyplane-provider.js';
import { declaredScopeDefinitions, ScopeCatalog, scopeLikeSchema, scopeNameOf, type ScopeLike } from './scope-catalog.js';
import { addValidation, invalidProps, isToken, ValidationIssues } from './validation.js';

/** The environment variable that carries the secret to the check's shell (never its command line). */
export const SECRET_VARIABLE = 'KEYPLANE_VERIFY_SECRET';

/** Which resource runs the check's provisioner. */
export class VerificationRunner {
  /** Terraform's built-in `terraform_data` (Terraform 1.4+): nothing to download. */
  static terraformData(): VerificationRunner {
    return new VerificationRunner('terraform_data');
  }

  /**
   * `null_resource` of hashicorp/null. Needs that provider (downloaded by `terraform init`); a
   * `NullProvider` is added to the stack when it has none.
   */
  static nullResource(): VerificationRunner {
    return new VerificationRunner('null_resource');
  }

  private constructor(readonly resourceType: 'terraform_data' | 'null_resource') {}
}

/** Props of a {@link KeyVerification}. */
export interface KeyVerificationProps {
  /** The key to verify. */
  readonly key: ApiKey;
  /**
   * The scopes the key must grant for the check to pass.
   * @default - the key's own scopes
   */
  readonly scopes?: readonly ScopeLike[];
  /**
   * The client address to verify from. Required when the key has IP rules (a request without
   * an address is refused by them); it must be one the rules allow.
   * @default - none
   */
  readonly ip?: string;
  /**
   * The command that runs the Keyplane CLI, e.g. `'npx keyplane'` or `'node /opt/keyplane/cli.js'`
   * (a shell command prefix, written as is). It authenticates with `KEYPLANE_API_KEY` (a key with
   * `keys:verify`) of the environment Terraform runs in.
   * @default 'keyplane'
   */
  readonly command?: string;
  /**
   * The service to ask.
   * @default - the endpoint of the stack's KeyplaneProvider when it is known at synth time,
   * else `KEYPLANE_ENDPOINT` of the environment Terraform runs in
   */
  readonly endpoint?: string;
  /**
   * The resource that runs the check.
   * @default VerificationRunner.terraformData()
   */
  readonly runner?: VerificationRunner;
}

const propsSchema = z.strictObject({
  key: z.custom<ApiKey>((v) => v instanceof ApiKey, 'expected an ApiKey'),
  scopes: z.array(scopeLikeSchema).optional(),
  ip: z.string().optional(),
  command: z.string().min(1, 'must not be empty').optional(),
  endpoint: z.string().optional(),
  runner: z.custom<VerificationRunner>((v) => v instanceof VerificationRunner, 'expected VerificationRunner.terraformData() or .nullResource()').optional(),
});

/** Single-quotes `text` for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line of the check. The secret comes from {@link SECRET_VARIABLE} through `printf`
 * (a shell builtin: no process of its own, so no argument list to read it from), and the
 * variable is removed before the CLI starts, so the CLI's environment does not hold it either.
 */
export function verifyCommand(command: string, scopes: readonly string[], ip?: string): string {
  const args = [...scopes.flatMap((s) => ['--scope', shellQuote(s)]), ...(ip === undefined ? [] : ['--ip', shellQuote(ip)])];
  const verify = [command, 'keys', 'verify', '-', ...args].join(' ');
  return `printf '%s\\n' "$${SECRET_VARIABLE}" | (unset ${SECRET_VARIABLE}; exec ${verify})`;
}

/**
 * A post-apply check that a key's current secret verifies with the expected scopes, e.g.
 * `new KeyVerification(stack, 'VerifyAgent', { key: agent, scopes: [agentic] })`. It runs after
 * the key is created and after each rotation; a failure fails the apply and names the reason
 * (`INSUFFICIENT_SCOPE`, `IP_NOT_ALLOWED`...), never the secret. A key adopted with `importFrom`
 * has no secret in Terraform until its first rotation, so its check fails until then.
 *
 * It takes an `ApiKey`, the key this stack manages, and not any `IApiKey`: a key looked up with
 * `ApiKey.fromName` is managed elsewhere, and its secret is never readable (the
 * service shows a secret once, to whoever created or rotated the key), so there is nothing
 * to verify.
 */
export class KeyVerification extends Construct {
  /** The resource running the check (`terraform_data` or `null_resource`). */
  readonly resource: TerraformResource;

  constructor(scope: Construct, id: string, props: KeyVerificationProps) {
    super(scope, id);
    const shape = propsSchema.safeParse(props);
    const bad = invalidProps(shape.error);
    if (bad.has('key')) {
      // Nothing to check without a key; report the shape and stop.
      addValidation(this, () => new ValidationIssues().addZod([], shape.error!));
      this.resource = new DataResource(this, 'Default', {});
      return;
    }
    const key = props.key;
    const use = <K extends keyof KeyVerificationProps>(name: K): KeyVerificationProps[K] | undefined => (bad.has(name) ? undefined : props[name]);
    const scopes = use('scopes') ?? key.scopes;
    const scopeNames = scopes.map(scopeNameOf);
    const ip = use('ip');
    const runner = use('runner') ?? VerificationRunner.terraformData();
    const endpoint = use('endpoint') ?? (key.provider instanceof KeyplaneProvider ? key.provider : KeyplaneProvider.defaultOf(this))?.endpoint;

    const environment: Record<string, string> = { [SECRET_VARIABLE]: key.secret };
    if (endpoint !== undefined) environment.KEYPLANE_ENDPOINT = endpoint;
    const provisioner = {
      type: 'local-exec' as const,
      command: verifyCommand(use('command') ?? 'keyplane', scopes.map((s) => scopeNameOf(s) ?? (typeof s === 'string' ? s : s.scopeRef)), ip),
      interpreter: ['/bin/sh', '-c'],
      environment,
    };
    // Run again whenever the secret changes: a new key, or a rotation.
    const triggers = { key_id: key.id, rotated_at: Fn.coalesce([key.rotatedAt, 'never']) as string, hint: key.hint };

    if (runner.resourceType === 'terraform_data') {
      this.resource = new DataResource(this, 'Default', { triggersReplace: triggers, provisioners: [provisioner] });
    } else {
      const stack = TerraformStack.of(this);
      if (!stack.node.findAll().some((c) => c instanceof NullProvider)) new NullProvider(stack, 'null');
      this.resource = new NullResource(this, 'Default', { triggers, provisioners: [provisioner] });
    }
    this.node.defaultChild = this.resource;

    addValidation(this, () => {
      const issues = new ValidationIssues();
      if (shape.error) issues.addZod([], shape.error);
      this.validateIp(issues, key, ip);
      this.validateScopes(issues, key, scopeNames);
      return issues;
    });
  }

  /** With IP rules the check needs an address the rules allow: the same rule as the service's. */
  private validateIp(issues: ValidationIssues, key: ApiKey, ip: string | undefined): void {
    if (ip !== undefined && !isToken(ip) && parseClientAddress(ip) === null) {
      issues.add(['ip'], `${JSON.stringify(ip)} is not an IPv4 or IPv6 address`);
      return;
    }
    const rules = key.ipRules.map((r) => r.toSpec());
    if (rules.length === 0 || rules.some((r) => isToken(r.cidr) || isToken(r.action))) return;
    if (validateIpRules(rules).length > 0) return; // reported by the key
    if (ip === undefined) {
      issues.add(['ip'], `the key ${key.node.path} has IP rules, which refuse a request without an address; give an address they allow, e.g. one of the office network`);
      return;
    }
    if (!isToken(ip) && !isIpAllowed(compileIpRules(rules), ip)) {
      issues.add(['ip'], `${ip} is not allowed by the IP rules of ${key.node.path} (${key.ipRules.join(', ')}); give an address they allow`);
    }
  }

  /** The scopes checked must be granted to the key (through includes too), as far as the stack tells. */
  private validateScopes(issues: ValidationIssues, key: ApiKey, scopeNames: readonly (string | undefined)[]): void {
    const granted = key.scopeNames;
    if (granted.length !== key.scopes.length) return; // some are tokens: the service decides
    const definitions = declaredScopeDefinitions(this, key.provider);
    const resolver = new ScopeResolver(definitions, { operatorOrganization: true });
    // A granted scope that is neither built in nor declared may include anything: no verdict.
    if (granted.some((name) => !resolver.exists(name) || existingNames(this, key).has(name))) return;
    scopeNames.forEach((name, index) => {
      if (name === undefined) return;
      if (resolver.missing(granted, [name]).length > 0) {
        issues.add(['scopes', index], `the key ${key.node.path} is not granted ${JSON.stringify(name)} (it has ${granted.join(', ') || 'no scopes'}), so the check could never pass`);
      }
    });
  }
}

/** Scopes declared as existing (managed elsewhere): their includes are unknown here. */
function existingNames(construct: Construct, key: ApiKey): Set<string> {
  return new Set(ScopeCatalog.forProvider(construct, key.provider).flatMap((c) => c.existing));
}
