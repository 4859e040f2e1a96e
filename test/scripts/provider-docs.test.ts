/**
 * The provider docs generator (scripts/generate-provider-docs.mjs): the committed docs match
 * the provider's schema and examples/, and the generator documents whatever types a provider
 * defines (resources, data sources, ephemeral resources; nested blocks, object attributes),
 * with or without examples, and keeps docs/ free of pages for types that are gone.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { providerDocs, type DocumentedProvider } from '../../scripts/provider-docs/doc-pages.js';
import { generateDocs } from '../../scripts/provider-docs/main.js';
import { schemaMarkdown } from '../../scripts/provider-docs/schema-markdown.js';
import {
  defineSchema,
  listAttribute,
  listNestedBlock,
  numberAttribute,
  setAttribute,
  setNestedBlock,
  stringAttribute,
  toSchemaDescription,
} from '../../src/provider/framework/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const thingSchema = defineSchema({
  description: 'A thing.',
  attributes: {
    id: stringAttribute({ description: 'Id of the thing.', computed: true }),
    name: stringAttribute({ description: 'Name of the thing.', required: true }),
    tags: setAttribute('string', { description: 'Tags.', optional: true }),
    token: stringAttribute({ description: 'A token.', computed: true, sensitive: true }),
  },
  blocks: {
    rule: setNestedBlock({
      description: 'A rule.',
      maxItems: 5,
      attributes: { action: stringAttribute({ description: '`allow` or `deny`.', required: true }) },
      blocks: {
        port: listNestedBlock({ description: 'A port.', minItems: 1, attributes: { number: numberAttribute({ description: 'Port number.', required: true }) } }),
      },
    }),
  },
});

/** A provider with every kind of type; `demo_other` has no example. */
const demo: DocumentedProvider = {
  typeName: 'demo',
  schema: defineSchema({ description: 'The demo provider.', attributes: { token: stringAttribute({ description: 'API token.', optional: true, sensitive: true }) } }),
  resources: [
    { typeName: 'demo_thing', schema: thingSchema, importState: () => ({}) },
    { typeName: 'demo_other', schema: defineSchema({ description: 'Another.', attributes: { name: stringAttribute({ description: 'Name.', required: true }) } }) },
  ],
  dataSources: [
    {
      typeName: 'demo_things',
      schema: defineSchema({
        description: 'Every thing.',
        attributes: { things: listAttribute(['object', { name: 'string', size: 'number' }] as const, { description: 'The things.', computed: true }) },
      }),
    },
  ],
  ephemeralResources: [
    { typeName: 'demo_token', schema: defineSchema({ description: 'A short-lived token.', attributes: { value: stringAttribute({ description: 'The token.', computed: true, sensitive: true }) } }) },
  ],
};

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'keyplane-docs-'));
  write(root, 'examples/provider/provider.tf', 'provider "demo" {}\n');
  write(root, 'examples/resources/demo_thing/resource.tf', 'resource "demo_thing" "example" {\n  name = "a"\n}\n');
  write(root, 'examples/resources/demo_thing/import.sh', 'terraform import demo_thing.example thing_1\n');
  write(root, 'examples/resources/demo_gone/resource.tf', 'resource "demo_gone" "x" {}\n');
  write(root, 'examples/data-sources/demo_things/data-source.tf', 'data "demo_things" "all" {}\n');
  write(root, 'templates/resources/thing.notes.md', '~> **Careful.** The token is stored in the state.\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('schema section', () => {
  it('lists attributes and blocks as Required / Optional / Read-Only, then each nested block, depth first', () => {
    expect(schemaMarkdown(toSchemaDescription(thingSchema).block)).toBe(`## Schema

### Required

- \`name\` (String) Name of the thing.

### Optional

- \`rule\` (Block Set, Max: 5) A rule. (see [below for nested schema](#nestedblock--rule))
- \`tags\` (Set of String) Tags.

### Read-Only

- \`id\` (String) Id of the thing.
- \`token\` (String, Sensitive) A token.

<a id="nestedblock--rule"></a>
### Nested Schema for \`rule\`

Required:

- \`action\` (String) \`allow\` or \`deny\`.
- \`port\` (Block List, Min: 1) A port. (see [below for nested schema](#nestedblock--rule--port))

<a id="nestedblock--rule--port"></a>
### Nested Schema for \`rule.port\`

Required:

- \`number\` (Number) Port number.
`);
  });

  it('documents the attributes of object types, in the group of their attribute', () => {
    const markdown = schemaMarkdown(toSchemaDescription(demo.dataSources![0]!.schema).block);
    expect(markdown).toContain('- `things` (List of Object) The things. (see [below for nested schema](#nestedobjatt--things))');
    expect(markdown).toContain('<a id="nestedobjatt--things"></a>\n### Nested Schema for `things`\n\nRead-Only:\n\n- `name` (String)\n- `size` (Number)\n');
  });
});

describe('pages', () => {
  it('makes a page for every type of every kind, in the Registry layout', () => {
    const { pages } = providerDocs(demo, root);
    expect(pages.map((p) => p.path)).toEqual([
      'docs/index.md',
      'docs/resources/other.md',
      'docs/resources/thing.md',
      'docs/data-sources/things.md',
      'docs/ephemeral-resources/token.md',
    ]);
    const page = (path: string) => pages.find((p) => p.path === path)!.content;
    expect(page('docs/index.md')).toMatch(/^---\npage_title: "demo Provider"\nsubcategory: ""\ndescription: \|-\n {2}The demo provider\.\n---\n/);
    expect(page('docs/index.md')).toContain('## Example Usage\n\n```terraform\nprovider "demo" {}\n```');
    expect(page('docs/data-sources/things.md')).toContain('# demo_things (Data Source)');
    expect(page('docs/ephemeral-resources/token.md')).toContain('page_title: "demo_token Ephemeral Resource - terraform-provider-demo"');
    expect(page('docs/ephemeral-resources/token.md')).toContain('- `value` (String, Sensitive) The token.');
  });

  it('puts description, notes, example, schema and import in that order', () => {
    const thing = providerDocs(demo, root).pages.find((p) => p.path === 'docs/resources/thing.md')!.content;
    const order = ['# demo_thing (Resource)', 'A thing.', '~> **Careful.**', '## Example Usage', '## Schema', '## Import', 'terraform import demo_thing.example thing_1'];
    let from = 0;
    for (const text of order) {
      const at = thing.indexOf(text, from);
      expect(at, `${text} after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at + text.length;
    }
  });

  it('documents a type without example, without an Example Usage section, and says so', () => {
    const { pages, warnings } = providerDocs(demo, root);
    const other = pages.find((p) => p.path === 'docs/resources/other.md')!.content;
    expect(other).toContain('# demo_other (Resource)');
    expect(other).not.toContain('## Example Usage');
    expect(other).toContain('- `name` (String) Name.');
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^demo_other \(resource\): examples\/resources\/demo_other\/resource\.tf is missing/),
        expect.stringMatching(/^demo_token \(ephemeral resource\): .* is missing/),
        expect.stringMatching(/^examples\/resources\/demo_gone\/: the provider defines no resource demo_gone/),
      ]),
    );
  });
});

describe('writing and --check', () => {
  it('writes the pages, then --check passes; a changed, missing or left-over page fails it', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(generateDocs(['--check'], demo, root)).toBe(1); // nothing written yet
      expect(generateDocs([], demo, root)).toBe(0);
      expect(generateDocs(['--check'], demo, root)).toBe(0);

      const page = join(root, 'docs/resources/thing.md');
      writeFileSync(page, readFileSync(page, 'utf8').replace('A thing.', 'A thing!'));
      expect(generateDocs(['--check'], demo, root)).toBe(1);
      expect(generateDocs([], demo, root)).toBe(0);

      // A type removed from the provider: its generated page is stale, then removed.
      const fewer: DocumentedProvider = { ...demo, resources: demo.resources.filter((r) => r.typeName !== 'demo_other') };
      expect(generateDocs(['--check'], fewer, root)).toBe(1);
      expect(stderr.mock.calls.join('')).toContain('docs/resources/other.md documents a type the provider no longer defines');
      expect(generateDocs([], fewer, root)).toBe(0);
      expect(existsSync(join(root, 'docs/resources/other.md'))).toBe(false);

      // A hand-written page in docs/resources/ is left alone (with a warning).
      write(root, 'docs/resources/guide.md', '# A guide\n');
      expect(generateDocs(['--check'], fewer, root)).toBe(0);
      expect(generateDocs([], fewer, root)).toBe(0);
      expect(readFileSync(join(root, 'docs/resources/guide.md'), 'utf8')).toBe('# A guide\n');
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });
});

describe('the committed docs', () => {
  it('are what `node scripts/generate-provider-docs.mjs --check` expects (regenerate them when this fails)', async () => {
    // Rejects, naming the stale pages, when --check fails.
    await promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/generate-provider-docs.mjs'), '--check'], { cwd: repoRoot });
  });

  it('warn the api_key resource page that the secret is in the state and cannot be imported', () => {
    const page = readFileSync(join(repoRoot, 'docs/resources/api_key.md'), 'utf8');
    expect(page).toMatch(/\*\*The secret is stored in the state\.\*\*[\s\S]*encrypted backend[\s\S]*ephemeral resource/);
    expect(page).toMatch(/\*\*The secret cannot be imported\.\*\*/);
  });
});
