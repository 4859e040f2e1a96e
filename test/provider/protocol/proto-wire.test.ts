import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as pb from '../../../src/provider/protocol/generated/messages.js';
import { message, ProtoDecodeError } from '../../../src/provider/protocol/proto-wire.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('generated messages', () => {
  it('are up to date with the .proto files', () => {
    // Exits non-zero (and the test fails) when generated/messages.ts is stale.
    execFileSync(process.execPath, ['scripts/generate-provider-proto.mjs', '--check'], { cwd: repoRoot, stdio: 'pipe' });
  });

  it('match the field numbers of tfplugin6 on the wire', () => {
    // Diagnostic{severity=ERROR(1), summary="s"(2), attribute(4){steps(1){attribute_name(1)="a"}}}
    const bytes = pb.Diagnostic.encode({ severity: 1, summary: 's', attribute: { steps: [{ attributeName: 'a' }] } });
    expect(hex(bytes)).toBe('0801' + '120173' + '2205' + '0a03' + '0a0161');
  });
});

describe('proto3 codec', () => {
  it('round-trips nested messages, maps, repeated fields and bytes', () => {
    const response = {
      provider: { version: 0, block: { version: 0, attributes: [], blockTypes: [], description: '', descriptionKind: 0, deprecated: false } },
      resourceSchemas: {
        a_b: {
          version: 2,
          block: {
            version: 2,
            attributes: [{ name: 'x', type: new TextEncoder().encode('"string"'), required: true }],
            blockTypes: [],
          },
        },
      },
      serverCapabilities: { planDestroy: true, getProviderSchemaOptional: true },
    };
    const decoded = pb.GetProviderSchema_Response.decode(pb.GetProviderSchema_Response.encode(response));
    expect(decoded.resourceSchemas.a_b?.version).toBe(2);
    expect(decoded.resourceSchemas.a_b?.block?.attributes[0]).toMatchObject({ name: 'x', required: true, optional: false });
    expect(new TextDecoder().decode(decoded.resourceSchemas.a_b?.block?.attributes[0]?.type)).toBe('"string"');
    expect(decoded.serverCapabilities).toEqual({ planDestroy: true, getProviderSchemaOptional: true, moveResourceState: false });
    expect(decoded.diagnostics).toEqual([]);
    expect(decoded.providerMeta).toBeUndefined();
  });

  it('leaves proto3 defaults off the wire but writes presence fields', () => {
    expect(pb.StopProvider_Response.encode({ error: '' }).length).toBe(0);
    expect(hex(pb.AttributePath_Step.encode({ elementKeyInt: 0 }))).toBe('1800');
    expect(pb.AttributePath_Step.decode(fromHex('1800'))).toEqual({ elementKeyInt: 0 });
    expect(pb.CloseEphemeralResource_Request.decode(fromHex('0a0178'))).toEqual({ typeName: 'x' });
  });

  it('encodes negative int64 in ten bytes and reads it back', () => {
    const bytes = pb.AttributePath_Step.encode({ elementKeyInt: -1 });
    expect(hex(bytes)).toBe('18ffffffffffffffffff01');
    expect(pb.AttributePath_Step.decode(bytes).elementKeyInt).toBe(-1);
    const big = pb.AttributePath_Step.encode({ elementKeyInt: 2 ** 40 });
    expect(pb.AttributePath_Step.decode(big).elementKeyInt).toBe(2 ** 40);
  });

  it('skips fields it does not know (newer Terraform versions)', () => {
    // ReadResource.Request with type_name "t" and an unknown field 6 (current_identity) plus
    // unknown varint (99), fixed64 (100) and fixed32 (101) fields.
    const bytes = fromHex('0a0174 3203 0a0100 989806 01 a10601020304050607 08 ad0601020304');
    const decoded = pb.ReadResource_Request.decode(bytes);
    expect(decoded.typeName).toBe('t');
    expect(decoded.private).toEqual(new Uint8Array(0));
  });

  it('rejects truncated input', () => {
    expect(() => pb.Diagnostic.decode(fromHex('1205 7878'))).toThrow(ProtoDecodeError);
    expect(() => pb.Diagnostic.decode(fromHex('08ff'))).toThrow(ProtoDecodeError);
  });

  it('rejects a field sent with the wrong wire type', () => {
    // field 1 (severity, an enum: varint) arriving length-delimited
    expect(() => pb.Diagnostic.decode(fromHex('0a0178'))).toThrow(/severity \(1\) has wire type 2/);
  });

  it('supports map<string, string> (legacy flatmap state)', () => {
    const bytes = pb.RawState.encode({ flatmap: { 'tags.%': '1', ['__proto__']: 'x' } });
    const decoded = pb.RawState.decode(bytes);
    expect(decoded.flatmap['tags.%']).toBe('1');
    // a hostile key stays a key and never becomes the prototype
    expect(Object.keys(decoded.flatmap)).toEqual(['tags.%', '__proto__']);
    expect(Object.getPrototypeOf(decoded.flatmap)).toBe(Object.prototype);
  });

  it('encodes and decodes a message defined ad hoc', () => {
    interface Point {
      x: number;
      label: string;
    }
    const Point = message<Point>('test.Point', () => [
      { no: 1, name: 'x', kind: 'int32' },
      { no: 2, name: 'label', kind: 'string' },
    ]);
    expect(Point.decode(Point.encode({ x: -5, label: 'p' }))).toEqual({ x: -5, label: 'p' });
  });
});
