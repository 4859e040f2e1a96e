/**
 * `KeyplaneProvider`: the `provider "keyplane"` block, with the endpoint taken from the
 * environment at synth time and the API key left to the environment at plan/apply time.
 */
import { Annotations, TerraformStack, type TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { z } from 'zod';
import * as generated from './generated/index.js';
import { addValidation, invalidProps, isToken, ValidationIssues } from './validation.js';

/** The variable the endpoint is read from (the provider and the CLI read it too). */
export const ENDPOINT_ENV = 'KEYPLANE_ENDPOINT';
/** The variable the provider (and the CLI) read the API key from. */
export const API_KEY_ENV = 'KEYPLANE_API_KEY';

/** Props of a {@link KeyplaneProvider}. */
export interface KeyplaneProviderProps {
  /**
   * Base URL of the Keyplane service, e.g. `https://keys.example.com`.
   * @default - `KEYPLANE_ENDPOINT` of the environment `cdktf synth` runs in; when that is not set
   * either, the provider reads `KEYPLANE_ENDPOINT` at plan/apply time
   */
  readonly endpoint?: string;
  /**
   * The API key the provider authenticates with; it needs `keys:write` (and `scopes:write` for
   * scopes) and every scope it grants. Give a token (a sensitive `TerraformVariable`), never a
   * literal: the value is written to `cdk.tf.json`.
   * @default - not in the configuration: the provider reads `KEYPLANE_API_KEY` at plan/apply time
   */
  readonly apiKey?: string;
  /**
   * Seconds one attempt of a request may take.
   * @default 10
   */
  readonly timeoutSeconds?: number;
  /**
   * Retries after a network error, a timeout or a 429/502/503/504 answer (0 to 10).
   * @default 2
   */
  readonly maxRetries?: number;
  /**
   * Alias, for a second provider (another organization) in the same stack.
   * @default - the default provider
   */
  readonly alias?: string;
  /**
   * The environment to read `KEYPLANE_ENDPOINT` from.
   * @default process.env
   */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

const propsSchema = z.strictObject({
  endpoint: z.string().optional(),
  apiKey: z.string().optional(),
  timeoutSeconds: z.number().optional(),
  maxRetries: z.number().optional(),
  alias: z.string().optional(),
  environment: z.record(z.string(), z.string().optional()).optional(),
});

/** True for an http(s) URL, the provider's own rule for `endpoint`. */
function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The Keyplane provider. The endpoint comes from `endpoint` or from `KEYPLANE_ENDPOINT` when
 * synthesizing; the API key deliberately stays out of the synthesized configuration (which is
 * written to disk, kept as a CI artifact, and read by anyone who can read the repository's
 * build output): the provider reads `KEYPLANE_API_KEY` itself when Terraform runs.
 */
export class KeyplaneProvider extends generated.provider.KeyplaneProvider {
  /** The provider configured from the environment only: `KeyplaneProvider.fromEnvironment(stack)`. */
  static fromEnvironment(scope: Construct, id = 'keyplane', environment: Readonly<Record<string, string | undefined>> = process.env): KeyplaneProvider {
    // A plain copy: `process.env` is an exotic object that prop validation would refuse.
    const copy = Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return new KeyplaneProvider(scope, id, { environment: copy });
  }

  constructor(scope: Construct, id: string, props: KeyplaneProviderProps = {}) {
    const shape = propsSchema.safeParse(props);
    const bad = invalidProps(shape.error);
    const use = <K extends keyof KeyplaneProviderProps>(key: K): KeyplaneProviderProps[K] | undefined => (bad.has(key) ? undefined : props[key]);
    const environment = use('environment') ?? process.env;
    const fromEnvironment = use('endpoint') === undefined && environment[ENDPOINT_ENV] !== undefined && environment[ENDPOINT_ENV] !== '';
    const endpoint = use('endpoint') ?? (fromEnvironment ? environment[ENDPOINT_ENV] : undefined);
    super(scope, id, {
      endpoint,
      apiKey: use('apiKey'),
      timeoutSeconds: use('timeoutSeconds'),
      maxRetries: use('maxRetries'),
      alias: use('alias'),
    });

    const apiKey = use('apiKey');
    if (apiKey !== undefined && !isToken(apiKey)) {
      Annotations.of(this).addWarning(
        `apiKey: a literal API key is written in plain text to cdk.tf.json; leave it out and set ${API_KEY_ENV} where Terraform runs, or pass a sensitive TerraformVariable`,
      );
    }
    if (endpoint === undefined) {
      Annotations.of(this).addInfo(`endpoint: ${ENDPOINT_ENV} is not set; the provider will read it where Terraform runs`);
    }

    addValidation(this, () => {
      const issues = new ValidationIssues();
      if (shape.error) issues.addZod([], shape.error);
      if (endpoint !== undefined && !isToken(endpoint) && !isHttpUrl(endpoint)) {
        const source = fromEnvironment ? ` (from ${ENDPOINT_ENV})` : '';
        issues.add(['endpoint'], `${JSON.stringify(endpoint)}${source} is not an http(s) URL; write the base URL of the service, e.g. "https://keys.example.com"`);
      }
      if (apiKey !== undefined && !isToken(apiKey) && apiKey.trim() === '') {
        issues.add(['apiKey'], `must not be empty; leave it out and set ${API_KEY_ENV} where Terraform runs`);
      }
      const timeout = use('timeoutSeconds');
      if (timeout !== undefined && !isToken(timeout) && !(timeout > 0)) issues.add(['timeoutSeconds'], `must be more than 0, got ${timeout}`);
      const retries = use('maxRetries');
      if (retries !== undefined && !isToken(retries) && !(Number.isInteger(retries) && retries >= 0 && retries <= 10)) {
        issues.add(['maxRetries'], `must be a whole number from 0 to 10, got ${retries}`);
      }
      return issues;
    });
  }

  /** The keyplane provider without an alias in the stack of `construct`, if there is one. */
  static defaultOf(construct: Construct): KeyplaneProvider | undefined {
    return TerraformStack.of(construct)
      .node.findAll()
      .find((c): c is KeyplaneProvider => c instanceof KeyplaneProvider && c.alias === undefined);
  }
}

/**
 * Which organization a construct talks to: its provider when that has an alias, else the
 * stack's default keyplane provider (`'default'`). Constructs with the same answer share a
 * scope catalog and a key namespace.
 */
export function organizationOf(provider: TerraformProvider | undefined): TerraformProvider | 'default' {
  return provider === undefined || provider.alias === undefined ? 'default' : provider;
}
