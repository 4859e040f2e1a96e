#!/usr/bin/env node
/**
 * Makes the files of package.json's `bin` executable once the build has written them.
 *
 * tsc and esbuild write new files without the executable bit. npm sets it on the bins of a
 * package it installs, but for the project's own bins (`npx --no keyplane` in this checkout)
 * it does so while `prepare` is still building: whichever finishes last decides, and a fresh
 * clone sometimes ends with a CLI that `sh` refuses to run. The build settles it instead.
 */
import { chmod, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const { bin } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));

for (const file of Object.values(bin)) await chmod(join(repoRoot, file), 0o755);
