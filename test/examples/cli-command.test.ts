/**
 * The post-apply checks of the examples and guides run the Keyplane CLI that is installed,
 * never a download: `npx keyplane` where the package is not installed would fetch and run
 * whatever is published under that name. `npx --no` refuses to install.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('the CLI command of automated checks', () => {
  it.each([
    ['examples/hcl-app/main.tf', /default\s*=\s*"npx --no keyplane"/],
    ['examples/cdktf-app/main.ts', /'KEYPLANE_CLI', 'npx --no keyplane'/],
  ])('%s defaults to the installed CLI', (file, pattern) => {
    expect(read(file)).toMatch(pattern);
  });

  it('no example or guide lets an automated check run a bare `npx keyplane`', () => {
    for (const file of ['examples/hcl-app/main.tf', 'examples/cdktf-app/main.ts', 'docs/guides/rotating-keys.md']) {
      const automated = read(file)
        .split('\n')
        .filter((line) => /exec npx|command|default/.test(line));
      for (const line of automated) expect(line, `${file}: ${line}`).not.toMatch(/npx keyplane/);
    }
  });

  it('`npx --no keyplane` runs the CLI installed here', () => {
    const out = execFileSync('npx', ['--no', 'keyplane', 'keys', '--help'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toContain('keyplane keys create');
  });
});
