/**
 * IP rules of a key, IPv4 and IPv6: allow lists, deny wins, no rules allow everyone, rules
 * stored canonical, the client address taken from the socket (X-Forwarded-For only from a
 * trusted proxy), and the same rules on the verify endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, expectProblem, verify, type CreateKeyRequest } from '../helpers/api.js';
import { startService, type TestService } from '../helpers/service.js';

type Rules = NonNullable<CreateKeyRequest['ip_rules']>;

describe('IP rules', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close();
  });

  /** Status of GET /v1/myself made from this test (127.0.0.1) with a key holding `rules`. */
  async function statusWith(rules: Rules, headers: Record<string, string> = {}, on: TestService = service): Promise<number> {
    const key = await createKey(on, { name: 'ip', ip_rules: rules });
    const answer = await call(on, 'GET', '/v1/myself', { key: key.secret, headers });
    if (answer.status === 403) expectProblem(answer, 403, 'IP_NOT_ALLOWED');
    return answer.status;
  }

  describe('200 / 403 from the socket address (127.0.0.1)', () => {
    it.each<[string, Rules, number]>([
      ['no rules allow every address', [], 200],
      ['an allow rule for the address', [{ action: 'allow', cidr: '127.0.0.1' }], 200],
      ['an allow rule for its block', [{ action: 'allow', cidr: '127.0.0.0/8' }], 200],
      ['an allow list without the address', [{ action: 'allow', cidr: '10.0.0.0/8' }, { action: 'allow', cidr: '192.0.2.0/24' }], 403],
      ['deny wins over allow', [{ action: 'allow', cidr: '127.0.0.0/8' }, { action: 'deny', cidr: '127.0.0.1/32' }], 403],
      ['deny wins whatever the order', [{ action: 'deny', cidr: '127.0.0.1/32' }, { action: 'allow', cidr: '127.0.0.0/8' }], 403],
      ['a deny rule for another address only', [{ action: 'deny', cidr: '10.0.0.1' }], 200],
      ['only IPv6 allow rules do not allow an IPv4 client', [{ action: 'allow', cidr: '::/0' }], 403],
      ['0.0.0.0/0 allows every IPv4 client', [{ action: 'allow', cidr: '0.0.0.0/0' }], 200],
    ])('%s', async (_, rules, status) => {
      expect(await statusWith(rules)).toBe(status);
    });

    it('the refusal names the address and is audited with it', async () => {
      const key = await createKey(service, { name: 'office only', ip_rules: [{ action: 'allow', cidr: '192.0.2.0/24' }] });
      const answer = await call(service, 'GET', '/v1/myself', { key: key.secret });
      const problem = expectProblem(answer, 403, 'IP_NOT_ALLOWED');
      expect(problem.detail).toContain('127.0.0.1');
      await service.flushRecorders();
      const audit = await call(service, 'GET', `/v1/audit-events?action=auth.refused&actor_key_id=${key.id}`, { key: service.adminKey });
      expect(audit.body.data).toHaveLength(1);
      expect(audit.body.data[0]).toMatchObject({ ip: '127.0.0.1', details: { code: 'IP_NOT_ALLOWED' }, request_id: problem.request_id });
    });

    it('a change of rules applies to the very next request', async () => {
      const key = await createKey(service, { name: 'tightened' });
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
      await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: service.adminKey, body: { ip_rules: [{ action: 'deny', cidr: '127.0.0.0/8' }] } });
      expectProblem(await call(service, 'GET', '/v1/myself', { key: key.secret }), 403, 'IP_NOT_ALLOWED');
      await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: service.adminKey, body: { ip_rules: [] } });
      expect((await call(service, 'GET', '/v1/myself', { key: key.secret })).status).toBe(200);
    });
  });

  describe('rules are stored canonical', () => {
    it('clears host bits, compresses IPv6, makes bare addresses /32 or /128, orders allow before deny and v4 before v6', async () => {
      const key = await createKey(service, {
        name: 'canonical',
        ip_rules: [
          { action: 'deny', cidr: '2001:DB8:0:0:0:0:0:1' },
          { action: 'allow', cidr: '2001:0db8:0000:0000:0000:0000:0000:0000/32', note: 'v6 office' },
          { action: 'deny', cidr: '10.1.2.3/8' },
          { action: 'allow', cidr: '203.0.113.77/24' },
          { action: 'allow', cidr: '198.51.100.7' },
          { action: 'allow', cidr: '::ffff:192.0.2.0/120' },
        ],
      });
      expect(key.ip_rules).toEqual([
        { action: 'allow', cidr: '192.0.2.0/24', note: null },
        { action: 'allow', cidr: '198.51.100.7/32', note: null },
        { action: 'allow', cidr: '203.0.113.0/24', note: null },
        { action: 'allow', cidr: '2001:db8::/32', note: 'v6 office' },
        { action: 'deny', cidr: '10.0.0.0/8', note: null },
        { action: 'deny', cidr: '2001:db8::1/128', note: null },
      ]);
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey });
      expect(read.body.ip_rules).toEqual(key.ip_rules);
    });
  });

  describe('422', () => {
    it.each([
      ['10.0.0.0/33', 'body.ip_rules[0].cidr'],
      ['300.1.1.1', 'body.ip_rules[0].cidr'],
      ['2001:db8::/129', 'body.ip_rules[0].cidr'],
      ['not-an-ip', 'body.ip_rules[0].cidr'],
    ])('INVALID_IP_RULE for %s, naming %s', async (cidr, path) => {
      const answer = await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'bad cidr', ip_rules: [{ action: 'allow', cidr }] } });
      const problem = expectProblem(answer, 422, 'INVALID_IP_RULE');
      expect(problem.errors).toEqual([{ path, message: expect.any(String) }]);
    });

    it('INVALID_IP_RULE names the offending index among good rules, and a duplicate once canonical', async () => {
      const answer = await call(service, 'POST', '/v1/keys', {
        key: service.adminKey,
        body: {
          name: 'bad rules',
          ip_rules: [
            { action: 'allow', cidr: '10.0.0.0/24' },
            { action: 'allow', cidr: '10.0.0.1/24' },
            { action: 'deny', cidr: '1.2.3.4/40' },
          ],
        },
      });
      const problem = expectProblem(answer, 422, 'INVALID_IP_RULE');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.ip_rules[1].cidr', 'body.ip_rules[2].cidr']);
    });

    it('on update too, leaving the key as it was', async () => {
      const key = await createKey(service, { name: 'keeps rules', ip_rules: [{ action: 'allow', cidr: '10.0.0.0/8' }] });
      const problem = expectProblem(
        await call(service, 'PATCH', `/v1/keys/${key.id}`, { key: service.adminKey, body: { ip_rules: [{ action: 'allow', cidr: '10.0.0.0/33' }] } }),
        422,
        'INVALID_IP_RULE',
      );
      expect(problem.errors?.[0]?.path).toBe('body.ip_rules[0].cidr');
      const read = await call(service, 'GET', `/v1/keys/${key.id}`, { key: service.adminKey });
      expect(read.body.ip_rules).toEqual([{ action: 'allow', cidr: '10.0.0.0/8', note: null }]);
    });

    it('an unknown action is a 400 from the contract, naming the field', async () => {
      const answer = await call(service, 'POST', '/v1/keys', { key: service.adminKey, body: { name: 'x', ip_rules: [{ action: 'permit', cidr: '10.0.0.0/8' }] } });
      const problem = expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['body.ip_rules[0].action']);
    });
  });

  describe('X-Forwarded-For', () => {
    const onlyFrom203 = [{ action: 'allow' as const, cidr: '203.0.113.7' }];

    it('is ignored without trusted proxies: a spoofed header does not get through', async () => {
      expect(await statusWith(onlyFrom203, { 'X-Forwarded-For': '203.0.113.7' })).toBe(403);
      // The socket address is what counts, whatever the header says; and it is what is audited.
      const key = await createKey(service, { name: 'spoof', ip_rules: [{ action: 'allow', cidr: '127.0.0.1' }] });
      const answer = await call(service, 'GET', '/v1/myself', { key: key.secret, headers: { 'X-Forwarded-For': '198.51.100.1' } });
      expect(answer.status).toBe(200);
      await call(service, 'POST', `/v1/keys/${key.id}/revoke`, { key: service.adminKey, headers: { 'X-Forwarded-For': '198.51.100.1' } });
      const audit = await call(service, 'GET', `/v1/audit-events?action=key.revoked&target_id=${key.id}`, { key: service.adminKey });
      expect(audit.body.data[0].ip).toBe('127.0.0.1');
    });

    describe('with 127.0.0.1 as a trusted proxy', () => {
      let proxied: TestService;
      beforeAll(async () => {
        proxied = await startService({ trustedProxies: ['127.0.0.1'] });
      });
      afterAll(async () => {
        await proxied.close();
      });

      it('is believed: the client address is the forwarded one', async () => {
        expect(await statusWith(onlyFrom203, { 'X-Forwarded-For': '203.0.113.7' }, proxied)).toBe(200);
        expect(await statusWith(onlyFrom203, {}, proxied)).toBe(403);
        expect(await statusWith(onlyFrom203, { 'X-Forwarded-For': '198.51.100.1' }, proxied)).toBe(403);
      });

      it('only the hop the trusted proxy added counts: an address the client prepended is not believed', async () => {
        expect(await statusWith(onlyFrom203, { 'X-Forwarded-For': '203.0.113.7, 198.51.100.1' }, proxied)).toBe(403);
        expect(await statusWith(onlyFrom203, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.7' }, proxied)).toBe(200);
      });

      it('a forwarded value that is not an address passes no IP rule, and is not a 500', async () => {
        expect(await statusWith(onlyFrom203, { 'X-Forwarded-For': 'not-an-address' }, proxied)).toBe(403);
        expect(await statusWith([], { 'X-Forwarded-For': 'not-an-address' }, proxied)).toBe(200);
      });

      it('the forwarded address is what the audit trail records', async () => {
        const key = await createKey(proxied, { name: 'audited ip' });
        const created = await call(proxied, 'POST', `/v1/keys/${key.id}/revoke`, {
          key: proxied.adminKey,
          headers: { 'X-Forwarded-For': '2001:db8::7' },
        });
        expect(created.status).toBe(200);
        const audit = await call(proxied, 'GET', `/v1/audit-events?action=key.revoked&target_id=${key.id}`, { key: proxied.adminKey });
        expect(audit.body.data[0].ip).toBe('2001:db8::7');
      });
    });
  });

  describe('IPv6 socket addresses', () => {
    let v6: TestService;
    beforeAll(async () => {
      v6 = await startService({ host: '::1' });
    });
    afterAll(async () => {
      await v6.close();
    });

    it.each<[string, Rules, number]>([
      ['allow ::1', [{ action: 'allow', cidr: '::1' }], 200],
      ['allow ::/0', [{ action: 'allow', cidr: '::/0' }], 200],
      ['allow 127.0.0.1 only (IPv4 rules do not match an IPv6 client)', [{ action: 'allow', cidr: '127.0.0.1' }], 403],
      ['allow ::/0 but deny ::1/128', [{ action: 'allow', cidr: '::/0' }, { action: 'deny', cidr: '::1/128' }], 403],
      ['allow 2001:db8::/32 only', [{ action: 'allow', cidr: '2001:db8::/32' }], 403],
    ])('from ::1 with %s', async (_, rules, status) => {
      expect(await statusWith(rules, {}, v6)).toBe(status);
    });
  });

  describe('a dual-stack socket (::) reports IPv4 clients as IPv4-mapped IPv6', () => {
    let dual: TestService;
    beforeAll(async () => {
      dual = await startService({ host: '::' });
    });
    afterAll(async () => {
      await dual.close();
    });

    it('matches them against IPv4 rules', async () => {
      const port = new URL(dual.url).port;
      for (const [rules, status] of [
        [[{ action: 'allow', cidr: '127.0.0.1' }], 200],
        [[{ action: 'deny', cidr: '127.0.0.0/8' }], 403],
      ] as Array<[Rules, number]>) {
        const key = await createKey(dual, { name: 'dual', ip_rules: rules });
        // Straight to the IPv4 loopback, so that the socket sees ::ffff:127.0.0.1.
        const url = `http://127.0.0.1:${port}/v1/myself`;
        const response = await fetch(url, { headers: { 'x-api-key': key.secret } });
        expect(await dual.conformance.check('GET', url, response)).toEqual([]);
        expect(response.status).toBe(status);
      }
    });
  });

  describe('on POST /v1/keys/verify (the ip given by the gateway)', () => {
    let ruled: string;
    let open: string;
    beforeAll(async () => {
      ruled = (
        await createKey(service, {
          name: 'verify rules',
          ip_rules: [
            { action: 'allow', cidr: '203.0.113.0/24' },
            { action: 'allow', cidr: '2001:db8::/32' },
            { action: 'deny', cidr: '203.0.113.66' },
          ],
        })
      ).secret;
      open = (await createKey(service, { name: 'verify no rules' })).secret;
    });

    it.each([
      ['an allowed IPv4 address', '203.0.113.7', 'VALID'],
      ['an IPv4-mapped IPv6 form of it', '::ffff:203.0.113.7', 'VALID'],
      ['an allowed IPv6 address', '2001:db8::1', 'VALID'],
      ['an allowed IPv6 address written long', '2001:0DB8:0:0:0:0:0:1', 'VALID'],
      ['a denied IPv4 address', '203.0.113.66', 'IP_NOT_ALLOWED'],
      ['the IPv4-mapped form of a denied address', '::ffff:203.0.113.66', 'IP_NOT_ALLOWED'],
      ['an IPv4 address outside the allow list', '198.51.100.1', 'IP_NOT_ALLOWED'],
      ['an IPv6 address outside the allow list', '2001:db9::1', 'IP_NOT_ALLOWED'],
      ['something that is not an address', 'localhost', 'IP_NOT_ALLOWED'],
    ])('%s (%s) → %s', async (_, ip, code) => {
      const verdict = await verify(service, { key: ruled, ip });
      expect(verdict.code).toBe(code);
      expect(verdict.valid).toBe(code === 'VALID');
    });

    it('a key with rules and no ip given is IP_NOT_ALLOWED; a key without rules is VALID', async () => {
      expect((await verify(service, { key: ruled })).code).toBe('IP_NOT_ALLOWED');
      expect((await verify(service, { key: open })).code).toBe('VALID');
      expect((await verify(service, { key: open, ip: '2001:db8::1' })).code).toBe('VALID');
    });

    it('judges the presented ip, not the address of the gateway calling', async () => {
      // The gateway calls from 127.0.0.1, which the rules do not allow; the client's ip is.
      expect((await verify(service, { key: ruled, ip: '203.0.113.8' })).code).toBe('VALID');
      expect((await verify(service, { key: ruled, ip: '127.0.0.1' })).code).toBe('IP_NOT_ALLOWED');
    });
  });
});
