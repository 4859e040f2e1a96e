/**
 * vitest globalSetup: one temporary directory per test run, shared by every test file (each
 * runs in its own process). Suites that need something expensive once per run, such as the
 * packed and installed package (test/helpers/installed-package.ts), build it there on first
 * use; nothing is built for runs that do not ask. Removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared temporary directory (outside the repository). */
    keyplaneRunDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'keyplane-run-'));
  project.provide('keyplaneRunDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
