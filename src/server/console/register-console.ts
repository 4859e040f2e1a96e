/**
 * Serves the web console at `/console/`, from the same origin as the API it calls (so no
 * CORS is ever needed): `/console` redirects to `/console/`, `/console/` is `index.html`
 * (`no-cache`), and the content-hashed assets are cached for good. Every answer carries the
 * console's Content-Security-Policy.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../problem.js';
import { defaultConsoleDirectory, loadConsoleAssets, type ConsoleAsset } from './console-assets.js';
import { CONSOLE_SECURITY_HEADERS, IMMUTABLE_CACHE_CONTROL, INDEX_CACHE_CONTROL } from './console-headers.js';

export interface ConsoleOptions {
  /** Where the built console is (default: `dist/console` of this package). */
  directory?: string;
}

/** Registers the console's routes on `app`. A service without a built console says so at `/console/`. */
export async function registerConsole(app: FastifyInstance, options: ConsoleOptions = {}): Promise<void> {
  const directory = options.directory ?? defaultConsoleDirectory();
  const assets = await loadConsoleAssets(directory);
  if (!assets) app.log.warn({ directory }, 'the web console is not built (npm run build): /console/ answers 404');

  app.get('/console', (request, reply) => {
    const query = request.url.indexOf('?');
    // Relative asset paths need the trailing slash; the browser keeps the fragment (an
    // invitation token) across the redirect. Relative, so a proxy's path prefix is kept too.
    return reply.code(301).header('Location', `console/${query === -1 ? '' : request.url.slice(query)}`).send();
  });

  app.get('/console/*', (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
    const name = request.params['*'] === '' ? 'index.html' : request.params['*'];
    const asset = assets?.get(name);
    if (!asset) {
      throw new ProblemError(
        'NOT_FOUND',
        assets ? `The web console has no file ${name}.` : 'The web console is not built in this installation: run `npm run build`.',
      );
    }
    return send(request, reply, asset, name === 'index.html' ? INDEX_CACHE_CONTROL : asset.immutable ? IMMUTABLE_CACHE_CONTROL : INDEX_CACHE_CONTROL);
  });
}

function send(request: FastifyRequest, reply: FastifyReply, asset: ConsoleAsset, cacheControl: string): FastifyReply {
  reply.headers(CONSOLE_SECURITY_HEADERS);
  reply.header('Content-Type', asset.contentType).header('Cache-Control', cacheControl).header('ETag', asset.etag).header('Vary', 'Accept-Encoding');
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (asset.gzipped && /\bgzip\b/.test(accepted)) return reply.header('Content-Encoding', 'gzip').send(asset.gzipped);
  return reply.send(asset.body);
}
