import Fastify from 'fastify';

/**
 * The benchmark's floors: the same framework (Fastify, same version, same process model)
 * answering with no validation, no authentication and no database.
 * - `/baseline`: a trivial JSON route, the floor the ratios are stated against.
 * - `/baseline/same-bytes`: the same exchange as a verification (the same request, a canned
 *   answer of a verdict's size with the same headers), so that what a verification costs
 *   beyond moving its bytes through Fastify and the load generator shows on its own. On a
 *   two-core machine the load generator shares the cores, and it pays per byte too.
 */
const VERDICT = JSON.stringify({
  valid: true,
  code: 'VALID',
  detail: 'The key is valid for this request.',
  key: {
    id: 'key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K',
    name: 'key 1234',
    scopes: ['read'],
    effective_scopes: ['read'],
    metadata: { purpose: 'benchmark' },
    expires_at: '2027-01-03T08:00:00.000Z',
    status: 'active',
  },
  rate_limit: { limit: 1000000, remaining: 999999, reset_seconds: 42 },
});
let sequence = 0;
const app = Fastify({ logger: false });
app.get('/baseline', async () => ({ status: 'ok' }));
app.post('/baseline', async () => ({ valid: true }));
app.post('/baseline/same-bytes', (_request, reply) => {
  reply
    .header('X-Request-Id', `req_01JD3Q8Y6W4T2R0P8N6M${String(sequence++ % 1_000_000).padStart(6, '0')}`)
    .header('RateLimit-Policy', '"default";q=1000000;w=60')
    .header('RateLimit', '"default";r=999999;t=42')
    .type('application/json; charset=utf-8')
    .send(VERDICT);
});
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
