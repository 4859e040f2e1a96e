/**
 * `keyplane terraform <action>`: helpers for using the Keyplane Terraform provider.
 */
import { parseArgs } from 'node:util';
import { installTerraformProvider } from './terraform-install.js';

export const TERRAFORM_USAGE = `Usage: keyplane terraform install [--dir DIR] [--config-file FILE]

Installs the Keyplane Terraform provider into a filesystem mirror and writes a Terraform CLI
configuration that takes registry.terraform.io/keyplane/* from it (everything else still comes
from the registry). Then:

  export TF_CLI_CONFIG_FILE=<the file written>
  terraform init

with  terraform { required_providers { keyplane = { source = "keyplane/keyplane" } } }

Options:
  --dir DIR            the mirror directory (default ~/.keyplane/terraform-mirror)
  --config-file FILE   the CLI configuration to write (default ~/.keyplane/terraform.rc);
                       TF_CLI_CONFIG_FILE replaces ~/.terraformrc while it is set`;

/** Runs `keyplane terraform ...`; resolves with the exit code. */
export async function runTerraformCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h' || action === 'help') {
    process.stdout.write(`${TERRAFORM_USAGE}\n`);
    return action === undefined ? 2 : 0;
  }
  if (action !== 'install') {
    process.stderr.write(`keyplane terraform: unknown action "${action}".\n\n${TERRAFORM_USAGE}\n`);
    return 2;
  }
  let values: { dir?: string; 'config-file'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { dir: { type: 'string' }, 'config-file': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`keyplane terraform install: ${(error as Error).message}\n\n${TERRAFORM_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${TERRAFORM_USAGE}\n`);
    return 0;
  }
  try {
    const result = await installTerraformProvider({ dir: values.dir, configFile: values['config-file'] });
    process.stdout.write(
      `Installed the Keyplane Terraform provider ${result.version} (${result.platform}) into ${result.packageDir}\n` +
        `Wrote the Terraform CLI configuration ${result.configFile}\n\n` +
        `Make Terraform use it (in this shell, or your shell's profile):\n\n  ${result.exportLine}\n\n` +
        `and declare the provider as  source = "${result.source}".\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`keyplane terraform install: ${(error as Error).message}\n`);
    return 1;
  }
}
