/**
 * The keys of Keyplane's stories, declared with the CDKTF constructs:
 *
 * - a scope catalog: `read`, `agentic` (includes `read`), `write` (includes `agentic`) and the
 *   flat `EXPORT_READ`;
 * - "Power BI Integration": export only;
 * - "CRM Sync": `read`, only from the office network (IPv4 and IPv6);
 * - "production-agent": the `agentic` tier, expires 90 days after creation and again 90 days
 *   after each rotation, rotated every 90 days with a 24-hour overlap, and checked after
 *   every rotation (KeyVerification);
 * - "ci-pipeline": read only.
 *
 * Run it with `cdktf synth` (cdktf.json) or directly with `npx tsx main.ts`; then
 * `cd cdktf.out/stacks/keyplane-keys && terraform init && terraform apply`. See README.md.
 *
 * Outside this repository, import the constructs from the package instead:
 *   import { ApiKey, ... } from 'keyplane/constructs';   (see README.md)
 */
// From cdktf or cdktn, whichever the project has (cdk.ts); imported before the constructs.
import { App, TerraformOutput, TerraformStack } from './cdk.js';
import { ApiKey, Expiry, IpRule, KeyplaneProvider, KeyVerification, Rotation, ScopeCatalog } from '../../constructs/index.js';

/** A setting from the cdktf context (`cdktf synth --context name=value`, cdktf.json) or the environment. */
function setting(app: App, context: string, env: string, fallback: string): string {
  const fromContext: unknown = app.node.tryGetContext(context);
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  return process.env[env] || fallback;
}

// The output directory comes from `cdktf synth` (CDKTF_OUTDIR), else cdktf.out.
const app = new App();
const stack = new TerraformStack(app, 'keyplane-keys');

// Endpoint from KEYPLANE_ENDPOINT at synth time; the API key is read by the provider from
// KEYPLANE_API_KEY when terraform runs, so it is never written to cdktf.out.
new KeyplaneProvider(stack, 'keyplane');

// The organization's permissions.
const catalog = new ScopeCatalog(stack, 'Scopes');
const read = catalog.addScope('read', { description: 'Read every resource' });
const agentic = catalog.addScope('agentic', { description: 'What an AI agent may do: everything read allows, plus agent actions', includes: [read] });
catalog.addScope('write', { description: 'Everything agentic allows, plus managing resources', includes: [agentic] });
const exportRead = catalog.addScope('EXPORT_READ', { description: 'Export the inventory (CSV, JSON)' });

const powerBi = new ApiKey(stack, 'PowerBi', {
  name: 'Power BI Integration',
  description: 'The Power BI dashboard pulls the nightly export',
  scopes: [exportRead],
  secretOutput: { name: 'power_bi_secret' },
});

const crmSync = new ApiKey(stack, 'CrmSync', {
  name: 'CRM Sync',
  description: setting(app, 'crmSyncDescription', 'CRM_SYNC_DESCRIPTION', 'Nightly sync of accounts to the CRM'),
  scopes: [read],
  ipRules: [IpRule.allow('203.0.113.0/24', 'Office'), IpRule.allow('2001:db8:4::/48', 'Office IPv6')],
  metadata: { team: 'sales' },
  secretOutput: { name: 'crm_sync_secret' },
});

const agent = new ApiKey(stack, 'ProductionAgent', {
  name: 'production-agent',
  description: 'The AI agent in production',
  scopes: [agentic],
  // 90 days after creation, and again 90 days after each rotation: it never runs out.
  expiry: Expiry.after({ days: 90 }),
  // A new secret every 90 days (at the first apply after that); the old one works 24 more
  // hours. A new generation (context productionAgentGeneration) rotates it at the next apply.
  rotation: Rotation.every({
    days: 90,
    overlap: { hours: 24 },
    triggers: { generation: setting(app, 'productionAgentGeneration', 'PRODUCTION_AGENT_GENERATION', '1') },
  }),
  secretOutput: { name: 'production_agent_secret' },
});

// After the key is created and after each rotation: `keyplane keys verify` with the new secret
// and the expected scopes; the apply fails if the service does not answer "valid".
new KeyVerification(stack, 'VerifyProductionAgent', {
  key: agent,
  scopes: [agentic, read],
  command: setting(app, 'keyplaneCli', 'KEYPLANE_CLI', 'npx --no keyplane'),
});

const ci = new ApiKey(stack, 'CiPipeline', {
  name: 'ci-pipeline',
  description: 'Read-only key of the CI pipeline',
  scopes: [read],
  secretOutput: { name: 'ci_pipeline_secret' },
});

// The public ids (not secret), for `terraform import`, the CLI and the audit trail.
for (const [name, key] of Object.entries({ power_bi: powerBi, crm_sync: crmSync, production_agent: agent, ci_pipeline: ci })) {
  new TerraformOutput(stack, `${name}_id`, { value: key.id, description: `The id of the key ${key.keyName}` });
}

app.synth();
