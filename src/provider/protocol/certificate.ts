/**
 * The self-signed TLS server certificate a plugin process presents to Terraform (go-plugin
 * AutoMTLS). Terraform learns it from the handshake line and trusts exactly this certificate,
 * with server name `localhost`.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  booleanTrue,
  explicit,
  integer,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  tlv,
  utf8String,
} from './der.js';

/** A freshly generated certificate and its private key. */
export interface SelfSignedCertificate {
  /** The X.509 certificate, DER. */
  der: Uint8Array;
  /** The certificate as PEM, for the TLS stack. */
  certPem: string;
  /** The ECDSA P-256 private key as PKCS#8 PEM. */
  keyPem: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** Which side of TLS the certificate is for; the provider only needs `server`. */
export type CertificatePurpose = 'server' | 'client';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Name ::= SEQUENCE OF SET OF AttributeTypeAndValue; ours is O=Keyplane, CN=localhost. */
function name(): Uint8Array {
  const rdn = (type: string, value: string) => set(sequence(oid(type), utf8String(value)));
  return sequence(rdn(OID.organization, 'Keyplane Terraform provider'), rdn(OID.commonName, 'localhost'));
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? sequence(oid(id), booleanTrue(), octetString(value)) : sequence(oid(id), octetString(value));
}

function extensions(purpose: CertificatePurpose): Uint8Array {
  return explicit(
    3,
    sequence(
      // keyUsage: digitalSignature only (bit 0 → 0x80); the key signs the TLS handshake.
      extension(OID.keyUsage, true, tlv(0x03, Uint8Array.of(0x07, 0x80))),
      // basicConstraints: an empty SEQUENCE means cA = FALSE: an end-entity certificate.
      extension(OID.basicConstraints, true, sequence()),
      // extKeyUsage: serverAuth; Terraform's Go TLS client rejects certificates without it
      // when the extension is present. (clientAuth: for tests that play Terraform's part.)
      extension(OID.extKeyUsage, false, sequence(oid(purpose === 'server' ? OID.serverAuth : OID.clientAuth))),
      // subjectAltName: dNSName [2] IMPLICIT IA5String "localhost": go-plugin dials with
      // ServerName "localhost" and Go ignores the CN.
      extension(OID.subjectAltName, false, sequence(tlv(0x82, new TextEncoder().encode('localhost')))),
    ),
  );
}

/**
 * Creates an ECDSA P-256 key and a self-signed X.509 v3 certificate for it (CN and SAN
 * `localhost`), valid from one minute before `now` (clock skew) to one day after, using only
 * node:crypto (~5 ms).
 */
export function createSelfSignedCertificate(
  options: { now?: Date; purpose?: CertificatePurpose } = {},
): SelfSignedCertificate {
  const now = options.now ?? new Date();
  const purpose = options.purpose ?? 'server';
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const der = selfSign(privateKey, publicKey, now, purpose);
  const base64 = Buffer.from(der).toString('base64');
  const certPem = `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  return { der, certPem, keyPem };
}

function selfSign(privateKey: KeyObject, publicKey: KeyObject, now: Date, purpose: CertificatePurpose): Uint8Array {
  const signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256)); // parameters absent for ECDSA
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f; // positive; RFC 5280 allows up to 20 bytes
  const tbsCertificate = sequence(
    explicit(0, smallInteger(2)), // version: v3
    integer(serial),
    signatureAlgorithm,
    name(), // issuer = subject: self-signed
    sequence(time(new Date(now.getTime() - MINUTE)), time(new Date(now.getTime() + DAY))),
    name(),
    publicKey.export({ type: 'spki', format: 'der' }), // SubjectPublicKeyInfo, ready-made
    extensions(purpose),
  );
  // ECDSA signatures from node:crypto are DER Ecdsa-Sig-Value by default, as X.509 wants.
  const signature = sign('sha256', tbsCertificate, privateKey);
  return sequence(tbsCertificate, signatureAlgorithm, bitString(signature));
}
