/**
 * The CDK this app is built on: CDK Terrain (`cdktn`) or CDK for Terraform (`cdktf`), which
 * have the same API. main.ts imports App, TerraformStack and TerraformOutput from here rather
 * than from a package, so the same app runs in a project that installed either one: the
 * library CDK_LIBRARY names (`cdktf` or `cdktn`), else the one the project has (cdktf first
 * when it has both, as keyplane/constructs does).
 *
 * main.ts imports this module before keyplane/constructs: the constructs build on the CDK the
 * app has already loaded, so both sides of the construct tree come from one library.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Construct } from 'constructs';

/** The libraries the app runs on, in the order tried when CDK_LIBRARY is not set. */
export const CDK_LIBRARIES = ['cdktf', 'cdktn'] as const;

/** A library the app runs on. */
export type CdkLibrary = (typeof CDK_LIBRARIES)[number];

/**
 * What the app uses of the library, typed without naming either package, so that the app
 * type-checks in a project that has only one of them.
 */
export interface Cdk {
  App: new (options?: { outdir?: string; context?: Record<string, unknown> }) => Construct & { synth(): void };
  TerraformStack: new (scope: Construct, id: string) => Construct;
  TerraformOutput: new (scope: Construct, id: string, config: { value: unknown; description?: string; sensitive?: boolean }) => Construct;
}

// Resolved from the app's entry file (main.ts), so from the project the app is in. Not
// import.meta.url: that would keep this file from type-checking in a CommonJS project.
const load = createRequire(process.argv[1] ? resolve(process.argv[1]) : join(process.cwd(), 'main.ts'));

function installed(name: CdkLibrary): boolean {
  try {
    load.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** The library CDK_LIBRARY names, else the first installed one. */
function chooseLibrary(requested: string | undefined): CdkLibrary {
  const install = 'npm install cdktn constructs (CDK Terrain) or npm install cdktf constructs (CDK for Terraform)';
  if (requested) {
    const library = CDK_LIBRARIES.find((name) => name === requested);
    if (!library) throw new Error(`CDK_LIBRARY is "${requested}": set it to cdktf or cdktn, or unset it to use the one installed`);
    if (!installed(library)) throw new Error(`CDK_LIBRARY is ${library}, which this project does not have: ${install}`);
    return library;
  }
  const library = CDK_LIBRARIES.find(installed);
  if (!library) throw new Error(`This app needs CDK Terrain or CDK for Terraform: ${install}`);
  return library;
}

/** The library the app runs on. */
export const cdkLibrary: CdkLibrary = chooseLibrary(process.env.CDK_LIBRARY);

export const { App, TerraformStack, TerraformOutput } = load(cdkLibrary) as Cdk;
export type App = InstanceType<Cdk['App']>;
export type TerraformStack = InstanceType<Cdk['TerraformStack']>;
export type TerraformOutput = InstanceType<Cdk['TerraformOutput']>;
