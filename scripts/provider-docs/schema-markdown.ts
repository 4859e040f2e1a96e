/**
 * The "Schema" section of a provider doc page, in the layout of the Terraform Registry (as
 * HashiCorp's tfplugindocs writes it): the attributes and nested blocks of a schema as
 * "Required", "Optional" and "Read-Only" lists, then one "Nested Schema for `path`" section
 * per nested block, nested attribute or object-typed attribute, each with an anchor the
 * parent's entry links to.
 *
 * Works on the protocol's schema description (what Terraform itself receives), so whatever
 * the framework can express is documented, nested attributes and write-only ones included.
 */
import type { AttributeDescription, BlockDescription, CtyType, NestedBlockDescription } from '../../src/provider/protocol/index.js';

type Group = 'Required' | 'Optional' | 'Read-Only';
const GROUPS: readonly Group[] = ['Required', 'Optional', 'Read-Only'];

/** One line of a list, and the nested section it links to (if any). */
interface Entry {
  name: string;
  group: Group;
  line: string;
  nested?: NestedSection;
}

/** A section rendered after the main lists: a nested block or attribute, or an object type. */
interface NestedSection {
  anchor: string;
  path: string;
  entries: Entry[];
}

/** `List of String`, `Map of Number`, `Object`... as tfplugindocs names cty types. */
export function ctyTypeName(type: CtyType): string {
  if (typeof type === 'string') return { string: 'String', number: 'Number', bool: 'Boolean', dynamic: 'Dynamic' }[type];
  switch (type[0]) {
    case 'list':
      return `List of ${ctyTypeName(type[1])}`;
    case 'set':
      return `Set of ${ctyTypeName(type[1])}`;
    case 'map':
      return `Map of ${ctyTypeName(type[1])}`;
    case 'object':
      return 'Object';
    case 'tuple':
      return 'Tuple';
  }
}

/** The object type inside a type (an object, or a collection of objects), for its nested section. */
function objectAttributes(type: CtyType): Readonly<Record<string, CtyType>> | undefined {
  if (typeof type === 'string') return undefined;
  if (type[0] === 'object') return type[1];
  if (type[0] === 'list' || type[0] === 'set' || type[0] === 'map') return objectAttributes(type[1]);
  return undefined;
}

function attributeGroup(a: AttributeDescription): Group {
  if (a.required) return 'Required';
  if (a.optional) return 'Optional';
  return 'Read-Only';
}

/** Whether nothing inside a block can be set by the practitioner. */
function readOnlyBlock(block: BlockDescription): boolean {
  return (
    Object.values(block.attributes ?? {}).every((a) => attributeGroup(a) === 'Read-Only') &&
    Object.values(block.blocks ?? {}).every((b) => readOnlyBlock(b.block))
  );
}

function blockGroup(b: NestedBlockDescription): Group {
  if ((b.minItems ?? 0) > 0) return 'Required';
  return readOnlyBlock(b.block) ? 'Read-Only' : 'Optional';
}

/** A description as one Markdown list item: later lines indented so they stay in the item. */
function describe(text: string | undefined): string {
  const trimmed = (text ?? '').trim();
  return trimmed ? ` ${trimmed.replace(/\n/g, '\n  ')}` : '';
}

const seeBelow = (anchor: string) => ` (see [below for nested schema](#${anchor}))`;
const anchorOf = (prefix: 'nestedblock' | 'nestedatt' | 'nestedobjatt', path: string[]) => `${prefix}--${path.join('--')}`;

function attributeEntry(name: string, a: AttributeDescription, path: string[], group: Group = attributeGroup(a)): Entry {
  const flags: string[] = [];
  let nested: NestedSection | undefined;
  if (a.nestedType) {
    const kind = { single: 'Attributes', list: 'Attributes List', set: 'Attributes Set', map: 'Attributes Map' }[a.nestedType.nesting];
    flags.push(kind);
    const inner = [...path, name];
    const forceReadOnly = group === 'Read-Only';
    nested = {
      anchor: anchorOf('nestedatt', inner),
      path: inner.join('.'),
      entries: Object.entries(a.nestedType.attributes).map(([n, x]) => attributeEntry(n, x, inner, forceReadOnly ? 'Read-Only' : attributeGroup(x))),
    };
  } else if (a.type !== undefined) {
    flags.push(ctyTypeName(a.type));
    const objectType = objectAttributes(a.type);
    if (objectType) {
      const inner = [...path, name];
      nested = {
        anchor: anchorOf('nestedobjatt', inner),
        path: inner.join('.'),
        // An object type's attributes have no descriptions; they take the attribute's group.
        entries: Object.entries(objectType)
          .sort(([x], [y]) => (x < y ? -1 : 1))
          .map(([n, t]) => ({ name: n, group, line: `- \`${n}\` (${ctyTypeName(t)})` })),
      };
    }
  }
  if (a.sensitive) flags.push('Sensitive');
  if (a.writeOnly) flags.push('Write-only');
  if (a.deprecated) flags.push('Deprecated');
  const line = `- \`${name}\` (${flags.join(', ')})${describe(a.description)}${nested ? seeBelow(nested.anchor) : ''}`;
  return { name, group, line, nested };
}

function blockEntry(name: string, b: NestedBlockDescription, path: string[]): Entry {
  const kind = { single: 'Block', group: 'Block', list: 'Block List', set: 'Block Set', map: 'Block Map' }[b.nesting];
  const flags = [kind];
  if (b.nesting === 'list' || b.nesting === 'set' || b.nesting === 'map') {
    if ((b.minItems ?? 0) > 0) flags.push(`Min: ${b.minItems}`);
    if ((b.maxItems ?? 0) > 0) flags.push(`Max: ${b.maxItems}`);
  }
  if (b.block.deprecated) flags.push('Deprecated');
  const inner = [...path, name];
  const nested: NestedSection = { anchor: anchorOf('nestedblock', inner), path: inner.join('.'), entries: blockEntries(b.block, inner) };
  return { name, group: blockGroup(b), line: `- \`${name}\` (${flags.join(', ')})${describe(b.block.description)}${seeBelow(nested.anchor)}`, nested };
}

function blockEntries(block: BlockDescription, path: string[]): Entry[] {
  return [
    ...Object.entries(block.attributes ?? {}).map(([n, a]) => attributeEntry(n, a, path)),
    ...Object.entries(block.blocks ?? {}).map(([n, b]) => blockEntry(n, b, path)),
  ].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** The entries of each group, in group order, with a heading made by `heading`. */
function groupedLists(entries: Entry[], heading: (group: Group) => string): string[] {
  return GROUPS.flatMap((group) => {
    const lines = entries.filter((e) => e.group === group).map((e) => e.line);
    return lines.length === 0 ? [] : [heading(group), '', ...lines, ''];
  });
}

/**
 * The "## Schema" section of a block (a resource's, a data source's, the provider's...),
 * ending with one newline. Entries are sorted by name within each group.
 */
export function schemaMarkdown(block: BlockDescription): string {
  const top = blockEntries(block, []);
  const out = ['## Schema', '', ...groupedLists(top, (g) => `### ${g}`)];
  // Nested sections in the order their entries appear, each followed by its own nested ones.
  const queue = GROUPS.flatMap((g) => top.filter((e) => e.group === g)).flatMap((e) => (e.nested ? [e.nested] : []));
  while (queue.length > 0) {
    const section = queue.shift()!;
    out.push(`<a id="${section.anchor}"></a>`, `### Nested Schema for \`${section.path}\``, '', ...groupedLists(section.entries, (g) => `${g}:`));
    const children = GROUPS.flatMap((g) => section.entries.filter((e) => e.group === g)).flatMap((e) => (e.nested ? [e.nested] : []));
    queue.unshift(...children);
  }
  return `${out.join('\n').trimEnd()}\n`;
}
