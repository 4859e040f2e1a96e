/**
 * The code blocks of a Markdown guide, as the doc tests (test/docs/guides.test.ts) run them:
 * every fenced ```sh/```bash, ```hcl and ```ts block in order, each with the doc-test
 * directive written just before it, and the output a guide shows after a command.
 *
 * Directives are HTML comments, invisible on the rendered page:
 *
 *   <!-- doc-test: skip (why this block is not run) -->   the next block is not run; the run lists it with the reason
 *   <!-- doc-test: service -->                            the next ```sh block starts the service: run in the
 *                                                         background on a free port (KEYPLANE_PORT), until the guide ends
 *   <!-- doc-test: file main.tf -->                       the next block is a file: written to that path (in the
 *                                                         current directory of the guide's shell)
 *   <!-- doc-test: append main.tf -->                     the same, appended
 *   <!-- doc-test: setup getting-started -->              (anywhere, once) the guide starts where getting-started.md
 *                                                         leaves a reader: package installed, service running,
 *                                                         KEYPLANE_ENDPOINT, KEYPLANE_API_KEY, ADMIN and TF_CLI_CONFIG_FILE set
 *   <!-- doc-test: replace key_01JD… $KEY_ID -->           (anywhere) an example value in the blocks after it stands for
 *                                                         what the guide's shell holds in that variable (an id the
 *                                                         reader copies from an earlier output)
 *
 * A ```sh block without a directive runs in the guide's shell (one bash for the whole guide,
 * so `cd` and variables carry over, as in a terminal). An ```hcl or ```ts block must say where
 * it goes (`file`/`append`) or why it is not run (`skip`). A ```text block right after a
 * runnable block is the output that block must show, compared loosely ({@link looseFragments});
 * so is a `# → …` comment inside a ```sh block.
 */

/** A directive of the form `<!-- doc-test: verb argument (reason) -->`. */
export interface Directive {
  verb: 'skip' | 'service' | 'file' | 'append' | 'setup' | 'replace';
  argument: string;
  reason: string;
}

/** One fenced block. */
export interface DocBlock {
  /** The fence's language: sh, bash, hcl, ts, text, … */
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  directive?: Directive;
  /** The ```text block that follows, if any: what running this block shows. */
  expected?: { text: string; line: number };
}

/** An example value that stands for a shell variable, from the block at `fromLine` on. */
export interface Replacement {
  text: string;
  variable: string;
  fromLine: number;
}

/** A guide: its blocks, its file-level `setup` directive and its replacements. */
export interface Doc {
  file: string;
  blocks: DocBlock[];
  setup?: string;
  replacements: Replacement[];
}

const DIRECTIVE = /^<!--\s*doc-test:\s*(skip|service|file|append|setup|replace)\b\s*([^(]*?)\s*(?:\((.*)\))?\s*-->$/;

/** The languages that are run (or written to files); others (json, text, …) are shown only. */
export const RUNNABLE = new Set(['sh', 'bash', 'hcl', 'ts']);

/** Parses `markdown`; `fromLine`/`toLine` (1-based, inclusive) limit it to a section. */
export function parseDoc(file: string, markdown: string, fromLine = 1, toLine = Number.MAX_SAFE_INTEGER): Doc {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  let setup: string | undefined;
  const replacements: Replacement[] = [];
  let pending: Directive | undefined;
  for (let i = fromLine - 1; i < Math.min(lines.length, toLine); i++) {
    const line = lines[i]!.trim();
    const directive = DIRECTIVE.exec(line);
    if (directive) {
      const parsed: Directive = { verb: directive[1] as Directive['verb'], argument: directive[2]!.trim(), reason: (directive[3] ?? '').trim() };
      if (parsed.verb === 'setup') setup = parsed.argument;
      else if (parsed.verb === 'replace') {
        const [text, variable] = parsed.argument.split(/\s+/);
        if (!text || !variable?.startsWith('$')) throw new Error(`${file}:${i + 1}: write replace EXAMPLE $VARIABLE`);
        replacements.push({ text, variable: variable.slice(1), fromLine: i + 1 });
      } else pending = parsed;
      continue;
    }
    if (line.startsWith('<!--') && line.includes('doc-test')) throw new Error(`${file}:${i + 1}: unreadable doc-test directive: ${line}`);
    const fence = /^(\s*)(`{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!fence) continue;
    const indent = fence[1]!.length;
    const ticks = fence[2]!;
    const lang = fence[3]!;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.trim().startsWith(ticks); i++) body.push(lines[i]!.slice(Math.min(indent, lines[i]!.length - lines[i]!.trimStart().length)));
    const block: DocBlock = { lang, code: `${body.join('\n')}\n`, line: start + 1, directive: pending };
    pending = undefined;
    const previous = blocks.at(-1);
    if (lang === 'text' && previous && RUNNABLE.has(previous.lang) && !previous.expected && block.directive?.verb !== 'skip') {
      previous.expected = { text: block.code, line: block.line };
    }
    blocks.push(block);
  }
  if (pending) throw new Error(`${file}: a doc-test directive (${pending.verb}) is not followed by a block`);
  return { file, blocks, setup, replacements };
}

/** The lines of the section that starts with `heading` (up to the next heading of its level). */
export function sectionLines(markdown: string, heading: string): { from: number; to: number } {
  const lines = markdown.split('\n');
  const from = lines.findIndex((l) => l.trim() === heading);
  if (from < 0) throw new Error(`no section ${heading}`);
  const level = /^#+/.exec(heading)![0];
  let to = lines.length;
  let fenced = false;
  for (let i = from + 1; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i]!)) fenced = !fenced;
    const m = fenced ? null : /^(#+) /.exec(lines[i]!);
    if (m && m[1]!.length <= level.length) {
      to = i;
      break;
    }
  }
  return { from: from + 1, to };
}

/** The `# → …` comments of a shell block: outputs its commands must show. */
export function arrowComments(code: string): string[] {
  return [...code.matchAll(/#\s*→\s*(.+)$/gm)].map((m) => m[1]!);
}

/**
 * The fragments of a shown output that the real output must contain. A guide abbreviates
 * with `…` (or `...`): each line's text between ellipses must appear, whitespace aside, in any
 * order (a line the product adds does not break a guide; a line that changes does). Fragments
 * of punctuation only are dropped, and JSON commas and braces at a fragment's edges, so
 * `{"valid":true, "code":"VALID", …}` asks for `"valid":true,"code":"VALID"`.
 */
export function looseFragments(shown: string): string[] {
  return shown
    .split(/…|\.\.\.|\n/)
    .map((f) => squeeze(f).replace(/^[\s,{}[\]]+|[\s,{}[\]]+$/g, ''))
    .filter((f) => /[A-Za-z0-9]/.test(f) && f.length >= 2);
}

/** Terminal colours and whitespace around JSON punctuation removed, runs of whitespace made one space. */
export function squeeze(text: string): string {
  return text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}[\]:,])\s*/g, '$1')
    .trim();
}

/** The fragments of `shown` missing from `actual` (empty when the output matches). */
export function missingFragments(shown: string, actual: string): string[] {
  const haystack = squeeze(actual);
  return looseFragments(shown).filter((f) => !haystack.includes(f));
}
