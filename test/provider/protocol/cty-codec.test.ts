import { describe, expect, it } from 'vitest';
import {
  CtyCodecError,
  TypedValue,
  Unknown,
  decodeDynamicValue,
  decodeJson,
  decodeMsgpack,
  encodeDynamicValue,
  encodeMsgpack,
  isUnknown,
  type CtyValue,
} from '../../../src/provider/protocol/cty-codec.js';
import type { CtyType } from '../../../src/provider/protocol/cty-type.js';

const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The smoke provider's resource type, as in the e2e test. */
const echoType: CtyType = ['object', { id: 'string', input: 'string', output: 'string', tags: ['map', 'string'] }];

describe('msgpack round trips', () => {
  const cases: [string, CtyType, CtyValue][] = [
    ['string', 'string', 'héllo'],
    ['empty string', 'string', ''],
    ['integer', 'number', 42],
    ['negative integer', 'number', -7],
    ['float', 'number', 1.5],
    ['large safe integer', 'number', 2 ** 52 + 1],
    ['integer beyond 2^53 as bigint', 'number', 2n ** 60n + 1n],
    ['bool', 'bool', true],
    ['list', ['list', 'string'], ['a', 'b']],
    ['empty list', ['list', 'number'], []],
    ['set of objects', ['set', ['object', { cidr: 'string', note: 'string' }]], [{ cidr: '10.0.0.0/8', note: null }]],
    ['map', ['map', 'number'], { a: 1, b: 2 }],
    ['tuple', ['tuple', ['string', 'number', 'bool']], ['x', 1, false]],
    ['nested object', ['object', { a: ['object', { b: ['list', ['map', 'bool']] }] }], { a: { b: [{ x: true }, {}] } }],
    ['null', ['list', 'string'], null],
    ['unknown', 'string', Unknown],
    ['unknown inside a list', ['list', 'string'], ['a', Unknown]],
    ['unknown attribute', echoType, { id: Unknown, input: 'x', output: Unknown, tags: null }],
    ['dynamic string', 'dynamic', new TypedValue('string', 'hi')],
    ['dynamic object', 'dynamic', new TypedValue(['object', { n: 'number' }], { n: 3 })],
    ['dynamic null', 'dynamic', null],
    ['dynamic unknown', 'dynamic', Unknown],
  ];
  it.each(cases)('%s', (_name, type, value) => {
    expect(decodeMsgpack(type, encodeMsgpack(type, value))).toEqual(value);
  });
});

describe('msgpack from Terraform', () => {
  it('decodes a create config with nulls (bytes captured from Terraform 1.11)', () => {
    const bytes = hex('84a26964c0a5696e707574a568656c6c6fa66f7574707574c0a474616773c0');
    expect(decodeMsgpack(echoType, bytes)).toEqual({ id: null, input: 'hello', output: null, tags: null });
  });

  it('decodes a refined unknown (ext 12: not null, prefix "pre-") and a plain unknown (d4 00 00)', () => {
    // input = "pre-${smoke_echo.a.output}", tags = { x = smoke_echo.a.id } during a plan
    const bytes = hex('84a26964c0a5696e707574c7090c8201c202a47072652da66f7574707574c0a47461677381a178d40000');
    const value = decodeMsgpack(echoType, bytes) as Record<string, CtyValue>;
    expect(isUnknown(value.input)).toBe(true);
    expect(value.tags).toEqual({ x: Unknown });
  });

  it('treats every extension type as unknown, including -1 (not a timestamp)', () => {
    for (const bytes of ['d40000', 'd40c00', 'c7030c8101c2', 'd4ff00', 'd6ff00000000', 'd47f00']) {
      expect(decodeMsgpack('string', hex(bytes))).toBe(Unknown);
    }
  });

  it('decodes numbers Terraform sends as strings and 64-bit integers', () => {
    expect(decodeMsgpack('number', hex('a3313233'))).toBe(123); // "123"
    expect(decodeMsgpack('number', hex('a3302e35'))).toBe(0.5); // "0.5"
    const precise = '0.1000000000000000000000001';
    expect(decodeMsgpack('number', encodeMsgpack('string', precise))).toBe(precise);
    expect(decodeMsgpack('number', hex('cf0000000000000007'))).toBe(7); // uint64 7
    expect(decodeMsgpack('number', hex('d3ffffffffffffffff'))).toBe(-1); // int64 -1
    expect(decodeMsgpack('number', hex('cf8000000000000000'))).toBe(2n ** 63n);
  });

  it('encodes unknown as d4 00 00, null as c0, whole numbers as ints and others as float64', () => {
    expect(toHex(encodeMsgpack('string', Unknown))).toBe('d40000');
    expect(toHex(encodeMsgpack('string', null))).toBe('c0');
    expect(toHex(encodeMsgpack('number', 5))).toBe('05');
    expect(toHex(encodeMsgpack('number', 1.5))).toBe('cb3ff8000000000000');
    expect(toHex(encodeMsgpack('number', '123456789012345678901234567890'))).toBe(
      toHex(encodeMsgpack('string', '123456789012345678901234567890')),
    );
  });

  it('encodes dynamic values as [type JSON bytes, value]', () => {
    // 92 = array(2), c4 08 = bin(8) '"string"', a2 'hi'
    expect(toHex(encodeMsgpack('dynamic', new TypedValue('string', 'hi')))).toBe(
      `92c408${Buffer.from('"string"').toString('hex')}a26869`,
    );
    // a plain JS value under dynamic gets its inferred type
    expect(decodeMsgpack('dynamic', encodeMsgpack('dynamic', { a: [1, 'x'] }))).toEqual(
      new TypedValue(['object', { a: ['tuple', ['number', 'string']] }], { a: [1, 'x'] }),
    );
  });
});

describe('object shape', () => {
  it('encodes every attribute of the type, missing ones as nil', () => {
    const decoded = decodeMsgpack(echoType, encodeMsgpack(echoType, { input: 'x' }));
    expect(decoded).toEqual({ id: null, input: 'x', output: null, tags: null });
  });

  it('refuses to encode an attribute the type does not have', () => {
    expect(() => encodeMsgpack(echoType, { input: 'x', colour: 'red' })).toThrow(/unexpected: colour/);
  });

  it('reports a missing attribute with the count Terraform would give', () => {
    const partial = encodeMsgpack(['map', 'string'], { id: 'a', input: 'b', output: 'c' });
    const error = catchError(() => decodeMsgpack(echoType, partial));
    expect(error).toBeInstanceOf(CtyCodecError);
    expect(error.message).toBe('an object with 4 attributes is required (3 given); missing: tags');
  });

  it('reports a wrong type with the path of the value', () => {
    const type: CtyType = ['object', { rule: ['list', ['object', { cidr: 'string' }]] }];
    const bytes = encodeMsgpack(['object', { rule: ['list', ['object', { cidr: 'number' }]] }], {
      rule: [{ cidr: 1 }, { cidr: 2 }],
    });
    const error = catchError(() => decodeMsgpack(type, bytes));
    expect(error.message).toBe('rule[0].cidr: string required, got number');
    expect((error as CtyCodecError).path).toEqual([{ attribute: 'rule' }, { index: 0 }, { attribute: 'cidr' }]);
  });

  it('reports the path of a later element and attribute (the walk keeps one path)', () => {
    const type: CtyType = ['object', { a: 'string', rule: ['list', ['object', { cidr: 'string', note: 'string' }]], z: 'string' }];
    const wrong: CtyType = ['object', { a: 'string', rule: ['list', ['object', { cidr: 'string', note: 'number' }]], z: 'string' }];
    const bytes = encodeMsgpack(wrong, { a: 'x', rule: [{ cidr: '10.0.0.0/8', note: 1 }, { cidr: '10.0.0.0/8', note: 2 }], z: 'y' });
    const error = catchError(() => decodeMsgpack(type, bytes));
    expect(error.message).toBe('rule[0].note: string required, got number');
    const late = encodeMsgpack(['object', { a: 'string', rule: ['list', ['object', { cidr: 'string', note: 'string' }]], z: 'number' }], {
      a: 'x',
      rule: [{ cidr: 'a', note: 'b' }, { cidr: 'c', note: 'd' }],
      z: 1,
    });
    expect(catchError(() => decodeMsgpack(type, late)).message).toBe('z: string required, got number');
    const encodeError = catchError(() => encodeMsgpack(type, { a: 'x', rule: [{ cidr: 'a', note: 'b' }, { cidr: 'c', note: 3 }], z: 'y' } as never));
    expect((encodeError as CtyCodecError).path).toEqual([{ attribute: 'rule' }, { index: 1 }, { attribute: 'note' }]);
    const jsonError = catchError(() => decodeJson(type, '{"a":"x","rule":[{"cidr":"a","note":"b"},{"cidr":"c","note":{}}],"z":"y"}'));
    expect((jsonError as CtyCodecError).path).toEqual([{ attribute: 'rule' }, { index: 1 }, { attribute: 'note' }]);
  });

  it('uses map keys in paths', () => {
    const error = catchError(() => encodeMsgpack(['map', 'string'], { env: 3 } as never));
    expect(error.message).toBe('["env"]: string required, got number');
  });

  it('rejects malformed msgpack with a clear error', () => {
    expect(() => decodeMsgpack('string', hex('a5 68'))).toThrow(CtyCodecError);
  });

  it('does not let a "__proto__" key reach the prototype', () => {
    const bytes = hex(`81 a9 ${Buffer.from('__proto__').toString('hex')} a1 78`);
    let decoded: CtyValue;
    try {
      decoded = decodeMsgpack(['map', 'string'], bytes);
    } catch {
      return; // the msgpack library refuses such keys: fine too
    }
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded as object)).toEqual(['__proto__']);
  });
});

describe('JSON (stored state)', () => {
  it('decodes stored state, missing attributes as null', () => {
    expect(decodeJson(echoType, '{"id":"e1","input":"hi","output":"echo: hi"}')).toEqual({
      id: 'e1',
      input: 'hi',
      output: 'echo: hi',
      tags: null,
    });
  });

  it('drops attributes of an older schema only when asked', () => {
    const json = '{"id":"e1","input":"hi","output":"o","tags":null,"removed":1}';
    expect(() => decodeJson(echoType, json)).toThrow(/unexpected: removed/);
    expect(decodeJson(echoType, json, { ignoreUndefinedAttributes: true })).toEqual({
      id: 'e1',
      input: 'hi',
      output: 'o',
      tags: null,
    });
  });

  it('converts primitives as cty does and decodes dynamic values', () => {
    expect(decodeJson('string', '12')).toBe('12');
    expect(decodeJson('number', '"1.25"')).toBe(1.25);
    expect(decodeJson('bool', '"true"')).toBe(true);
    expect(decodeJson('dynamic', '{"value":["a"],"type":["list","string"]}')).toEqual(new TypedValue(['list', 'string'], ['a']));
  });

  it('reads DynamicValue JSON when msgpack is absent, and nothing as null', () => {
    expect(decodeDynamicValue('string', { json: new TextEncoder().encode('"x"') })).toBe('x');
    expect(decodeDynamicValue('string', undefined)).toBe(null);
    expect(decodeDynamicValue('string', encodeDynamicValue('string', 'y'))).toBe('y');
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
