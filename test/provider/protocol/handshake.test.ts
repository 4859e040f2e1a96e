import { describe, expect, it } from 'vitest';
import {
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  formatHandshakeLine,
  isHandshakeError,
  readHandshakeEnv,
} from '../../../src/provider/protocol/handshake.js';

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const good = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: pem };

describe('readHandshakeEnv', () => {
  it('accepts what Terraform sets', () => {
    expect(readHandshakeEnv(good)).toEqual({ clientCertPem: pem, socketDir: undefined });
    expect(readHandshakeEnv({ ...good, PLUGIN_UNIX_SOCKET_DIR: '/run/x' })).toMatchObject({ socketDir: '/run/x' });
    expect(isHandshakeError(readHandshakeEnv({ ...good, PLUGIN_PROTOCOL_VERSIONS: undefined }))).toBe(false);
  });

  it('tells a human who ran the executable by hand what it is', () => {
    const result = readHandshakeEnv({});
    expect(isHandshakeError(result) && result.error).toMatch(/started by Terraform/);
  });

  it('refuses a client without protocol 6', () => {
    const result = readHandshakeEnv({ ...good, PLUGIN_PROTOCOL_VERSIONS: '4,5' });
    expect(isHandshakeError(result) && result.error).toMatch(/protocol 6.*offers 4,5/);
  });

  it('refuses to serve without mutual TLS', () => {
    const result = readHandshakeEnv({ ...good, PLUGIN_CLIENT_CERT: undefined });
    expect(isHandshakeError(result) && result.error).toMatch(/PLUGIN_CLIENT_CERT/);
  });
});

describe('formatHandshakeLine', () => {
  it('prints core version, protocol 6, address, grpc and unpadded base64 DER', () => {
    const line = formatHandshakeLine({ network: 'unix', address: '/tmp/p/plugin.sock', certDer: Uint8Array.of(1, 2, 3, 4) });
    expect(line).toBe('1|6|unix|/tmp/p/plugin.sock|grpc|AQIDBA\n'); // "AQIDBA==" without padding
  });
});
