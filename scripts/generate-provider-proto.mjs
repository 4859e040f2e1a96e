#!/usr/bin/env node
/**
 * Generates src/provider/protocol/generated/messages.ts from the provider's .proto files.
 *
 *   node scripts/generate-provider-proto.mjs          # (re)write the generated file
 *   node scripts/generate-provider-proto.mjs --check  # exit 1 if the file is stale
 *
 * The output is TypeScript interfaces plus field tables for src/provider/protocol/proto-wire.ts,
 * so the provider never parses .proto files or loads protobufjs at run time (start-up time
 * matters: Terraform starts several provider processes per command). protobufjs is used here,
 * at build time only, to parse the .proto files; it is installed as a dependency of
 * @grpc/grpc-js (via @grpc/proto-loader).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const protobuf = require('protobufjs');

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const protocolDir = join(repoRoot, 'src/provider/protocol');
const protoFiles = ['tfplugin6.proto', 'plugin.proto'];
const outFile = join(protocolDir, 'generated/messages.ts');

const SCALARS = { string: 'string', bytes: 'Uint8Array', bool: 'boolean', int32: 'number', int64: 'number' };

/** `tfplugin6.Schema.Block` → `Schema_Block`; other packages keep theirs: `plugin_Empty`. */
function tsName(fullName) {
  const name = fullName.replace(/^\./, '');
  const local = name.startsWith('tfplugin6.') ? name.slice('tfplugin6.'.length) : name;
  return local.replace(/\./g, '_');
}

/** `type_name` → `typeName`; `Error` → `error`. */
function camel(name) {
  const c = name.replace(/_([a-z0-9])/g, (_, ch) => ch.toUpperCase());
  return c.charAt(0).toLowerCase() + c.slice(1);
}

function docComment(text, indent) {
  if (!text) return '';
  const lines = text.trim().split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/** Returns [kind, tsType, typeRef] for a field's (value) type. */
function fieldType(field, typeName, resolved) {
  if (resolved instanceof protobuf.Enum) return ['enum', 'number', null];
  if (resolved instanceof protobuf.Type) return ['message', tsName(resolved.fullName), tsName(resolved.fullName)];
  const ts = SCALARS[typeName];
  if (!ts) throw new Error(`${field.fullName}: unsupported type ${typeName}`);
  return [typeName, ts, null];
}

function emitMessage(type, out) {
  const name = tsName(type.fullName);
  const props = [];
  const specs = [];
  for (const field of type.fieldsArray) {
    const js = camel(field.name);
    const presence = Boolean(field.partOf); // proto3 `optional` (synthetic oneof) or a real oneof
    const doc = docComment(field.comment, '  ');
    if (field.map) {
      if (field.keyType !== 'string') throw new Error(`${field.fullName}: only string map keys are supported`);
      const [kind, ts, ref] = fieldType(field, field.type, field.resolvedType);
      props.push(`${doc}  ${js}: Record<string, ${ts}>;`);
      const value = ref ? `{ kind: 'message', type: () => ${ref} }` : `{ kind: '${kind}' }`;
      specs.push(`  { no: ${field.id}, name: '${js}', kind: 'map', value: ${value} },`);
      continue;
    }
    const [kind, ts, ref] = fieldType(field, field.type, field.resolvedType);
    if (field.repeated && kind !== 'message') throw new Error(`${field.fullName}: repeated scalars are not supported`);
    if (field.repeated) {
      props.push(`${doc}  ${js}: ${ts}[];`);
      specs.push(`  { no: ${field.id}, name: '${js}', kind: 'message', type: () => ${ref}, repeated: true },`);
    } else if (kind === 'message') {
      props.push(`${doc}  ${js}?: ${ts};`);
      specs.push(`  { no: ${field.id}, name: '${js}', kind: 'message', type: () => ${ref}${presence ? ', presence: true' : ''} },`);
    } else {
      props.push(`${doc}  ${js}${presence ? '?' : ''}: ${ts};`);
      specs.push(`  { no: ${field.id}, name: '${js}', kind: '${kind}'${presence ? ', presence: true' : ''} },`);
    }
  }
  out.push(docComment(`${type.fullName.replace(/^\./, '')}${type.comment ? `: ${type.comment}` : ''}`, ''));
  out.push(props.length ? `export interface ${name} {\n${props.join('\n')}\n}\n` : `export interface ${name} {}\n`);
  out.push(
    `export const ${name}: MessageType<${name}> = message('${type.fullName.replace(/^\./, '')}', () => [` +
      (specs.length ? `\n${specs.join('\n')}\n` : '') +
      `]);\n\n`,
  );
}

function emitEnum(en, out) {
  const name = tsName(en.fullName);
  const entries = Object.entries(en.values).map(([k, v]) => `  ${k}: ${v},`);
  out.push(docComment(`${en.fullName.replace(/^\./, '')} (values as numbers; unknown values may arrive)`, ''));
  out.push(`export const ${name} = {\n${entries.join('\n')}\n} as const;\n\n`);
}

function emitService(svc, out) {
  const full = svc.fullName.replace(/^\./, '');
  const name = `${tsName(svc.fullName)}Service`;
  const methods = svc.methodsArray.map((m) => {
    if (m.requestStream) throw new Error(`${m.fullName}: client streaming is not supported`);
    const req = tsName(m.resolvedRequestType.fullName);
    const res = tsName(m.resolvedResponseType.fullName);
    return `  ${m.name}: { path: '/${full}/${m.name}', request: ${req}, response: ${res}, responseStream: ${Boolean(m.responseStream)} },`;
  });
  out.push(docComment(`Methods of the gRPC service ${full}.`, ''));
  out.push(`export const ${name} = {\n${methods.join('\n')}\n} as const;\n\n`);
}

/** Messages and enums in definition order; services collected to be emitted last (they refer to messages). */
function walk(ns, out, services) {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) emitMessage(nested, out);
    else if (nested instanceof protobuf.Enum) emitEnum(nested, out);
    else if (nested instanceof protobuf.Service) services.push(nested);
    if (nested.nestedArray) walk(nested, out, services);
  }
}

export function generate() {
  const root = new protobuf.Root();
  root.loadSync(
    protoFiles.map((f) => join(protocolDir, f)),
    { keepCase: true, alternateCommentMode: true },
  );
  root.resolveAll();
  const out = [
    `// Code generated by scripts/generate-provider-proto.mjs from ${protoFiles.join(', ')}. DO NOT EDIT.\n`,
    `import { message, type MessageType } from '../proto-wire.js';\n\n`,
  ];
  const services = [];
  walk(root, out, services);
  for (const svc of services) emitService(svc, out);
  return out.join('').replace(/\n+$/, '\n');
}

const check = process.argv.includes('--check');
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = generate();
  let current = '';
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {
    // missing: stale
  }
  if (check) {
    if (current !== text) {
      console.error(`${outFile} is stale: run node scripts/generate-provider-proto.mjs`);
      process.exit(1);
    }
  } else if (current !== text) {
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, text);
    console.log(`wrote ${outFile}`);
  }
}
