import autocannon from 'autocannon';
import type { LoadResult } from './load.js';

/**
 * One load generator of the cluster bench (bench/cluster-bench.ts), in a process of its own:
 * a load generator is one event loop, and one driving three nodes would be the bottleneck
 * of the measurement, whatever the nodes did. Verifications (`POST /v1/keys/verify` with the
 * gateway's key, the presented keys in turn) from `connections` connections.
 *
 * Reads its options as JSON from argv[2]; starts at `startAt` (epoch ms) so that the
 * generators of one measurement run over the same seconds; runs `seconds`, or until SIGTERM;
 * prints the `LoadResult` as JSON (without server CPU: the bench measures that per node).
 */
interface GeneratorOptions {
  name: string;
  url: string;
  gatewaySecret: string;
  keys: string[];
  connections: number;
  seconds: number;
  startAt: number;
}

const options = JSON.parse(process.argv[2]!) as GeneratorOptions;
let next = 0;
await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.startAt - Date.now())));
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: `${options.url}/v1/keys/verify`,
      method: 'POST',
      connections: options.connections,
      duration: options.seconds,
      headers: { 'content-type': 'application/json', 'x-api-key': options.gatewaySecret },
      requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ key: options.keys[next++ % options.keys.length], required_scopes: ['read'] }) }) }],
    },
    (error, finished) => (error ? reject(error) : resolve(finished)),
  );
  process.once('SIGTERM', () => instance.stop());
});
const load: LoadResult = {
  name: options.name,
  requestsPerSecond: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  serverCpuMicros: null,
};
process.stdout.write(`${JSON.stringify({ ...load, answered: result.requests.total, durationSeconds: result.duration })}\n`);
