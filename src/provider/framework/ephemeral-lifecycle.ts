/**
 * Open, Renew and CloseEphemeralResource around an ephemeral resource's `open`, `renew` and
 * `close` (like terraform-plugin-framework's fwserver/server_openephemeralresource.go and its
 * siblings). Terraform keeps the private data `open` returns and hands it to renew and close;
 * the framework carries it as JSON, so a resource deals in plain values. Renew and close are
 * optional: without them there is nothing to do.
 */
import type { CtyValue } from '../protocol/index.js';
import type { SchemaCodec } from './codec.js';
import type { Diagnostic } from './diagnostics-collector.js';
import type { EphemeralResource } from './ephemeral-resource.js';
import type { RequestContext, WithDiagnostics } from './resource.js';
import type { Schema } from './schema.js';

type Obj = Record<string, CtyValue>;
type AnyEphemeral = EphemeralResource<any, unknown>;

const utf8 = new TextEncoder();

/** Private data as Terraform stores it: JSON, or nothing. */
function encodePrivate(value: unknown): Uint8Array | undefined {
  return value === undefined ? undefined : utf8.encode(JSON.stringify(value));
}

function decodePrivate(bytes: Uint8Array | undefined): unknown {
  return bytes && bytes.length > 0 ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
}

/** What an open or a renew hands back to Terraform. */
export interface EphemeralRenewal {
  /** Handed to the next renew and to close. */
  private?: Uint8Array;
  /** When Terraform should call renew if the value is still in use. */
  renewAt?: Date;
  diagnostics?: Diagnostic[];
}

/** The opened value (undefined when the open failed) and what comes with it. */
export interface EphemeralOpening extends EphemeralRenewal {
  result: Obj | undefined;
}

/** Opens `ephemeral` with `config` (null: every attribute null). */
export async function openEphemeralResource(
  ephemeral: AnyEphemeral,
  codec: SchemaCodec<Schema>,
  config: Obj | null,
  context: RequestContext<unknown>,
): Promise<EphemeralOpening> {
  const result = await ephemeral.open({ config: (config ?? codec.empty()) as never, context });
  return {
    result: result.result === undefined ? undefined : (result.result as Obj),
    private: encodePrivate(result.private),
    renewAt: result.renewAt,
    diagnostics: result.diagnostics ?? [],
  };
}

/** Renews what an open (or the last renew) returned as `privateData`. */
export async function renewEphemeralResource(ephemeral: AnyEphemeral, privateData: Uint8Array | undefined, context: RequestContext<unknown>): Promise<EphemeralRenewal> {
  if (!ephemeral.renew) return {};
  const result = await ephemeral.renew({ private: decodePrivate(privateData), context });
  return { private: encodePrivate(result.private), renewAt: result.renewAt, diagnostics: result.diagnostics ?? [] };
}

/** Closes what an open (or the last renew) returned as `privateData`. */
export async function closeEphemeralResource(ephemeral: AnyEphemeral, privateData: Uint8Array | undefined, context: RequestContext<unknown>): Promise<WithDiagnostics> {
  if (!ephemeral.close) return {};
  const result = await ephemeral.close({ private: decodePrivate(privateData), context });
  return { diagnostics: result.diagnostics ?? [] };
}
