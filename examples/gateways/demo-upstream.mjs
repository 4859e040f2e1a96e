// A stand-in for your API behind the gateway: it answers every request with what the gateway
// told it about the client, decoded from the X-Keyplane-* headers. Node.js 20.9 or later:
//
//   node demo-upstream.mjs            (listens on 127.0.0.1:3000; PORT=… to change)
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);

createServer((request, response) => {
  const header = (name) => request.headers[name] ?? '';
  const metadata = header('x-keyplane-metadata');
  const key = header('x-keyplane-key-id')
    ? {
        id: header('x-keyplane-key-id'),
        organization_id: header('x-keyplane-organization-id'),
        // Percent-encoded UTF-8, since header values are ASCII.
        name: decodeURIComponent(header('x-keyplane-key-name')),
        scopes: header('x-keyplane-scopes').split(' ').filter(Boolean),
        // base64url JSON, empty when the key has none.
        metadata: metadata ? JSON.parse(Buffer.from(metadata, 'base64url').toString('utf8')) : {},
        expires_at: header('x-keyplane-expires-at') || null,
      }
    : null;
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify({ method: request.method, path: request.url, key }, null, 2)}\n`);
}).listen(port, '127.0.0.1', () => console.log(`demo upstream listening on http://127.0.0.1:${port}`));
