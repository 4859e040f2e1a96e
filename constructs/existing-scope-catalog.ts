/**
 * The scope catalog of an organization as it exists (`data "keyplane_scopes"`), for stacks that
 * grant scopes managed elsewhere. Made with `ScopeCatalog.fromExisting`:
 *
 *   const existing = ScopeCatalog.fromExisting(stack, 'Existing');
 *   new ApiKey(stack, 'Agent', { name: 'Agent', scopes: [existing.scope('agentic')] });
 *
 * Each scope asked for is checked by Terraform when it reads the catalog (a postcondition of the
 * data source, so a missing scope fails the plan with its name), and the key's configuration
 * refers to the catalog, so Terraform reads it before it plans the key.
 */
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { SCOPE_NAME_PATTERN } from '../src/core/scopes.js';
import * as generated from './generated/index.js';
import type { IScope, ScopeName } from './scope-catalog.js';
import { addValidation, invalidProps, isToken, ValidationIssues } from './validation.js';

/** Props of an {@link ExistingScopeCatalog}. */
export interface ExistingScopeCatalogProps {
  /**
   * The provider (organization) whose catalog is read.
   * @default - the stack's default keyplane provider
   */
  readonly provider?: TerraformProvider;
}

const propsSchema = z.strictObject({
  provider: z.custom<TerraformProvider>((v) => typeof v === 'object' && v !== null, 'expected a TerraformProvider').optional(),
});

/** The organization's whole catalog, own and built-in scopes, read when Terraform plans. */
export class ExistingScopeCatalog extends Construct {
  readonly provider?: TerraformProvider;
  /** The `keyplane_scopes` data source (escape hatch). */
  readonly dataSource: generated.dataKeyplaneScopes.DataKeyplaneScopes;
  private readonly requested: ScopeName[] = [];

  constructor(scope: Construct, id: string, props: ExistingScopeCatalogProps = {}) {
    super(scope, id);
    const shape = propsSchema.safeParse(props);
    this.provider = invalidProps(shape.error).has('provider') ? undefined : props.provider;
    this.dataSource = new generated.dataKeyplaneScopes.DataKeyplaneScopes(this, 'Default', { provider: this.provider });
    this.node.defaultChild = this.dataSource;
    addValidation(this, () => {
      const issues = new ValidationIssues();
      if (shape.error) issues.addZod([], shape.error);
      this.requested.forEach((name) => {
        if (!isToken(name) && !SCOPE_NAME_PATTERN.test(name)) {
          issues.add(['scope'], `${JSON.stringify(name)} is not a scope name: a letter, then up to 63 letters, digits, "_", ".", ":" or "-"`);
        }
      });
      return issues;
    });
  }

  /**
   * The scope `name` of the catalog, to grant or include (`origin: 'existing'`). Its reference
   * reads the name from the catalog, and the plan fails if the organization has no such scope.
   */
  scope(name: ScopeName): IScope {
    if (!this.requested.includes(name)) this.requested.push(name);
    this.dataSource.lifecycle = {
      postcondition: this.requested
        .filter((n) => !isToken(n))
        .map((n) => ({
          condition: `\${contains(self.scopes[*].name, ${JSON.stringify(n)})}`,
          errorMessage: `The organization has no scope ${JSON.stringify(n)} (neither built in nor in its catalog): create it, or declare it with a ScopeCatalog.`,
        })),
    };
    const scopeRef = `\${one([for s in ${this.dataSource.fqn}.scopes : s.name if s.name == ${JSON.stringify(name)}])}`;
    return { scopeName: name, scopeRef, origin: 'existing' };
  }

  /** The names asked for with {@link scope}, in order. */
  get scopeNames(): readonly ScopeName[] {
    return [...this.requested];
  }
}
