/**
 * A small table-driven protobuf (proto3) codec for the messages in generated/messages.ts.
 *
 * Why not protobufjs at run time: Terraform starts 3-5 provider processes per command, and
 * parsing .proto files or building reflection objects at start-up costs tens of milliseconds
 * each time. The generator turns the .proto files into plain field tables at build time; this
 * file interprets them. It supports exactly what the generator emits: scalars (string, bytes,
 * bool, int32, int64, enum), embedded messages, repeated messages, map<string, scalar|message>
 * and presence-tracked fields (proto3 `optional` and oneof members). Unknown fields are
 * skipped, so newer Terraform versions may send fields we do not declare.
 */

/** Scalar and message kinds a field may have. */
export type ScalarKind = 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'enum';

/** How one field of a message is laid out on the wire and named in JavaScript. */
export type FieldSpec =
  | { no: number; name: string; kind: ScalarKind; repeated?: false; presence?: boolean }
  | { no: number; name: string; kind: 'message'; type: () => AnyMessageType; repeated?: boolean; presence?: boolean }
  | {
      no: number;
      name: string;
      kind: 'map';
      value: { kind: ScalarKind } | { kind: 'message'; type: () => AnyMessageType };
    };

/** What an encoder accepts: every field may be left out (proto3 default / absent). */
export type Init<T> = T extends Uint8Array | string | number | boolean
  ? T
  : T extends readonly (infer U)[]
    ? Init<U>[]
    : T extends object
      ? { [K in keyof T]?: Init<T[K]> }
      : T;

/** A message type: its full protobuf name, field table, and codec. */
export interface MessageType<T> {
  readonly typeName: string;
  readonly fields: readonly FieldSpec[];
  encode(value: Init<T>): Uint8Array;
  decode(bytes: Uint8Array): T;
}

type AnyMessageType = MessageType<any>;

/** Raised for malformed protobuf input. */
export class ProtoDecodeError extends Error {
  override name = 'ProtoDecodeError';
}

/** Defines a message type from a lazily built field table (lazy: messages refer to each other). */
export function message<T>(typeName: string, fields: () => readonly FieldSpec[]): MessageType<T> {
  let table: readonly FieldSpec[] | undefined;
  const get = (): readonly FieldSpec[] => (table ??= fields());
  return {
    typeName,
    get fields() {
      return get();
    },
    encode(value) {
      const w = new Writer();
      writeMessage(w, get(), value as Record<string, unknown>);
      return w.finish();
    },
    decode(bytes) {
      return readMessage(new Reader(bytes), get(), bytes.length) as T;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Encoding

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

class Writer {
  private buf = new Uint8Array(256);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  varint(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n <= 0x7fffffff) {
      this.ensure(5);
      while (n > 0x7f) {
        this.buf[this.pos++] = (n & 0x7f) | 0x80;
        n >>>= 7;
      }
      this.buf[this.pos++] = n;
      return;
    }
    if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer that protobuf can carry: ${n}`);
    // Negative numbers are sign-extended to 64 bits (10 bytes), as proto3 requires.
    let big = BigInt.asUintN(64, BigInt(n));
    while (big > 0x7fn) {
      this.byte(Number(big & 0x7fn) | 0x80);
      big >>= 7n;
    }
    this.byte(Number(big));
  }

  tag(no: number, wire: number): void {
    this.varint(no * 8 + wire);
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

function isDefault(kind: ScalarKind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return v === '';
    case 'bytes':
      return (v as Uint8Array).length === 0;
    case 'bool':
      return v === false;
    default:
      return v === 0;
  }
}

function writeScalar(w: Writer, no: number, kind: ScalarKind, v: unknown): void {
  switch (kind) {
    case 'string':
      w.tag(no, WIRE_LEN);
      w.bytes(utf8.encode(v as string));
      return;
    case 'bytes':
      w.tag(no, WIRE_LEN);
      w.bytes(v as Uint8Array);
      return;
    case 'bool':
      w.tag(no, WIRE_VARINT);
      w.byte(v ? 1 : 0);
      return;
    default:
      w.tag(no, WIRE_VARINT);
      w.varint(v as number);
  }
}

function writeEmbedded(w: Writer, no: number, type: AnyMessageType, v: unknown): void {
  const inner = new Writer();
  writeMessage(inner, type.fields, v as Record<string, unknown>);
  w.tag(no, WIRE_LEN);
  w.bytes(inner.finish());
}

function writeMessage(w: Writer, fields: readonly FieldSpec[], value: Record<string, unknown>): void {
  for (const f of fields) {
    const v = value[f.name];
    if (v === undefined || v === null) continue;
    if (f.kind === 'map') {
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
        if (item === undefined) continue;
        const entry = new Writer();
        writeScalar(entry, 1, 'string', key);
        if (f.value.kind === 'message') writeEmbedded(entry, 2, f.value.type(), item);
        else writeScalar(entry, 2, f.value.kind, item);
        w.tag(f.no, WIRE_LEN);
        w.bytes(entry.finish());
      }
    } else if (f.kind === 'message') {
      const type = f.type();
      if (f.repeated) for (const item of v as unknown[]) writeEmbedded(w, f.no, type, item);
      else writeEmbedded(w, f.no, type, v);
    } else if (f.presence || !isDefault(f.kind, v)) {
      writeScalar(w, f.no, f.kind, v);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  varintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new ProtoDecodeError('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
    throw new ProtoDecodeError('varint longer than 10 bytes');
  }

  /** A varint as an unsigned number; fast for small values (tags, lengths, enums). */
  varint(): number {
    const start = this.pos;
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (this.pos >= this.buf.length) throw new ProtoDecodeError('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) return result;
    }
    this.pos = start;
    return Number(this.varintBig());
  }

  int(kind: 'int32' | 'int64' | 'enum'): number {
    const start = this.pos;
    const small = this.varint();
    if (this.pos - start < 5) return small;
    this.pos = start;
    const big = this.varintBig();
    return Number(kind === 'int64' ? BigInt.asIntN(64, big) : BigInt.asIntN(32, big));
  }

  lengthDelimited(): Uint8Array {
    const len = this.varint();
    const end = this.pos + len;
    if (end > this.buf.length) throw new ProtoDecodeError('length-delimited field runs past the end');
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varintBig();
        return;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_LEN:
        this.lengthDelimited();
        return;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      default:
        throw new ProtoDecodeError(`unsupported wire type ${wire}`);
    }
    if (this.pos > this.buf.length) throw new ProtoDecodeError('fixed-size field runs past the end');
  }
}

function defaultScalar(kind: ScalarKind): unknown {
  switch (kind) {
    case 'string':
      return '';
    case 'bytes':
      return new Uint8Array(0);
    case 'bool':
      return false;
    default:
      return 0;
  }
}

function expectWire(actual: number, expected: number, f: FieldSpec): void {
  if (actual !== expected) {
    throw new ProtoDecodeError(`field ${f.name} (${f.no}) has wire type ${actual}, expected ${expected}`);
  }
}

function readScalar(r: Reader, kind: ScalarKind, wire: number, f: FieldSpec): unknown {
  switch (kind) {
    case 'string':
      expectWire(wire, WIRE_LEN, f);
      return utf8Decoder.decode(r.lengthDelimited());
    case 'bytes':
      expectWire(wire, WIRE_LEN, f);
      // Copy: the input buffer belongs to the transport and may be reused.
      return r.lengthDelimited().slice();
    case 'bool':
      expectWire(wire, WIRE_VARINT, f);
      return r.varintBig() !== 0n;
    default:
      expectWire(wire, WIRE_VARINT, f);
      return r.int(kind);
  }
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  // Map keys come from the peer: never let `__proto__` reach the prototype setter.
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function readMapEntry(bytes: Uint8Array, f: Extract<FieldSpec, { kind: 'map' }>): [string, unknown] {
  const r = new Reader(bytes);
  let key = '';
  let value: unknown;
  while (r.pos < bytes.length) {
    const tag = r.varint();
    const no = tag >>> 3;
    const wire = tag & 7;
    if (no === 1) key = readScalar(r, 'string', wire, f) as string;
    else if (no === 2 && f.value.kind === 'message') {
      expectWire(wire, WIRE_LEN, f);
      const type = f.value.type();
      const inner = r.lengthDelimited();
      value = readMessage(new Reader(inner), type.fields, inner.length);
    } else if (no === 2 && f.value.kind !== 'message') value = readScalar(r, f.value.kind, wire, f);
    else r.skip(wire);
  }
  if (value === undefined) {
    value = f.value.kind === 'message' ? readMessage(new Reader(new Uint8Array(0)), f.value.type().fields, 0) : defaultScalar(f.value.kind);
  }
  return [key, value];
}

const byNumberCache = new WeakMap<readonly FieldSpec[], Map<number, FieldSpec>>();

function fieldsByNumber(fields: readonly FieldSpec[]): Map<number, FieldSpec> {
  let m = byNumberCache.get(fields);
  if (!m) {
    m = new Map(fields.map((f) => [f.no, f]));
    byNumberCache.set(fields, m);
  }
  return m;
}

function readMessage(r: Reader, fields: readonly FieldSpec[], end: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.kind === 'map') out[f.name] = {};
    else if (f.kind === 'message') {
      if (f.repeated) out[f.name] = [];
    } else if (!f.presence) out[f.name] = defaultScalar(f.kind);
  }
  const byNo = fieldsByNumber(fields);
  while (r.pos < end) {
    const tag = r.varint();
    const no = tag >>> 3;
    const wire = tag & 7;
    const f = byNo.get(no);
    if (!f) {
      r.skip(wire);
      continue;
    }
    if (f.kind === 'map') {
      expectWire(wire, WIRE_LEN, f);
      const [k, v] = readMapEntry(r.lengthDelimited(), f);
      setOwn(out[f.name] as Record<string, unknown>, k, v);
    } else if (f.kind === 'message') {
      expectWire(wire, WIRE_LEN, f);
      const inner = r.lengthDelimited();
      const value = readMessage(new Reader(inner), f.type().fields, inner.length);
      if (f.repeated) (out[f.name] as unknown[]).push(value);
      else out[f.name] = value;
    } else {
      out[f.name] = readScalar(r, f.kind, wire, f);
    }
  }
  return out;
}
