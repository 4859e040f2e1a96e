/**
 * A key that exists in the organization but is managed elsewhere (by hand, the CLI, another
 * stack), looked up by name through `data "keyplane_api_key"`: its id, hint, scopes and
 * lifetime for other constructs to use, never its secret. Made with `ApiKey.fromName`:
 *
 *   const crm = ApiKey.fromName(stack, 'Crm', 'CRM Sync');
 *   new TerraformOutput(stack, 'CrmExpiry', { value: crm.expiresAt });
 *
 * The provider fails the plan when no key that is not revoked has that exact name, or when
 * several do (names are unique only by convention); it lists their ids then.
 */
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { FILTER_TEXT_PATTERN } from '../src/core/display-text.js';
import { KEY_LIMITS, textLength } from '../src/core/key-fields.js';
import * as generated from './generated/index.js';
import { addValidation, invalidProps, isToken, ValidationIssues } from './validation.js';

/** What any key offers other constructs, whether declared in the stack (`ApiKey`) or existing (`ExistingApiKey`). */
export interface IApiKey {
  /** The key's public id, e.g. `key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K` (a token until plan or apply). */
  readonly id: string;
  /** The secret's prefix and last four characters, e.g. `nm_acme_…GeZq` (a token). */
  readonly hint: string;
  /** `active`, `expired`, `revoked` or `not_yet_valid` (a token). */
  readonly status: string;
  /** The key's name as given in the code. */
  readonly keyName: string;
}

/** Props of an {@link ExistingApiKey}. */
export interface ExistingApiKeyProps {
  /** The exact name of the key (letter case included), e.g. `CRM Sync`. */
  readonly name: string;
  /**
   * The provider (organization) to look in.
   * @default - the stack's default keyplane provider
   */
  readonly provider?: TerraformProvider;
}

const propsSchema = z.strictObject({
  name: z.string(),
  provider: z.custom<TerraformProvider>((v) => typeof v === 'object' && v !== null, 'expected a TerraformProvider').optional(),
});

/** An existing key of the organization, read by name (`data "keyplane_api_key"`). */
export class ExistingApiKey extends Construct implements IApiKey {
  readonly keyName: string;
  readonly provider?: TerraformProvider;
  /** The `keyplane_api_key` data source (escape hatch). */
  readonly dataSource: generated.dataKeyplaneApiKey.DataKeyplaneApiKey;

  constructor(scope: Construct, id: string, props: ExistingApiKeyProps) {
    super(scope, id);
    const shape = propsSchema.safeParse(props);
    const bad = invalidProps(shape.error);
    this.keyName = bad.has('name') ? '' : props.name;
    this.provider = bad.has('provider') ? undefined : props.provider;
    this.dataSource = new generated.dataKeyplaneApiKey.DataKeyplaneApiKey(this, 'Default', { name: this.keyName, provider: this.provider });
    this.node.defaultChild = this.dataSource;
    addValidation(this, () => {
      const issues = new ValidationIssues();
      if (shape.error) issues.addZod([], shape.error);
      else if (!isToken(this.keyName)) {
        // The provider's plan-time rule for a name it can look up, checked here first.
        const length = textLength(this.keyName);
        if (length === 0 || length > KEY_LIMITS.name) issues.add(['name'], `a key's name has 1 to ${KEY_LIMITS.name} characters; this one has ${length}, so no key can have it`);
        else if (!FILTER_TEXT_PATTERN.test(this.keyName)) issues.add(['name'], 'the name holds a control character (such as a line break or a tab), which no key name can hold');
      }
      return issues;
    });
  }

  get id(): string {
    return this.dataSource.id;
  }

  get hint(): string {
    return this.dataSource.hint;
  }

  get status(): string {
    return this.dataSource.status;
  }

  /** The scopes granted to the key directly (a token list). */
  get scopes(): string[] {
    return this.dataSource.scopes;
  }

  /** When the key stops working, RFC 3339 (a token; null = never). */
  get expiresAt(): string {
    return this.dataSource.expiresAt;
  }

  /** Id of the organization the key belongs to (a token). */
  get organizationId(): string {
    return this.dataSource.organizationId;
  }
}
