/**
 * A bench-only provider that does no work with Keyplane's schema: it answers GetProviderSchema
 * exactly as Keyplane's provider does, and `keyplane_api_key` echoes what Terraform proposes
 * (computed attributes unknown on create, then a string or null at apply). No framework, no
 * validation, no planning rules, no service: what remains is what Terraform spends on
 * resources of this schema through an external provider, which no provider of this schema
 * can go under. The smoke provider (test/provider/fixtures/smoke-provider.ts) is the same
 * with four attributes.
 */
import { createProviderHandlers } from '../src/provider/framework/index.js';
import {
  Unknown,
  blockToCtyType,
  decodeDynamicValue,
  decodeJson,
  encodeDynamicValue,
  errorDiagnostic,
  isUnknown,
  serveProvider,
  type CtyValue,
  type GetProviderSchemaResponse,
  type ProviderHandlers,
} from '../src/provider/protocol/index.js';
import { keyplaneProvider } from '../src/provider/provider.js';

const TYPE = 'keyplane_api_key';
// Keyplane's framework answers the schema synchronously (a Result may be a promise in general).
const schemaResponse = createProviderHandlers(keyplaneProvider).getProviderSchema() as GetProviderSchemaResponse;
/**
 * `KEYPLANE_BENCH_ECHO_ATTRIBUTES=id,name,...` keeps only those attributes (and no blocks) of
 * `keyplane_api_key`: the same provider with a narrower schema, to show what Terraform spends
 * per attribute.
 */
const kept = process.env.KEYPLANE_BENCH_ECHO_ATTRIBUTES?.split(',');
const fullKeySchema = schemaResponse.resourceSchemas![TYPE]!;
const keySchema = kept
  ? { ...fullKeySchema, block: { ...fullKeySchema.block, attributes: Object.fromEntries(Object.entries(fullKeySchema.block.attributes ?? {}).filter(([name]) => kept.includes(name))), blocks: {} } }
  : fullKeySchema;
const servedSchema: GetProviderSchemaResponse = { ...schemaResponse, resourceSchemas: { ...schemaResponse.resourceSchemas, [TYPE]: keySchema } };
const keyType = blockToCtyType(keySchema.block);
const attributes = Object.entries(keySchema.block.attributes ?? {});
const computed = attributes.filter(([, attribute]) => attribute.computed).map(([name]) => name);
const strings = new Set(attributes.filter(([, attribute]) => attribute.type === 'string').map(([name]) => name));

type KeyObject = Record<string, CtyValue>;
const decode = (value: Parameters<typeof decodeDynamicValue>[1]) => decodeDynamicValue(keyType, value) as KeyObject | null;
const encode = (value: KeyObject | null) => encodeDynamicValue(keyType, value);
let made = 0;

const notHere = (typeName: string) => ({ diagnostics: [errorDiagnostic(`${typeName} is not in this bench provider`)] });

const handlers: ProviderHandlers = {
  getProviderSchema: () => servedSchema,
  validateProviderConfig: () => ({}),
  configureProvider: () => ({}),
  validateResourceConfig: (req) => (req.typeName === TYPE ? {} : notHere(req.typeName)),
  upgradeResourceState: (req) => {
    if (!req.rawState.json) return { diagnostics: [errorDiagnostic('No JSON state to upgrade')] };
    return { upgradedState: encode(decodeJson(keyType, req.rawState.json, { ignoreUndefinedAttributes: true }) as KeyObject) };
  },
  readResource: (req) => ({ newState: req.currentState, private: req.private }),
  planResourceChange: (req) => {
    const proposed = decode(req.proposedNewState);
    if (proposed === null || decode(req.priorState) !== null) return { plannedState: req.proposedNewState };
    const planned = { ...proposed };
    for (const name of computed) if (planned[name] === null) planned[name] = Unknown;
    return { plannedState: encode(planned) };
  },
  applyResourceChange: (req) => {
    const planned = decode(req.plannedState);
    if (planned === null) return { newState: req.plannedState };
    const state = { ...planned };
    for (const name of computed) if (isUnknown(state[name])) state[name] = strings.has(name) ? `echo-${++made}` : null;
    return { newState: encode(state) };
  },
  importResourceState: (req) => notHere(req.typeName),
  validateDataResourceConfig: (req) => notHere(req.typeName),
  readDataSource: (req) => notHere(req.typeName),
};

void serveProvider(handlers);
