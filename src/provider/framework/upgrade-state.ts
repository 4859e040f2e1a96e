/**
 * UpgradeResourceState: Terraform hands the provider each stored state as JSON before every
 * refresh, with the schema version that wrote it (like terraform-plugin-framework's
 * fwserver/server_upgraderesourcestate.go). State of the current version is decoded as it is
 * (attributes an older build of the same version had are ignored); older state goes to the
 * resource's `upgradeState`; newer state, state of an older version without `upgradeState`,
 * and the legacy flatmap format are refused with what to do instead.
 */
import type { CtyValue } from '../protocol/index.js';
import type { SchemaCodec } from './codec.js';
import { errorDiagnostic, type Diagnostic } from './diagnostics-collector.js';
import type { Resource } from './resource.js';
import type { Schema } from './schema.js';

type Obj = Record<string, CtyValue>;

/** The stored state as UpgradeResourceState receives it. */
export interface StoredState {
  /** The schema version that wrote it. */
  version: number;
  /** The state as JSON; undefined when Terraform sent the legacy flatmap format instead. */
  json: Uint8Array | undefined;
}

/** The state in the current schema (null = none), or undefined when it could not be upgraded. */
export interface UpgradeOutput {
  state?: Obj | null;
  diagnostics: Diagnostic[];
}

/** The stored state of a `resource`, in the shape of its current schema. */
export function upgradeResourceState(resource: Resource<any, unknown>, codec: SchemaCodec<Schema>, stored: StoredState): UpgradeOutput {
  const { typeName } = resource;
  const version = codec.schema.version ?? 0;
  if (!stored.json) {
    return { diagnostics: [errorDiagnostic('Unsupported state format', `The state of this ${typeName} is in the legacy flatmap format; it cannot be read.`)] };
  }
  if (stored.version === version) return { state: codec.decodeJsonState(stored.json), diagnostics: [] };
  if (stored.version > version || !resource.upgradeState) {
    return {
      diagnostics: [
        errorDiagnostic(
          'Unsupported state version',
          `The state of this ${typeName} was written by schema version ${stored.version}; this provider knows version ${version}. Use the provider version that wrote it.`,
        ),
      ],
    };
  }
  const result = resource.upgradeState({ version: stored.version, json: stored.json });
  return { state: result.state as Obj | null, diagnostics: result.diagnostics ?? [] };
}
