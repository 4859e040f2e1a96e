import { cycle, measure, type LoadOptions } from './load.js';

/**
 * The flood of a flood benchmark, in its own process: two load generators in one process
 * would share one event loop, and the legit load would slow down for that alone, whatever the
 * server did. Reads its options as JSON from argv[2]: the load's `LoadOptions` (without
 * functions) plus `keys`, cycled as the body's `key` or as the `X-API-Key` header. Prints
 * the `LoadResult` as JSON.
 */
interface FloodOptions extends Omit<LoadOptions, 'body' | 'headersPerRequest'> {
  keys: string[];
  keyIn: 'body' | 'header';
  /** End-client addresses the gateway names in the body, in turn (verification only). */
  clients?: string[];
}

const options = JSON.parse(process.argv[2]!) as FloodOptions;
const next = cycle(options.keys);
const client = options.clients ? cycle(options.clients) : () => undefined;
const result = await measure({
  ...options,
  ...(options.keyIn === 'body' ? { body: () => JSON.stringify({ key: next(), ip: client() }) } : { headersPerRequest: () => ({ 'x-api-key': next() }) }),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
