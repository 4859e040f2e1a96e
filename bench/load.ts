import autocannon from 'autocannon';
import { cpuSeconds } from './cpu-time.js';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The server's own CPU time (user + system) per answered request, in µs, when its pid was given. */
  serverCpuMicros: number | null;
}

export interface LoadOptions {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A body per request; called for each request so bodies can vary. */
  body?: () => string;
  /** Headers added per request (after `headers`), for values that must vary. */
  headersPerRequest?: () => Record<string, string>;
  connections?: number;
  seconds?: number;
  /** The server's process, to measure its CPU time per request. */
  serverPid?: number;
}

/** Runs autocannon against one endpoint and keeps what the report needs. */
export async function measure(options: LoadOptions): Promise<LoadResult> {
  const { body, headersPerRequest } = options;
  const cpuBefore = options.serverPid === undefined ? null : cpuSeconds(options.serverPid);
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.seconds ?? 10,
    method: options.method ?? 'GET',
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
    requests:
      body || headersPerRequest
        ? [
            {
              setupRequest: (request) => ({
                ...request,
                ...(body ? { body: body() } : {}),
                ...(headersPerRequest ? { headers: { ...request.headers, ...headersPerRequest() } } : {}),
              }),
            },
          ]
        : undefined,
  });
  const cpuAfter = options.serverPid === undefined ? null : cpuSeconds(options.serverPid);
  const answered = result.requests.total;
  return {
    name: options.name,
    serverCpuMicros: cpuBefore === null || cpuAfter === null || answered === 0 ? null : ((cpuAfter - cpuBefore) / answered) * 1e6,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Rotates through `values` so consecutive requests present different keys. */
export function cycle<T>(values: readonly T[]): () => T {
  let i = 0;
  return () => values[i++ % values.length]!;
}
