/**
 * Plan-time validation with the real terraform: every problem is an error at the line of the
 * attribute it is about (Terraform quotes that line), worded by src/core as the service would;
 * unknown values are tolerated. Provider configuration problems name the attribute too, and
 * a provider configuration not known until apply still lets Terraform plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyplaneTerraform, type KeyplaneTerraform } from './keyplane-terraform.js';

let kt: KeyplaneTerraform;
beforeAll(async () => {
  kt = await startKeyplaneTerraform('validation');
});
afterAll(async () => kt?.close());

/** The diagnostic blocks of terraform's output ("Error: ..." up to the next one). */
function diagnostics(output: string): string[] {
  return output.split(/(?=^(?:Error|Warning): )/m).filter((b) => /^(Error|Warning): /.test(b));
}

/** The one diagnostic with `summary` about `address`. */
function diagnostic(output: string, summary: string, address: string): string {
  const found = diagnostics(output).filter((d) => d.startsWith(`Error: ${summary}\n`) && d.includes(`with ${address},`));
  expect(found, `one "${summary}" for ${address} in:\n${output}`).toHaveLength(1);
  return found[0]!;
}

/** Asserts that terraform quoted the source line `line` (a regex source) of `address`'s block. */
function pointsAt(block: string, address: string, line: string): void {
  const [, type, name] = /^(\w+)\.(\w+)$/.exec(address)!;
  expect(block).toMatch(new RegExp(`on main\\.tf line \\d+, in resource "${type}" "${name}":\\n\\s+\\d+:\\s+${line}`));
}

describe('validation of keyplane_api_key', () => {
  let output: string;

  beforeAll(async () => {
    const dir = kt.workspace(
      'invalid',
      `
variable "cidr_from_elsewhere" {
  type = string
}

resource "keyplane_api_key" "bad_cidr" {
  name = "bad cidr"
  ip_rule {
    action = "allow"
    cidr   = "10.0.0.300/24"
  }
}

resource "keyplane_api_key" "bad_action" {
  name = "bad action"
  ip_rule {
    action = "permit"
    cidr   = "10.0.0.0/24"
  }
}

resource "keyplane_api_key" "bad_rule_among_several" {
  name = "several rules"
  ip_rule {
    action = "allow"
    cidr   = "10.0.0.0/24"
  }
  ip_rule {
    action = "deny"
    cidr   = "10.0.1.0/33"
  }
}

resource "keyplane_api_key" "past" {
  name       = "expired already"
  expires_at = "2020-01-01T00:00:00Z"
}

resource "keyplane_api_key" "not_before_after_expiry" {
  name       = "inverted"
  expires_at = "2040-01-01T00:00:00Z"
  not_before = "2041-01-01T00:00:00Z"
}

resource "keyplane_api_key" "unreadable_time" {
  name       = "unreadable"
  expires_at = "next tuesday"
}

resource "keyplane_api_key" "empty_name" {
  name = ""
}

resource "keyplane_api_key" "bad_durations" {
  name                  = "durations"
  rotation_period       = "90 days"
  rotation_grace_period = "8d"
}

resource "keyplane_api_key" "bad_metadata" {
  name     = "metadata"
  metadata = { "has space" = "x" }
}

resource "keyplane_api_key" "bad_scope" {
  name   = "scope"
  scopes = ["1nvalid scope"]
}

resource "keyplane_api_key" "bad_rate_limit" {
  name                  = "rate"
  rate_limit_per_minute = 0
}

resource "keyplane_api_key" "unknown_values" {
  name = "unknown values are checked later"
  ip_rule {
    action = "allow"
    cidr   = var.cidr_from_elsewhere
  }
}
`,
    );
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const validate = await kt.terraform(dir, 'validate');
    expect(validate.code).toBe(1);
    output = validate.stderr;
  });

  it('points a bad CIDR at its line, with the message of src/core', () => {
    const d = diagnostic(output, 'Invalid IP rule', 'keyplane_api_key.bad_cidr');
    pointsAt(d, 'keyplane_api_key.bad_cidr', 'cidr\\s+= "10\\.0\\.0\\.300/24"');
    expect(d).toMatch(/"10\.0\.0\.300\/24" is not a valid IPv4 or IPv6 address or CIDR block/);
  });

  it('points an unknown action at its line', () => {
    const d = diagnostic(output, 'Invalid IP rule', 'keyplane_api_key.bad_action');
    pointsAt(d, 'keyplane_api_key.bad_action', 'action\\s+= "permit"');
    expect(d).toMatch(/Action must be "allow" or "deny", got "permit"/);
  });

  it('names the rule when several rules make the set element impossible to point at', () => {
    // The protocol cannot address a set element (see framework/diagnostics-collector.ts setElementPath):
    // Terraform shows the resource, and the message quotes the block.
    const d = diagnostic(output, 'Invalid IP rule', 'keyplane_api_key.bad_rule_among_several');
    pointsAt(d, 'keyplane_api_key.bad_rule_among_several', 'resource "keyplane_api_key" "bad_rule_among_several" \\{');
    expect(d.replace(/\s+/g, ' ')).toMatch(/prefix length must be 0 to 32 for IPv4 \(in the ip_rule block \{ action = "deny", cidr = "10\.0\.1\.0\/33" \}\)/);
  });

  it('refuses an expiry in the past, and not_before after expires_at, at their lines', () => {
    const past = diagnostic(output, 'Invalid expires_at', 'keyplane_api_key.past');
    pointsAt(past, 'keyplane_api_key.past', 'expires_at = "2020-01-01T00:00:00Z"');
    expect(past).toMatch(/expires_at 2020-01-01T00:00:00\.000Z is in the past/);
    const inverted = diagnostic(output, 'Invalid not_before', 'keyplane_api_key.not_before_after_expiry');
    pointsAt(inverted, 'keyplane_api_key.not_before_after_expiry', 'not_before = "2041-01-01T00:00:00Z"');
    expect(inverted).toMatch(/must be earlier than expires_at/);
    const unreadable = diagnostic(output, 'Invalid expires_at', 'keyplane_api_key.unreadable_time');
    expect(unreadable).toMatch(/is not an RFC 3339 time/);
  });

  it('refuses an empty name, bad durations, metadata keys, scope names and rate limits at their lines', () => {
    pointsAt(diagnostic(output, 'Invalid name', 'keyplane_api_key.empty_name'), 'keyplane_api_key.empty_name', 'name = ""');
    const period = diagnostic(output, 'Invalid rotation_period', 'keyplane_api_key.bad_durations');
    pointsAt(period, 'keyplane_api_key.bad_durations', 'rotation_period\\s+= "90 days"');
    const grace = diagnostic(output, 'Invalid rotation_grace_period', 'keyplane_api_key.bad_durations');
    pointsAt(grace, 'keyplane_api_key.bad_durations', 'rotation_grace_period = "8d"');
    expect(grace).toMatch(/604800 \(7 days\)/);
    pointsAt(diagnostic(output, 'Invalid metadata key', 'keyplane_api_key.bad_metadata'), 'keyplane_api_key.bad_metadata', 'metadata = \\{ "has space" = "x" \\}');
    pointsAt(diagnostic(output, 'Invalid scope', 'keyplane_api_key.bad_scope'), 'keyplane_api_key.bad_scope', 'scopes = \\["1nvalid scope"\\]');
    pointsAt(
      diagnostic(output, 'Invalid rate_limit_per_minute', 'keyplane_api_key.bad_rate_limit'),
      'keyplane_api_key.bad_rate_limit',
      'rate_limit_per_minute = 0',
    );
  });

  it('tolerates values not known yet, and reports nothing else', () => {
    expect(output).not.toMatch(/unknown_values/);
    expect(diagnostics(output)).toHaveLength(12);
  });
});

describe('provider configuration', () => {
  const body = `
resource "keyplane_api_key" "k" {
  name = "provider config"
}
`;

  it('reports a missing api_key and a bad endpoint at the attribute, without crashing', async () => {
    const missing = kt.workspace('no-key', body);
    expect((await kt.terraform(missing, 'init')).code).toBe(0);
    const plan = await kt.terraformWithEnv({ KEYPLANE_API_KEY: '' }, missing, 'plan');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/Error: Missing api_key/);
    expect(plan.stderr).toMatch(/KEYPLANE_API_KEY/);
    expect(plan.stderr).not.toMatch(/bug in the provider|panic|Plugin did not respond/i);

    const bad = kt.workspace('bad-endpoint', body, 'provider "keyplane" {\n  endpoint = "ftp://keys.example.com"\n  max_retries = -1\n}');
    expect((await kt.terraform(bad, 'init')).code).toBe(0);
    const validate = await kt.terraform(bad, 'validate');
    expect(validate.code).toBe(1);
    const at = (summary: string, line: string) =>
      new RegExp(`Error: ${summary}\\n\\n\\s+with provider\\["registry\\.terraform\\.io/keyplane/keyplane"\\],\\n\\s+on main\\.tf line \\d+, in provider "keyplane":\\n\\s+\\d+:\\s+${line}`);
    expect(validate.stderr).toMatch(at('Invalid endpoint', 'endpoint = "ftp://keys\\.example\\.com"'));
    expect(validate.stderr).toMatch(at('Invalid max_retries', 'max_retries = -1'));
  });

  it('plans with a provider configuration that is known only after apply', async () => {
    const dir = kt.workspace(
      'unknown-provider-config',
      `
resource "terraform_data" "endpoint" {
  input = "${kt.service.url}"
}
${body}`,
      'provider "keyplane" {\n  endpoint = terraform_data.endpoint.output\n}',
    );
    expect((await kt.terraform(dir, 'init')).code).toBe(0);
    const plan = await kt.terraform(dir, 'plan');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/Plan: 2 to add, 0 to change, 0 to destroy/);
    const apply = await kt.terraform(dir, 'apply', '-auto-approve');
    expect(apply.code, apply.stderr).toBe(0);
    expect((await kt.terraform(dir, 'destroy', '-auto-approve')).code).toBe(0);
  });
});
