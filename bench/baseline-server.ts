import Fastify from 'fastify';

/**
 * The benchmark's floor: the same framework (Fastify, same version, same process model)
 * answering a trivial JSON route with no validation, no authentication and no database.
 * The service's endpoints are measured as ratios of this, in the same run.
 */
const app = Fastify({ logger: false });
app.get('/baseline', async () => ({ status: 'ok' }));
app.post('/baseline', async () => ({ valid: true }));
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
