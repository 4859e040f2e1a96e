/**
 * Which types of a Terraform configuration the provider (src/provider/provider.ts) defines:
 * tests of examples written ahead of their types (keyplane_scope, the data sources, the
 * ephemeral resource) run once the provider has them and are reported as pending until then.
 */
import { keyplaneProvider } from '../../../src/provider/provider.js';

const definedTypes = {
  resource: new Set(keyplaneProvider.resources.map((t) => t.typeName)),
  data: new Set((keyplaneProvider.dataSources ?? []).map((t) => t.typeName)),
  ephemeral: new Set((keyplaneProvider.ephemeralResources ?? []).map((t) => t.typeName)),
};

/** The `resource`, `data` and `ephemeral` keyplane types a configuration uses that the provider does not define, e.g. `["resource keyplane_scope"]`. */
export function missingTypes(configuration: string): string[] {
  const used = [...configuration.matchAll(/^(resource|data|ephemeral)\s+"(keyplane_\w+)"/gm)];
  const missing = used.filter(([, mode, type]) => !definedTypes[mode as keyof typeof definedTypes].has(type!)).map(([, mode, type]) => `${mode} ${type}`);
  return [...new Set(missing)];
}
