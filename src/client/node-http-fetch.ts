/**
 * A `fetch` for Node.js built on node:http(s) with keep-alive connections, for programs that
 * make many small requests to the service (the Terraform provider: one or two per resource).
 *
 * Why not Node's built-in fetch: each call builds several WHATWG streams, abort signals and
 * Request/Response copies around undici; on a local connection the client spent about 1 ms
 * of CPU per request that way, against about 0.2 ms for the exchange itself. This one carries
 * a {@link Transport} (transport.ts): the client hands it the headers and the body already in
 * memory, it sends them with a Content-Length on a pooled connection, and answers with a
 * Response whose body is complete.
 *
 * It behaves as fetch does where the client relies on it: failures reject with
 * `TypeError('fetch failed')` carrying the reason as `cause`, the signal aborts the exchange
 * (rejecting with its reason), compressed bodies are decompressed, and a redirect is handed
 * to the built-in fetch, which follows it by the rules of the standard (the service itself
 * never redirects). Not for browsers: import it only where node:http exists.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { markBuffered, withTransport, type FetchFunction, type TransportRequest } from './transport.js';

/** Options of {@link createNodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /**
   * Asked before each request is sent; a value other than undefined refuses the request,
   * which then rejects with that value (e.g. "the provider is stopping").
   */
  refuse?: () => unknown;
}

// Statuses whose responses have no body (a Response with one cannot be constructed).
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * A fetch with its own keep-alive connection pool (per origin, as many connections as
 * requests in flight; idle ones are kept for the next request).
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): FetchFunction {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  async function send(request: TransportRequest): Promise<Response> {
    const refusal = options.refuse?.();
    if (refusal !== undefined) throw refusal;
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) });
    }
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const headers: OutgoingHttpHeaders = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers.accept ??= '*/*';
    if (body !== undefined) headers['content-length'] = body.length;

    const { res, bytes } = await exchange(url, request.method, headers, body, request.signal, agents);
    const status = res.statusCode ?? 0;
    if (REDIRECT_STATUSES.has(status) && res.headers.location !== undefined && request.redirect !== 'manual') {
      // Rare enough to pay for the built-in fetch, which knows the rules (method changes,
      // headers dropped across origins, limits).
      return fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: request.signal, redirect: request.redirect });
    }
    const responseHeaders = new Headers();
    const raw = res.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
    const hasBody = !NULL_BODY_STATUSES.has(status) && request.method !== 'HEAD';
    const content = hasBody ? await decoded(bytes, res.headers['content-encoding']) : null;
    return markBuffered(bufferedResponse(content, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }, request.url));
  }

  const nodeHttpFetch: FetchFunction = async (request) =>
    send({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body === null ? undefined : await request.arrayBuffer(),
      signal: request.signal,
      redirect: request.redirect,
    });
  return withTransport(nodeHttpFetch, send);
}

/** Sends the request and reads the whole answer; rejects as fetch does. */
function exchange(
  url: URL,
  method: string,
  headers: OutgoingHttpHeaders,
  body: Buffer | undefined,
  signal: AbortSignal,
  agents: { http: HttpAgent; https: HttpsAgent },
): Promise<{ res: IncomingMessage; bytes: Buffer }> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:';
    const req = (https ? httpsRequest : httpRequest)(url, { method, headers, agent: https ? agents.https : agents.http });
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = (): void => {
      if (!settle()) return;
      req.destroy();
      reject(signal.reason);
    };
    const fail = (error: Error): void => {
      if (settle()) reject(new TypeError('fetch failed', { cause: error }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        if (settle()) resolve({ res, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
      });
      res.on('close', () => fail(new Error('the connection closed before the response was complete')));
    });
    req.end(body);
  });
}

/**
 * A Response whose body is already in memory. Node's Response wraps every body in a stream
 * and reads it back through that stream, which cost more than the rest of a small exchange;
 * this one hands the bytes over directly. It is a real Response (`instanceof Response`,
 * status, headers, `clone()`), and says which URL answered, as fetch's responses do. Asking
 * for `body` makes a standard stream over the bytes; reads then go through it.
 *
 * Made on first use: `Response` is a lazy global whose first use loads Node's fetch
 * implementation (about 20 ms), which a provider process that never calls the service (most
 * of them) should not pay at start-up.
 */
function defineBufferedResponse() {
  return class BufferedResponse extends Response {
    readonly #bytes: Buffer | null;
    readonly #url: string;
    #used = false;
    /** A standard Response over the bytes, made once `body` is asked for. */
    #streamed: Response | undefined;

    constructor(bytes: Buffer | null, init: ResponseInit, url: string) {
      super(null, init);
      this.#bytes = bytes;
      this.#url = url;
    }

    #standard(): Response {
      return (this.#streamed ??= new Response(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers }));
    }

    /** The bytes, once: a body can be read only once. */
    #take(): Buffer {
      if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
      this.#used = true;
      return this.#bytes ?? Buffer.alloc(0);
    }

    static {
      // TypeScript declares Response's methods and accessors as properties, which a subclass
      // may not redefine as methods; they are installed on the prototype here instead.
      const method = (value: (this: BufferedResponse, ...args: never[]) => unknown): PropertyDescriptor => ({ value, writable: true, configurable: true });
      const getter = (get: (this: BufferedResponse) => unknown): PropertyDescriptor => ({ get, configurable: true });
      Object.defineProperties(this.prototype, {
        url: getter(function () {
          return this.#url;
        }),
        body: getter(function () {
          return this.#bytes === null ? null : this.#standard().body;
        }),
        bodyUsed: getter(function () {
          return this.#streamed ? this.#streamed.bodyUsed : this.#used;
        }),
        text: method(async function () {
          if (this.#streamed) return this.#streamed.text();
          const bytes = this.#take();
          // UTF-8 decoded as the standard does it: a leading byte order mark is dropped.
          const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
          return bytes.toString('utf8', bom ? 3 : 0);
        }),
        json: method(async function () {
          return JSON.parse(await (this as Response).text());
        }),
        arrayBuffer: method(async function () {
          if (this.#streamed) return this.#streamed.arrayBuffer();
          const bytes = this.#take();
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        }),
        blob: method(async function () {
          if (this.#streamed) return this.#streamed.blob();
          return new Blob([this.#take()], { type: this.headers.get('Content-Type') ?? '' });
        }),
        formData: method(async function () {
          return this.#standard().formData();
        }),
        clone: method(function () {
          if (this.#streamed) return this.#streamed.clone();
          if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
          return new BufferedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers }, this.#url);
        }),
      });
    }
  };
}

let BufferedResponse: ReturnType<typeof defineBufferedResponse> | undefined;

/** A {@link defineBufferedResponse} response over `bytes`, answered by `url`. */
function bufferedResponse(bytes: Buffer | null, init: ResponseInit, url: string): Response {
  BufferedResponse ??= defineBufferedResponse();
  return new BufferedResponse(bytes, init, url);
}

/** The body without its Content-Encoding, as fetch hands it over. */
async function decoded(bytes: Buffer, encoding: string | undefined): Promise<Buffer> {
  const coding = encoding?.trim().toLowerCase();
  if (!coding || coding === 'identity' || bytes.length === 0) return bytes;
  // Nothing asks for compression, so this is rare: load zlib only then.
  const zlib = await import('node:zlib');
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.gunzipSync(bytes);
    if (coding === 'deflate') return zlib.inflateSync(bytes);
    if (coding === 'br') return zlib.brotliDecompressSync(bytes);
  } catch (error) {
    throw new TypeError('fetch failed', { cause: error });
  }
  return bytes;
}
