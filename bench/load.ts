import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
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
}

/** Runs autocannon against one endpoint and keeps what the report needs. */
export async function measure(options: LoadOptions): Promise<LoadResult> {
  const { body, headersPerRequest } = options;
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
  return {
    name: options.name,
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
