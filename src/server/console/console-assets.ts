/**
 * The built web console (`npm run build` writes it to `dist/console`), read into memory once
 * when the service starts: a handful of files, served from a map by their exact name, so no
 * request path ever reaches the file system.
 */

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** One file of the console, ready to send. */
export interface ConsoleAsset {
  body: Buffer;
  /** The gzip-compressed body, when it is smaller. */
  gzipped: Buffer | null;
  contentType: string;
  /** Strong validator of the body. */
  etag: string;
  /** Vite's content-hashed files (`assets/index-3f9a1c2b.js`) never change under their name. */
  immutable: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Files worth compressing. */
const TEXT = /\.(html|js|css|svg|json|txt)$/;

/**
 * Where the built console is: `dist/console` of the package this module belongs to, both when
 * the service runs from `dist/` (an installed package) and from `src/` (`npm start` with tsx).
 */
export function defaultConsoleDirectory(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', 'console');
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve('dist', 'console');
    dir = parent;
  }
}

/**
 * Every file under `directory` by its path relative to it (`index.html`,
 * `assets/index-3f9a1c2b.js`), or null when the console has not been built there.
 */
export async function loadConsoleAssets(directory: string): Promise<Map<string, ConsoleAsset> | null> {
  if (!existsSync(path.join(directory, 'index.html'))) return null;
  const assets = new Map<string, ConsoleAsset>();
  for (const file of await filesUnder(directory)) {
    const name = path.relative(directory, file).split(path.sep).join('/');
    const extension = path.extname(name);
    const contentType = CONTENT_TYPES[extension];
    if (!contentType) continue; // source maps and anything else stay private
    const body = await readFile(file);
    const compressed = TEXT.test(name) ? gzipSync(body, { level: 9 }) : null;
    assets.set(name, {
      body,
      gzipped: compressed && compressed.length < body.length ? compressed : null,
      contentType,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      immutable: name.startsWith('assets/') && /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(name),
    });
  }
  return assets;
}

async function filesUnder(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}
