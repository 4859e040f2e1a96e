/**
 * `Member`: what it synthesizes for each prop, what it exposes, and every synth-time error,
 * each naming the construct path and the prop, worded as the provider words it at plan time.
 */
import { TerraformOutput, TerraformVariable, Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { KeyplaneProvider, Member, Scope, ScopeCatalog, generated } from '../../constructs/index.js';
import { synth, synthJson, testStack, validationErrors } from './helpers.js';

const MemberResource = generated.member.Member;

describe('Member synthesizes keyplane_member', () => {
  it('with only an e-mail and scopes: nothing else, and the construct id as address', () => {
    const json = Testing.synthScope((scope) => {
      new KeyplaneProvider(scope, 'keyplane', { environment: {} });
      new Member(scope, 'Ada', { email: 'ada@example.com', scopes: [] });
    });
    const members = (JSON.parse(json) as { resource: { keyplane_member: Record<string, Record<string, unknown>> } }).resource.keyplane_member;
    expect(members).toEqual({ Ada: { email: 'ada@example.com', scopes: [] } });
  });

  it('with every prop; catalog scopes by reference, so Terraform creates them first', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes');
    const exportRead = catalog.addScope('EXPORT_READ');
    new Member(stack, 'Grace', {
      email: 'grace@example.com',
      displayName: 'Grace Hopper',
      scopes: ['keys:read', Scope.builtIn('audit:read'), exportRead],
      suspended: true,
    });
    const json = synthJson(stack);
    const scopeAddress = Object.keys(json.resource.keyplane_scope!)[0];
    expect(json.resource.keyplane_member!.Grace).toEqual({
      email: 'grace@example.com',
      display_name: 'Grace Hopper',
      scopes: ['keys:read', 'audit:read', `\${keyplane_scope.${scopeAddress}.name}`],
      suspended: true,
    });
  });

  it('exposes id, status and the invitation as references; invitationOutput adds a sensitive output', () => {
    const { stack } = testStack();
    const ada = new Member(stack, 'Ada', { email: 'ada@example.com', scopes: ['keys:read'], invitationOutput: true });
    new Member(stack, 'Bob', { email: 'bob@example.com', scopes: [], invitationOutput: { name: 'bob_link', description: 'For Bob' } });
    const values = { id: ada.id, status: ada.status, invitation_token: ada.invitationToken, invitation_expires_at: ada.invitationExpiresAt };
    for (const [name, value] of Object.entries(values)) new TerraformOutput(stack, name, { value, sensitive: name === 'invitation_token' });
    const outputs = synthJson(stack).output!;
    for (const name of Object.keys(values)) expect(outputs[name]!.value).toBe(`\${keyplane_member.Ada.${name}}`);
    expect(outputs.Ada_invitation_url).toEqual({ value: '${keyplane_member.Ada.invitation_url}', sensitive: true, description: 'The one-time invitation link of ada@example.com' });
    expect(outputs.bob_link).toEqual({ value: '${keyplane_member.Bob.invitation_url}', sensitive: true, description: 'For Bob' });
    expect(ada.node.defaultChild).toBe(ada.resource);
    expect(ada.resource).toBeInstanceOf(MemberResource);
  });

  it('adopts an existing member with importFrom (an import block)', () => {
    const { stack } = testStack();
    new Member(stack, 'Ada', { email: 'ada@example.com', scopes: [], importFrom: 'mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K' });
    expect(synthJson(stack).import).toEqual([{ id: 'mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K', to: 'keyplane_member.Ada' }]);
  });

  it('leaves tokens to Terraform', () => {
    const { stack } = testStack();
    const email = new TerraformVariable(stack, 'email', { type: 'string' });
    new Member(stack, 'Someone', { email: email.stringValue, displayName: email.stringValue, scopes: [email.stringValue] });
    expect(validationErrors(stack)).toEqual([]);
    expect(synth(stack)).toHaveResourceWithProperties(MemberResource, { email: '${var.email}' });
  });
});

describe('Member validates at synth time', () => {
  it('reports every problem with its prop, in the provider\'s words', () => {
    const { stack } = testStack();
    new Member(stack, 'Bad', {
      email: 'ada at example.com',
      displayName: 'Ada\u001b[31m',
      scopes: ['keys:read', '1nvalid scope'],
      importFrom: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
    });
    expect(validationErrors(stack)).toEqual([
      '[test/Bad] email: "ada at example.com" is not an e-mail address; write it like "ada@example.com"',
      '[test/Bad] displayName: display name contains a control character (U+001B) at position 4; remove it',
      expect.stringMatching(/^\[test\/Bad\] scopes\[1\]: "1nvalid scope" is not a scope name/),
      '[test/Bad] importFrom: "key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K" is not a member id; give the member\'s id, e.g. mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K (see keyplane members list)',
    ]);
  });

  it('checks string scopes against the catalogs of the stack', () => {
    const { stack } = testStack();
    const catalog = new ScopeCatalog(stack, 'Scopes');
    catalog.addScope('read');
    new Member(stack, 'Ada', { email: 'ada@example.com', scopes: ['read', 'keys:read', 'raed'] });
    expect(validationErrors(stack)).toEqual([expect.stringMatching(/^\[test\/Ada\] scopes\[2\]: scope "raed" does not exist in this organization.*\(declared: read\)$/)]);
  });

  it('refuses the same person twice in an organization, ignoring case, but not in another one', () => {
    const { stack } = testStack();
    const other = new KeyplaneProvider(stack, 'other', { endpoint: 'http://127.0.0.1:8080', alias: 'other', environment: {} });
    new Member(stack, 'Ada', { email: 'ada@example.com', scopes: [] });
    new Member(stack, 'AdaAgain', { email: 'Ada@Example.com', scopes: [] });
    new Member(stack, 'AdaElsewhere', { email: 'ada@example.com', scopes: [], provider: other });
    expect(validationErrors(stack)).toEqual([
      '[test/AdaAgain] email: "Ada@Example.com" is already the e-mail of test/Ada (e-mails are compared ignoring case); declare each person once',
    ]);
  });

  it('names props of the wrong shape', () => {
    const { stack } = testStack();
    new Member(stack, 'Shape', { email: 'ada@example.com', scopes: 'keys:read', suspended: 'yes', extra: 1 } as never);
    const errors = validationErrors(stack);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[test\/Shape\] scopes: /),
        expect.stringMatching(/^\[test\/Shape\] suspended: /),
        '[test/Shape] unknown property "extra"; check the spelling',
      ]),
    );
  });
});
