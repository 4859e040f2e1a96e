/**
 * The doc tests' reading of Markdown (test/helpers/doc-blocks.ts): blocks with their
 * directives and shown outputs, sections, and the loose comparison of a shown output.
 */
import { describe, expect, it } from 'vitest';
import { arrowComments, looseFragments, missingFragments, parseDoc, sectionLines } from '../helpers/doc-blocks.js';

const markdown = [
  '# Guide', //                                              1
  '<!-- doc-test: setup getting-started -->', //             2
  '<!-- doc-test: replace key_01ABC $KEY_ID -->', //         3
  '', //                                                     4
  '```sh', //                                                5
  'npx keyplane keys list', //                               6
  '# → key_…', //                                            7
  '```', //                                                  8
  '', //                                                     9
  '```text', //                                              10
  'ID  NAME', //                                             11
  '```', //                                                  12
  '<!-- doc-test: file main.tf -->', //                      13
  '```hcl', //                                               14
  'provider "keyplane" {}', //                               15
  '```', //                                                  16
  '<!-- doc-test: skip (shown only) -->', //                 17
  '- a list item:', //                                       18
  '', //                                                     19
  '  ```sh', //                                              20
  '  cdktf synth', //                                        21
  '  ```', //                                                22
].join('\n');

describe('parseDoc', () => {
  const doc = parseDoc('guide.md', markdown);

  it('reads file-level directives', () => {
    expect(doc.setup).toBe('getting-started');
    expect(doc.replacements).toEqual([{ text: 'key_01ABC', variable: 'KEY_ID', fromLine: 3 }]);
  });

  it('gives each block its language, code, line and directive, and a runnable block the text after it', () => {
    expect(doc.blocks.map((b) => [b.lang, b.line, b.directive?.verb, b.directive?.argument, b.directive?.reason])).toEqual([
      ['sh', 5, undefined, undefined, undefined],
      ['text', 10, undefined, undefined, undefined],
      ['hcl', 14, 'file', 'main.tf', ''],
      ['sh', 20, 'skip', '', 'shown only'],
    ]);
    expect(doc.blocks[0]!.expected).toEqual({ text: 'ID  NAME\n', line: 10 });
    expect(doc.blocks[3]!.code).toBe('cdktf synth\n'); // the list's indentation removed
  });

  it('refuses a directive it cannot read, and one that no block follows', () => {
    expect(() => parseDoc('x.md', '<!-- doc-test: run this -->\n```sh\nls\n```')).toThrow(/x\.md:1: unreadable doc-test directive/);
    expect(() => parseDoc('x.md', 'text\n<!-- doc-test: skip (why) -->\n')).toThrow(/not followed by a block/);
    expect(() => parseDoc('x.md', '<!-- doc-test: replace key_1 KEY -->')).toThrow(/replace EXAMPLE \$VARIABLE/);
  });
});

describe('sectionLines', () => {
  it('ends a section at the next heading of its level, not at a comment inside a code block', () => {
    const text = ['## A', '```sh', '# a comment, not a heading', '```', '### A.1', '## B'].join('\n');
    expect(sectionLines(text, '## A')).toEqual({ from: 1, to: 5 });
  });
});

describe('shown output, compared loosely', () => {
  it('asks for the text between ellipses, whitespace and JSON edges aside', () => {
    expect(looseFragments('{"id":"key_…", …, "secret":"nm_default_…"}')).toEqual(['"id":"key_', '"secret":"nm_default_']);
    expect(looseFragments('{"valid":true,"code":"VALID", …}')).toEqual(['"valid":true,"code":"VALID"']);
  });

  it('finds fragments in any order, ignoring terminal colours', () => {
    const printed = '\u001b[1mPlan:\u001b[0m 2 to import, 0 to add.\n{"secret":"nm_default_x","id":"key_1"}';
    expect(missingFragments('Plan: 2 to import', printed)).toEqual([]);
    expect(missingFragments('{"id":"key_…", …, "secret":"nm_default_…"}', printed)).toEqual([]);
    expect(missingFragments('{"valid":true, …}', printed)).toEqual(['"valid":true']);
  });

  it('reads `# → …` comments of a shell block', () => {
    expect(arrowComments('curl x\n# → {"valid":true, …}\nls # → a\n')).toEqual(['{"valid":true, …}', 'a']);
  });
});
