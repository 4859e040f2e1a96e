/**
 * Every guide is executable, and executed: the code blocks of docs/guides/*.md,
 * examples/*\/README.md and the README's "Use it from your own project" run in order, as a
 * reader would run them, in a new directory outside the repository with a HOME of its own,
 * using only the packed package (test/helpers/installed-package.ts), the real service it
 * starts, and the real terraform. A guide that drifts from the product fails here.
 *
 * What the harness does for the reader, and says so in the log (the directives are described
 * in test/helpers/doc-blocks.ts):
 * - `npm install … keyplane …` installs this run's tarball instead of the registry's
 *   `keyplane`, into a node_modules seeded from the run's install (nothing is compiled again);
 * - the service runs on a free port instead of 8080, and `127.0.0.1:8080` in a guide means it;
 * - `export KEYPLANE_API_KEY=nm_default_...` (or ADMIN): the placeholder is the admin key the
 *   service printed, as the guide tells the reader to copy it;
 * - terraform's "Do you want to perform these actions?" is answered yes
 *   (TF_CLI_ARGS_apply/destroy=-auto-approve);
 * - the output a guide shows (a ```text block, a `# → …` comment) must appear, loosely.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terraformPlatform } from '../../src/cli/terraform-install.js';
import { RUNNABLE, arrowComments, missingFragments, parseDoc, sectionLines, type Doc, type DocBlock } from '../helpers/doc-blocks.js';
import { DocShell } from '../helpers/doc-shell.js';
import { installedPackage, startBackgroundService, userEnv, type BackgroundService } from '../helpers/installed-package.js';
import { REPO_ROOT } from '../helpers/process.js';

const README_SECTION = '## Use it from your own project';

function loadDocs(): Doc[] {
  const docs: Doc[] = [];
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const { from, to } = sectionLines(readme, README_SECTION);
  docs.push(parseDoc('README.md', readme, from, to));
  for (const name of readdirSync(join(REPO_ROOT, 'docs/guides')).filter((f) => f.endsWith('.md')).sort()) {
    docs.push(parseDoc(`docs/guides/${name}`, readFileSync(join(REPO_ROOT, 'docs/guides', name), 'utf8')));
  }
  for (const dir of readdirSync(join(REPO_ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const file = join('examples', dir.name, 'README.md');
    try {
      docs.push(parseDoc(file, readFileSync(join(REPO_ROOT, file), 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return docs;
}

const docs = loadDocs();

/** Placeholders a guide tells the reader to fill from what the service printed. */
const PLACEHOLDER_VARIABLES: Record<string, (s: BackgroundService) => string> = {
  KEYPLANE_API_KEY: (s) => s.adminKey,
  ADMIN: (s) => s.adminKey,
  OWNER_TOKEN: (s) => s.ownerSetupToken,
};

/** A guide as a reader follows it. */
class GuideRun {
  private readonly services: BackgroundService[] = [];
  private shell!: DocShell;

  constructor(
    private readonly doc: Doc,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly tarball: string,
    private readonly project: string,
    private readonly packageJson: Record<string, unknown>,
  ) {}

  private note(text: string) {
    console.log(`[doc-test] ${text}`);
  }

  private where(block: DocBlock) {
    return `${this.doc.file}:${block.line}`;
  }

  /** The guide's words made to work here (see the file's header). */
  private substitute(text: string, block: DocBlock): string {
    let out = text;
    const service = this.services[0];
    if (service) out = out.replaceAll('127.0.0.1:8080', new URL(service.url).host);
    out = out.replaceAll('/home/you', this.env.HOME!).replaceAll('linux_amd64', terraformPlatform());
    if (block.lang === 'sh' || block.lang === 'bash') {
      out = out.replace(/^(\s*)npm install\b(.*?)\bkeyplane\b(?![\w/-])(.*)$/gm, (_, indent: string, before: string, after: string) => {
        this.note(`${this.where(block)}: npm install of keyplane → this run's tarball (node_modules seeded from the run's install)`);
        return `${indent}__doc_test_seed && npm install${before}${this.tarball}${after}`;
      });
      out = out.replace(/^(\s*export\s+)([A-Z_]+)=(\S*\.\.\.\S*)(.*)$/gm, (_, head: string, name: string, value: string, rest: string) => {
        const fill = PLACEHOLDER_VARIABLES[name];
        if (!fill || !service) throw new Error(`${this.where(block)}: the placeholder ${name}=${value} cannot be filled (known: ${Object.keys(PLACEHOLDER_VARIABLES).join(', ')}, once the service runs); make the guide compute it`);
        this.note(`${this.where(block)}: ${name}=${value} → what the service printed`);
        return `${head}${name}=${fill(service)}${rest}`;
      });
    }
    return out;
  }

  private expectShown(block: DocBlock, output: string) {
    const shown = [...arrowComments(block.code).map((text) => ({ text, line: block.line })), ...(block.expected ? [block.expected] : [])];
    for (const { text, line } of shown) {
      const missing = missingFragments(this.substitute(text, { ...block, lang: 'text' }), output);
      expect(missing, `${this.doc.file}:${line}: the output the guide shows is not what the block at line ${block.line} printed.\nMissing: ${JSON.stringify(missing)}\nPrinted:\n${output}`).toEqual([]);
    }
  }

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    mkdirSync(join(this.dir, '.doc-test'), { recursive: true });
    const workdir = join(this.dir, 'work');
    mkdirSync(workdir);
    this.shell = new DocShell(join(this.dir, '.doc-test'), workdir, this.env);
    await this.shell.run(`__doc_test_seed() { [ -e node_modules ] || cp -al ${JSON.stringify(join(this.project, 'node_modules'))} node_modules; }\n`);
    if (this.doc.setup === 'getting-started') {
      this.note(`${this.doc.file}: set up as getting-started.md leaves a reader: package installed, service running, environment exported, provider installed`);
      writeFileSync(join(workdir, 'package.json'), `${JSON.stringify(this.packageJson, null, 2)}\n`);
      await this.shell.run('__doc_test_seed\n');
      const service = await startBackgroundService('npx --no keyplane serve', workdir, this.env);
      this.services.push(service);
      await this.shell.run(
        `export KEYPLANE_ENDPOINT=${service.url} KEYPLANE_API_KEY=${service.adminKey} ADMIN=${service.adminKey}\nnpx --no keyplane terraform install >/dev/null\nexport TF_CLI_CONFIG_FILE="$HOME/.keyplane/terraform.rc"\n`,
      );
    } else if (this.doc.setup) {
      throw new Error(`${this.doc.file}: unknown setup ${this.doc.setup}`);
    }
  }

  async runBlock(block: DocBlock): Promise<void> {
    const directive = block.directive;
    if (directive?.verb === 'skip' || !RUNNABLE.has(block.lang)) return;
    let code = this.substitute(block.code, block);
    for (const r of this.doc.replacements.filter((r) => r.fromLine < block.line && code.includes(r.text))) {
      const value = await this.shell.variable(r.variable);
      if (!value) throw new Error(`${this.where(block)}: ${r.text} stands for $${r.variable}, which the guide has not set by now`);
      this.note(`${this.where(block)}: ${r.text} → $${r.variable} (${value})`);
      code = code.replaceAll(r.text, value);
    }
    if (directive?.verb === 'file' || directive?.verb === 'append') {
      const target = join(await this.shell.pwd(), directive.argument);
      mkdirSync(dirname(target), { recursive: true });
      (directive.verb === 'file' ? writeFileSync : appendFileSync)(target, code);
      this.note(`${this.where(block)}: ${block.lang} → ${directive.verb} ${directive.argument}`);
      return;
    }
    if (block.lang === 'hcl' || block.lang === 'ts') throw new Error(`${this.where(block)}: an ${block.lang} block needs a doc-test directive: file NAME, append NAME, or skip (reason)`);
    if (directive?.verb === 'service') {
      const service = await startBackgroundService(code.trim(), await this.shell.pwd(), this.env);
      this.services.push(service);
      this.note(`${this.where(block)}: started in the background: ${code.trim()} → ${service.url}`);
      this.expectShown(block, service.output());
      return;
    }
    let result;
    try {
      result = await this.shell.run(code);
    } catch (error) {
      throw new Error(`${this.where(block)}: ${(error as Error).message}\n\nThe block as run:\n${code}`);
    }
    this.note(`${this.where(block)}: ran in ${(result.ms / 1000).toFixed(1)} s`);
    this.expectShown(block, result.output);
  }

  async close(): Promise<void> {
    this.shell?.close();
    await Promise.all(this.services.map((s) => s.stop()));
  }
}

describe.each(docs.map((doc) => [doc.file, doc] as const))('%s', (file, doc) => {
  const skipped = doc.blocks.filter((b) => b.directive?.verb === 'skip');
  for (const block of skipped) it.skip(`line ${block.line} (${block.lang}) is not run: ${block.directive!.reason || 'no reason given'}`, () => {});

  const runnable = doc.blocks.some((b) => RUNNABLE.has(b.lang) && b.directive?.verb !== 'skip');
  if (!runnable) it.skip('has no block to run (every block is shown only, or skipped above)', () => {});
  else it(
    'runs as written, with the output it shows',
    async () => {
      for (const block of skipped) expect(block.directive!.reason, `${file}:${block.line}: a skipped block must say why`).not.toBe('');
      const installed = await installedPackage();
      const dir = join(dirname(installed.project), 'docs', file.replace(/[^\w.-]+/g, '_'));
      const home = join(dir, 'home');
      mkdirSync(home, { recursive: true });
      const env = userEnv({
        HOME: home,
        XDG_CACHE_HOME: join(home, '.cache'),
        // The reader's npm: its configuration and cache (so the registry is asked as little as possible).
        npm_config_userconfig: join(homedir(), '.npmrc'),
        npm_config_cache: join(homedir(), '.npm'),
        npm_config_prefer_offline: 'true',
        TF_CLI_ARGS_apply: '-auto-approve',
        TF_CLI_ARGS_destroy: '-auto-approve',
        TF_IN_AUTOMATION: '1',
        CHECKPOINT_DISABLE: '1',
        TF_CLI_CONFIG_FILE: undefined,
      });
      const run = new GuideRun(doc, dir, env, installed.tarball, installed.project, installed.projectPackageJson);
      try {
        await run.start();
        for (const block of doc.blocks) await run.runBlock(block);
      } finally {
        await run.close();
      }
    },
    900_000,
  );
});
