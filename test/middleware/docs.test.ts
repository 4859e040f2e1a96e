/**
 * docs/middleware.md shows the example apps the other tests run, byte for byte but for the
 * import path (`keyplane/middleware` for a user, the source here).
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(`${repoRoot}docs/middleware.md`, 'utf8');

/** The code block right after `<!-- path -->` in the doc. */
function blockAfter(path: string): string {
  const at = doc.indexOf(`<!-- ${path} -->\n`);
  if (at < 0) throw new Error(`docs/middleware.md has no <!-- ${path} --> marker`);
  const block = /\n```ts\n([\s\S]*?)```\n/.exec(doc.slice(at));
  if (!block) throw new Error(`docs/middleware.md has no code block after <!-- ${path} -->`);
  return block[1]!;
}

describe('docs/middleware.md', () => {
  it.each(['express-app.ts', 'fastify-app.ts', 'hono-app.ts'])('shows test/middleware/apps/%s', (file) => {
    const path = `test/middleware/apps/${file}`;
    const source = readFileSync(`${repoRoot}${path}`, 'utf8');
    expect(source).toContain("from '../../../src/middleware/index.js'");
    expect(blockAfter(path)).toBe(source.replace("'../../../src/middleware/index.js'", "'keyplane/middleware'"));
  });
});
