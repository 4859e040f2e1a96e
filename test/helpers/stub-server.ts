/**
 * A real HTTP server on a free port whose answers each test scripts, for the behaviours the
 * real service cannot be made to show on demand (a stall, a proxy's HTML 502, a 503 with
 * `Retry-After`). It is honest: it records every request it receives, in order, with the
 * time it arrived, before the test's handler runs, so tests assert on what went over the
 * wire and not on what the client says it sent.
 */

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/keys?limit=2`. */
  url: string;
  /** Header names in lower case, as node:http gives them. */
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()` when the whole request had arrived. */
  receivedAt: number;
  /** 0 for the first request the server received, 1 for the next... */
  index: number;
}

/**
 * Answers one request. It may leave `res` unanswered to simulate a service that never
 * answers; `close()` still ends such connections.
 */
export type StubHandler = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface StubServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request received so far, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 and a free port, answering with `handler`. */
export async function startStubServer(handler: StubHandler): Promise<StubServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: performance.now(),
        index: requests.length,
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(`stub handler failed: ${String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A problem document as the service writes it. */
export function problemBody(status: number, code: string, detail = `stub ${code}`): Record<string, unknown> {
  return {
    type: `https://keyplane.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: `Stub ${code}`,
    status,
    detail,
    code,
    request_id: `req_stub_${code.toLowerCase()}`,
  };
}

/** Answers `res` with a problem+json document. */
export function sendProblem(res: ServerResponse, status: number, code: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/problem+json', ...headers });
  res.end(JSON.stringify(problemBody(status, code)));
}

/** Answers `res` with JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
