/**
 * ReadDataSource around a data source's `read` (like terraform-plugin-framework's
 * fwserver/server_readdatasource.go): the configuration goes in, the configuration with its
 * computed attributes filled in comes out. The framework checks what Terraform relies on: a
 * read that reports no error returns a value, and that value holds no unknown.
 */
import type { CtyValue } from '../protocol/index.js';
import type { SchemaCodec } from './codec.js';
import { hasErrors, providerBugDiagnostic, type Diagnostic } from './diagnostics-collector.js';
import type { DataSource } from './data-source.js';
import type { RequestContext } from './resource.js';
import type { Schema } from './schema.js';
import { findUnknown } from './values.js';

type Obj = Record<string, CtyValue>;

/** The value read (null when there is none, with the errors that say why) and what to report. */
export interface DataSourceOutput {
  state: Obj | null;
  diagnostics: Diagnostic[];
}

/** Reads `dataSource` with `config` (null: every attribute null). */
export async function readDataSource(
  dataSource: DataSource<any, unknown>,
  codec: SchemaCodec<Schema>,
  config: Obj | null,
  context: RequestContext<unknown>,
): Promise<DataSourceOutput> {
  const { typeName } = dataSource;
  const result = await dataSource.read({ config: (config ?? codec.empty()) as never, context });
  const diagnostics = [...(result.diagnostics ?? [])];
  if (result.state === null) {
    if (!hasErrors(diagnostics)) diagnostics.push(providerBugDiagnostic('Provider returned no data', `Reading ${typeName} produced no value.`));
    return { state: null, diagnostics };
  }
  const state = codec.complete(result.state as CtyValue);
  const unknown = findUnknown(state);
  if (unknown) diagnostics.push(providerBugDiagnostic('Provider returned an unknown value', `Reading ${typeName} left a value unknown.`, unknown));
  return { state, diagnostics };
}
