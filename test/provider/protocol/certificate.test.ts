import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../../src/provider/protocol/certificate.js';
import { integer, oid, time, tlv } from '../../../src/provider/protocol/der.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('DER encoders', () => {
  it('encodes lengths in short and long form', () => {
    expect(hex(tlv(0x04, new Uint8Array(3)))).toBe('0403000000');
    expect(hex(tlv(0x04, new Uint8Array(200))).slice(0, 6)).toBe('0481c8');
    expect(hex(tlv(0x04, new Uint8Array(300))).slice(0, 8)).toBe('0482012c');
  });

  it('encodes object identifiers with base-128 arcs', () => {
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(oid('2.5.29.17'))).toBe('0603551d11');
  });

  it('encodes integers in minimal, positive form', () => {
    expect(hex(integer(Uint8Array.of(0x00, 0x00, 0x05)))).toBe('020105');
    expect(hex(integer(Uint8Array.of(0x80)))).toBe('02020080');
  });

  it('uses UTCTime before 2050 and GeneralizedTime after', () => {
    expect(Buffer.from(time(new Date('2026-01-02T03:04:05Z')).subarray(2)).toString()).toBe('260102030405Z');
    expect(time(new Date('2026-01-02T03:04:05Z'))[0]).toBe(0x17);
    expect(Buffer.from(time(new Date('2051-01-02T03:04:05Z')).subarray(2)).toString()).toBe('20510102030405Z');
  });
});

describe('self-signed server certificate', () => {
  const now = new Date();
  const cert = createSelfSignedCertificate({ now });
  const x509 = new X509Certificate(Buffer.from(cert.der));

  it('parses as X.509 and matches its PEM', () => {
    expect(new X509Certificate(cert.certPem).raw.equals(x509.raw)).toBe(true);
  });

  it('names localhost in the SAN and is for TLS servers', () => {
    expect(x509.subjectAltName).toBe('DNS:localhost');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // node reports the EKU here: serverAuth
    expect(x509.ca).toBe(false);
  });

  it('holds an ECDSA P-256 key matching the private key', () => {
    expect(x509.publicKey.asymmetricKeyType).toBe('ec');
    expect(x509.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(x509.checkPrivateKey(createPrivateKey(cert.keyPem))).toBe(true);
  });

  it('is self-signed: issuer is subject and the signature verifies with its own key', () => {
    expect(x509.issuer).toBe(x509.subject);
    expect(x509.verify(x509.publicKey)).toBe(true);
  });

  it('is valid from a minute ago for a day', () => {
    const from = new Date(x509.validFrom).getTime();
    const to = new Date(x509.validTo).getTime();
    const t = Math.floor(now.getTime() / 1000) * 1000;
    expect(from).toBe(t - 60_000);
    expect(to).toBe(t + 24 * 3600_000);
  });

  it('can be made for the client side (tests playing Terraform)', () => {
    const client = new X509Certificate(createSelfSignedCertificate({ purpose: 'client' }).certPem);
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('is fresh every time (key and serial)', () => {
    const other = new X509Certificate(Buffer.from(createSelfSignedCertificate().der));
    expect(other.serialNumber).not.toBe(x509.serialNumber);
    expect(other.publicKey.export({ format: 'der', type: 'spki' })).not.toEqual(x509.publicKey.export({ format: 'der', type: 'spki' }));
  });
});
