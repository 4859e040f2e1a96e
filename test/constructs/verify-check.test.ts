/**
 * `KeyVerification`: the post-apply check on terraform_data (default) and null_resource, the
 * command it runs (the secret on stdin, never in an argument list: proven by running it), and
 * its synth-time errors (IP rules and scopes, with src/core's rules).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NullProvider } from '@cdktf/provider-null/lib/provider/index.js';
import { describe, expect, it } from 'vitest';
import { ApiKey, IpRule, KeyVerification, ScopeCatalog, SECRET_VARIABLE, VerificationRunner } from '../../constructs/index.js';
import { verifyCommand } from '../../constructs/verify-check.js';
import { synthJson, testStack, validationErrors } from './helpers.js';

const SECRET = 'nm_acme_4Wc9ZqL2hT8vKx1bNf3RmY6pDs0aGe7J1Ah2Rz';

describe('KeyVerification', () => {
  it('runs `keyplane keys verify -` on terraform_data after every new secret, the secret in the environment only', () => {
    const { stack } = testStack();
    const key = new ApiKey(stack, 'Agent', { name: 'production-agent', scopes: ['keys:read', 'keys:verify'] });
    const check = new KeyVerification(stack, 'VerifyAgent', { key });
    const json = synthJson(stack);
    expect(json.resource.terraform_data!.VerifyAgent).toEqual({
      triggers_replace: {
        key_id: '${keyplane_api_key.Agent.id}',
        hint: '${keyplane_api_key.Agent.hint}',
        rotated_at: '${coalesce(keyplane_api_key.Agent.rotated_at, "never")}',
      },
      provisioner: [
        {
          'local-exec': {
            command: `printf '%s\\n' "$KEYPLANE_VERIFY_SECRET" | (unset KEYPLANE_VERIFY_SECRET; exec keyplane keys verify - --scope 'keys:read' --scope 'keys:verify')`,
            interpreter: ['/bin/sh', '-c'],
            environment: { KEYPLANE_VERIFY_SECRET: '${keyplane_api_key.Agent.secret}', KEYPLANE_ENDPOINT: 'http://127.0.0.1:8080' },
          },
        },
      ],
    });
    expect(check.node.defaultChild).toBe(check.resource);
    expect(json.provider).not.toHaveProperty('null');
  });

  it('with null_resource (hashicorp/null), adding one NullProvider to the stack', () => {
    const { stack } = testStack();
    const key = new ApiKey(stack, 'Agent', { name: 'production-agent', scopes: ['keys:read'], ipRules: [IpRule.allow('203.0.113.0/24')] });
    new KeyVerification(stack, 'One', { key, ip: '203.0.113.7', runner: VerificationRunner.nullResource() });
    new KeyVerification(stack, 'Two', { key, ip: '203.0.113.8', runner: VerificationRunner.nullResource(), command: 'npx keyplane', endpoint: 'https://keys.example.com' });
    const json = synthJson(stack);
    expect(Object.keys(json.resource.null_resource!)).toEqual(['One', 'Two']);
    expect(json.resource.null_resource!.One!.triggers).toEqual({
      key_id: '${keyplane_api_key.Agent.id}',
      hint: '${keyplane_api_key.Agent.hint}',
      rotated_at: '${coalesce(keyplane_api_key.Agent.rotated_at, "never")}',
    });
    const two = (json.resource.null_resource!.Two!.provisioner as { 'local-exec': { command: string; environment: Record<string, string> } }[])[0]!['local-exec'];
    expect(two.command).toBe(`printf '%s\\n' "$KEYPLANE_VERIFY_SECRET" | (unset KEYPLANE_VERIFY_SECRET; exec npx keyplane keys verify - --scope 'keys:read' --ip '203.0.113.8')`);
    expect(two.environment.KEYPLANE_ENDPOINT).toBe('https://keys.example.com');
    expect(json.provider.null).toHaveLength(1);
    expect(json.terraform.required_providers).toMatchObject({ null: { source: 'null' } });
    expect(stack.node.findAll().filter((c) => c instanceof NullProvider)).toHaveLength(1);
  });

  it('checks the scopes given, by name, including catalog scopes', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes');
    const read = catalog.addScope('read');
    const agentic = catalog.addScope('agentic', { includes: [read] });
    const key = new ApiKey(stack, 'Agent', { name: 'production-agent', scopes: [agentic] });
    new KeyVerification(stack, 'VerifyAgent', { key, scopes: [read, 'agentic'] });
    const command = (synthJson(stack).resource.terraform_data!.VerifyAgent!.provisioner as { 'local-exec': { command: string } }[])[0]!['local-exec'].command;
    expect(command).toContain(`keys verify - --scope 'read' --scope 'agentic')`);
    expect(validationErrors(stack)).toEqual([]);
  });

  it('the command gives the CLI the secret on stdin, not in its arguments or its environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyplane-verify-'));
    try {
      const cli = join(dir, 'fake-keyplane');
      const record = join(dir, 'record');
      writeFileSync(
        cli,
        `#!/bin/sh\n{ echo "args: $*"; echo "stdin: $(cat)"; echo "env: \${${SECRET_VARIABLE}:-unset}"; } > ${JSON.stringify(record)}\n`,
      );
      chmodSync(cli, 0o755);
      execFileSync('/bin/sh', ['-c', verifyCommand(cli, ['keys:read', "it's"], '203.0.113.7')], { env: { PATH: process.env.PATH, [SECRET_VARIABLE]: SECRET } });
      expect(readFileSync(record, 'utf8')).toBe(`args: keys verify - --scope keys:read --scope it's --ip 203.0.113.7\nstdin: ${SECRET}\nenv: unset\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('KeyVerification synth-time errors', () => {
  it('a key with IP rules and no address to verify from', () => {
    const { stack } = testStack();
    const key = new ApiKey(stack, 'CrmSync', { name: 'CRM Sync', ipRules: [IpRule.allow('203.0.113.0/24')] });
    new KeyVerification(stack, 'Verify', { key });
    expect(validationErrors(stack)).toEqual([
      '[test/Verify] ip: the key test/CrmSync has IP rules, which refuse a request without an address; give an address they allow, e.g. one of the office network',
    ]);
  });

  it('an address the rules refuse (deny wins), and one that is no address', () => {
    const { stack } = testStack();
    const key = new ApiKey(stack, 'CrmSync', { name: 'CRM Sync', ipRules: [IpRule.allow('203.0.113.0/24', 'Office'), IpRule.deny('203.0.113.7')] });
    new KeyVerification(stack, 'Denied', { key, ip: '203.0.113.7' });
    new KeyVerification(stack, 'Outside', { key, ip: '2001:db8::1' });
    new KeyVerification(stack, 'Garbage', { key, ip: 'office' });
    new KeyVerification(stack, 'Fine', { key, ip: '203.0.113.8' });
    expect(validationErrors(stack)).toEqual([
      '[test/Denied] ip: 203.0.113.7 is not allowed by the IP rules of test/CrmSync (allow 203.0.113.0/24 (Office), deny 203.0.113.7); give an address they allow',
      '[test/Outside] ip: 2001:db8::1 is not allowed by the IP rules of test/CrmSync (allow 203.0.113.0/24 (Office), deny 203.0.113.7); give an address they allow',
      '[test/Garbage] ip: "office" is not an IPv4 or IPv6 address',
    ]);
  });

  it('a scope the key is not granted, through includes or otherwise', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes');
    const read = catalog.addScope('read');
    const write = catalog.addScope('write', { includes: [read] });
    const key = new ApiKey(stack, 'Ci', { name: 'ci-pipeline', scopes: [read] });
    new KeyVerification(stack, 'Verify', { key, scopes: [read, write, 'keys:read'] });
    expect(validationErrors(stack)).toEqual([
      '[test/Verify] scopes[1]: the key test/Ci is not granted "write" (it has read), so the check could never pass',
      '[test/Verify] scopes[2]: the key test/Ci is not granted "keys:read" (it has read), so the check could never pass',
    ]);
  });

  it('no verdict on scopes when the key holds a scope whose includes are unknown here', () => {
    const { stack } = testStack();
    const key = new ApiKey(stack, 'Ci', { name: 'ci-pipeline', scopes: ['LEGACY_ADMIN'] });
    new KeyVerification(stack, 'Verify', { key, scopes: ['keys:read'] });
    expect(validationErrors(stack)).toEqual([]);
  });

  it('props of the wrong shape', () => {
    const { stack } = testStack();
    const key = new ApiKey(stack, 'Ci', { name: 'ci-pipeline' });
    new KeyVerification(stack, 'NoKey', { key: 'ci-pipeline' } as never);
    new KeyVerification(stack, 'BadRunner', { key, runner: 'null_resource', command: '' } as never);
    expect(validationErrors(stack)).toEqual([
      '[test/NoKey] key: expected an ApiKey',
      '[test/BadRunner] command: must not be empty',
      '[test/BadRunner] runner: expected VerificationRunner.terraformData() or .nullResource()',
    ]);
  });
});
