/**
 * Reads of keys by id, gathered. Terraform refreshes a plan's keys `-parallelism` at a time,
 * each with its own ReadResource call. Reads do not wait for company: one goes out at once,
 * and the reads that arrive while requests are in flight (at most two) go out together when
 * one comes back, as one `GET /v1/keys?id=…&id=…` of up to 100 ids. The more Terraform asks
 * at once, the larger the requests; a lone read is as fast as before. A plan of 1,000 keys so
 * costs the organization's rate limit a few hundred requests rather than a thousand, and the
 * provider and the service fewer round trips.
 */
import type { components } from '../api/schema.js';
import type { KeyplaneClient } from '../client/index.js';
import { callService, type ServiceResult } from './service-result.js';

type ApiKey = components['schemas']['ApiKey'];

/** A key as the service has it now, or null when the organization has no key with that id (deleted, or never made). */
export type KeyRead = ServiceResult<ApiKey | null>;

/** A read waiting for its request's answer. */
interface WaitingRead {
  resolve(result: KeyRead): void;
  /** Only for a bug: failures are values. */
  reject(bug: unknown): void;
}

/** How many ids one request may name (the contract's `maxItems`). */
const IDS_PER_REQUEST = 100;
/** Requests of reads under way at once: the reads that arrive meanwhile wait and go together. */
const MAX_REQUESTS_IN_FLIGHT = 2;

/**
 * A reader of keys by id for one provider process. A request of one id is a plain
 * `GET /v1/keys/{key_id}`; a service older than the `id` filter (it refuses the parameter) is
 * read a key at a time from then on.
 */
export function keyReader(client: KeyplaneClient, signal?: AbortSignal): (id: string) => Promise<KeyRead> {
  /** Reads not sent yet, by id: each id is asked for once, however many resources read it. */
  const waiting = new Map<string, Array<WaitingRead>>();
  let inFlight = 0;
  let sendScheduled = false;
  let listsById = true;

  const readOne = async (id: string): Promise<KeyRead> => {
    const { data, error } = await callService(client.api.GET('/v1/keys/{key_id}', { params: { path: { key_id: id } }, signal }));
    if (error?.status === 404) return { data: null };
    return error ? { error } : { data };
  };

  const readMany = async (ids: string[]): Promise<Map<string, KeyRead>> => {
    const answers = new Map<string, KeyRead>();
    if (ids.length > 1 && listsById) {
      const { data: page, error } = await callService(client.api.GET('/v1/keys', { params: { query: { id: ids, limit: IDS_PER_REQUEST } }, signal }));
      if (!error) {
        const found = new Map(page.data.map((key) => [key.id, key]));
        for (const id of ids) answers.set(id, { data: found.get(id) ?? null });
        return answers;
      }
      if (!refusesIdFilter(error)) {
        for (const id of ids) answers.set(id, { error });
        return answers;
      }
      listsById = false;
    }
    await Promise.all(ids.map(async (id) => answers.set(id, await readOne(id))));
    return answers;
  };

  const send = () => {
    sendScheduled = false;
    while (inFlight < MAX_REQUESTS_IN_FLIGHT && waiting.size > 0) {
      const batch = new Map([...waiting].slice(0, IDS_PER_REQUEST));
      for (const id of batch.keys()) waiting.delete(id);
      inFlight++;
      const answered = (each: (read: WaitingRead, id: string) => void) => {
        inFlight--;
        for (const [id, reads] of batch) for (const read of reads) each(read, id);
        send();
      };
      void readMany([...batch.keys()]).then(
        (answers) => answered((read, id) => read.resolve(answers.get(id)!)),
        // callService gives failures as values; what still throws is a bug, and each read
        // that waited for this request reports it.
        (bug: unknown) => answered((read) => read.reject(bug)),
      );
    }
  };

  return (id) =>
    new Promise<KeyRead>((resolve, reject) => {
      const reads = waiting.get(id);
      if (reads) reads.push({ resolve, reject });
      else waiting.set(id, [{ resolve, reject }]);
      // The reads of this turn of the event loop go together, even the first ones.
      if (!sendScheduled && inFlight < MAX_REQUESTS_IN_FLIGHT) {
        sendScheduled = true;
        setImmediate(send);
      }
    });
}

/** A service from before the `id` filter refuses the unknown parameter by name. */
function refusesIdFilter(error: NonNullable<KeyRead['error']>): boolean {
  return error.status === 400 && (error.problem.errors ?? []).some((issue) => issue.path === 'query.id' || issue.path.startsWith('query.id['));
}
