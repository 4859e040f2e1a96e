/**
 * go-plugin's handshake: what Terraform puts in the environment of a plugin process, and the one
 * line the process answers with on stdout.
 */

/** go-plugin's magic cookie for Terraform providers: proves Terraform started us. */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** The plugin protocol major version this code speaks. */
export const PROTOCOL_VERSION = 6;
/** go-plugin's own (core) protocol version, the first field of the handshake line. */
export const CORE_PROTOCOL_VERSION = 1;

/** What the environment tells a plugin process, once checked. */
export interface HandshakeEnv {
  /** Terraform's client certificate (PEM): the only CA our TLS server trusts. */
  clientCertPem: string;
  /** Where to create the unix socket (go-plugin's PLUGIN_UNIX_SOCKET_DIR), if set. */
  socketDir: string | undefined;
}

/** A failed check, with a message for a human who ran the executable by hand. */
export interface HandshakeError {
  error: string;
}

const NOT_BY_HAND =
  'This executable is a Terraform provider plugin. It is started by Terraform, not run directly.\n' +
  'Install it where Terraform finds providers (a filesystem mirror or dev_overrides) and run terraform.';

/** Checks the environment go-plugin sets for a plugin process. */
export function readHandshakeEnv(env: NodeJS.ProcessEnv): HandshakeEnv | HandshakeError {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) return { error: NOT_BY_HAND };

  // PLUGIN_PROTOCOL_VERSIONS lists the versions the client speaks ("5,6"); absent means the
  // client takes whatever the plugin offers.
  const offered = env.PLUGIN_PROTOCOL_VERSIONS;
  if (offered) {
    const versions = offered.split(',').map((v) => Number(v.trim()));
    if (!versions.includes(PROTOCOL_VERSION)) {
      return {
        error:
          `This provider speaks plugin protocol ${PROTOCOL_VERSION}, but the client offers ${offered}. ` +
          'Terraform 1.0 or later is required.',
      };
    }
  }

  const clientCertPem = env.PLUGIN_CLIENT_CERT;
  if (!clientCertPem || !clientCertPem.includes('BEGIN CERTIFICATE')) {
    return { error: 'PLUGIN_CLIENT_CERT is not set: this provider only serves over mutual TLS (go-plugin AutoMTLS).' };
  }
  return { clientCertPem, socketDir: env.PLUGIN_UNIX_SOCKET_DIR || undefined };
}

/** Whether a handshake check failed. */
export function isHandshakeError(v: HandshakeEnv | HandshakeError): v is HandshakeError {
  return 'error' in v;
}

/**
 * The handshake line: `1|6|unix|/path/to.sock|grpc|<cert>` where cert is the server
 * certificate's DER in standard base64 without `=` padding (go-plugin decodes it with
 * RawStdEncoding). Followed by a newline; nothing else may precede it on stdout.
 */
export function formatHandshakeLine(options: { network: 'unix' | 'tcp'; address: string; certDer: Uint8Array }): string {
  const cert = Buffer.from(options.certDer).toString('base64').replace(/=+$/, '');
  return `${CORE_PROTOCOL_VERSION}|${PROTOCOL_VERSION}|${options.network}|${options.address}|grpc|${cert}\n`;
}
