/**
 * The organization's permissions as code: a `ScopeCatalog` holds `Scope`s (one
 * `keyplane_scope` each), which may include other scopes, e.g. the tiers
 *
 *   const catalog = new ScopeCatalog(stack, 'Scopes');
 *   const read = catalog.addScope('read', { description: 'Read every resource' });
 *   const agentic = catalog.addScope('agentic', { includes: [read] });
 *   const write = catalog.addScope('write', { includes: [agentic] });
 *
 * (`admin` is built in and includes everything). Keys and scopes name scopes as `Scope`s, as
 * built-in names (`'keys:read'`), or as strings, which are checked against the catalogs
 * declared in the stack at synth time.
 */
import { TerraformStack, type TerraformProvider } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { z } from 'zod';
import type { components } from '../src/api/schema.js';
import type { Issue } from '../src/core/issues.js';
import { findIncludeCycle, validateCatalogChange, validateScopeDefinition } from '../src/core/scope-catalog.js';
import { isBuiltInScope, type BuiltInScope, type ScopeDefinition } from '../src/core/scopes.js';
import { ExistingScopeCatalog, type ExistingScopeCatalogProps } from './existing-scope-catalog.js';
import * as generated from './generated/index.js';
import { organizationOf } from './keyplane-provider.js';
import { addValidation, invalidProps, isToken, ValidationIssues } from './validation.js';

/** A scope name as the contract defines it: a letter, then up to 63 letters, digits, `_ . : -`. */
export type ScopeName = components['schemas']['ScopeName'];
/** The name of a built-in scope (`admin`, `keys:read`, ...). */
export type BuiltInScopeName = BuiltInScope;

/** A scope that keys can be granted and scopes can include. */
export interface IScope {
  /** The scope's name, e.g. `agentic`. */
  readonly scopeName: ScopeName;
  /**
   * The value written into the configuration: for a scope declared here a reference to its
   * `keyplane_scope` (so Terraform creates the scope before the keys that use it), otherwise
   * the name.
   */
  readonly scopeRef: string;
  /** `catalog` (declared here), `builtIn`, or `existing` (exists in the organization, managed elsewhere). */
  readonly origin: 'catalog' | 'builtIn' | 'existing';
}

/**
 * A scope: a {@link Scope} or {@link Scope.builtIn}/{@link Scope.fromName} reference, a built-in
 * name (`'keys:read'`), or another name, which must then be declared in a {@link ScopeCatalog}
 * of the stack (when the stack declares one).
 */
export type ScopeLike = IScope | BuiltInScopeName | (ScopeName & {});

/** Props of a {@link Scope}. */
export interface ScopeProps {
  /**
   * The scope's name, e.g. `agentic` or `billing:write`. Changing it replaces the scope.
   * @default - the construct id
   */
  readonly name?: ScopeName;
  /**
   * What the scope allows, up to 1,000 characters.
   * @default - none
   */
  readonly description?: string;
  /**
   * Scopes this one grants too (declared here, built-in, or existing); includes of includes
   * apply as well. Order does not matter.
   * @default - none
   */
  readonly includes?: readonly ScopeLike[];
}

function isScopeObject(value: unknown): value is IScope {
  return typeof value === 'object' && value !== null && typeof (value as IScope).scopeName === 'string' && typeof (value as IScope).scopeRef === 'string';
}

/** The shape of a {@link ScopeLike}, for props schemas. */
export const scopeLikeSchema = z.union([z.string(), z.custom<IScope>(isScopeObject, 'expected a scope name or a Scope')]);

const scopePropsSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  includes: z.array(scopeLikeSchema).optional(),
});

/** The name of a scope-like value, or undefined while it is a token. */
export function scopeNameOf(scope: ScopeLike): string | undefined {
  const name = typeof scope === 'string' ? scope : scope.scopeName;
  return isToken(name) ? undefined : name;
}

/** The configuration value of a scope-like value (see {@link IScope.scopeRef}). */
export function scopeRefOf(scope: ScopeLike): string {
  return typeof scope === 'string' ? scope : scope.scopeRef;
}

/** A scope of the organization's catalog, declared as a `keyplane_scope`. */
export class Scope extends Construct implements IScope {
  /** A built-in scope, e.g. `Scope.builtIn('keys:read')`. */
  static builtIn(name: BuiltInScopeName): IScope {
    return { scopeName: name, scopeRef: name, origin: 'builtIn' };
  }

  /**
   * A scope that exists in the organization but is managed elsewhere (by hand, or by another
   * stack); it is taken as it is, without a check.
   */
  static fromName(name: ScopeName): IScope {
    return { scopeName: name, scopeRef: name, origin: 'existing' };
  }

  /** True when `x` is a {@link Scope} construct. */
  static isScope(x: unknown): x is Scope {
    return x instanceof Scope;
  }

  readonly scopeName: ScopeName;
  readonly origin = 'catalog' as const;
  readonly description?: string;
  /** The included scopes, as given. */
  readonly includes: readonly ScopeLike[];
  /** The `keyplane_scope` resource (escape hatch). */
  readonly resource: generated.scope.Scope;

  constructor(catalog: ScopeCatalog, id: string, props: ScopeProps = {}) {
    super(catalog, id);
    const shape = scopePropsSchema.safeParse(props);
    const bad = invalidProps(shape.error);
    this.scopeName = !bad.has('name') && props.name !== undefined ? props.name : id;
    this.description = bad.has('description') ? undefined : props.description;
    this.includes = bad.has('includes') ? [] : [...(props.includes ?? [])];
    this.resource = new generated.scope.Scope(this, 'Default', {
      name: this.scopeName,
      description: this.description,
      includes: this.includes.length > 0 ? this.includes.map(scopeRefOf) : undefined,
      provider: catalog.provider,
    });
    this.node.defaultChild = this.resource;
    addValidation(this, () => {
      const issues = new ValidationIssues();
      if (shape.error) issues.addZod([], shape.error);
      return issues.merge(catalog.validateScope(this));
    });
  }

  /** A reference to the scope's name: granting it makes Terraform create the scope first. */
  get scopeRef(): string {
    return this.resource.name;
  }

  /** The scope as src/core's resolver sees it (literal names only). */
  toDefinition(): ScopeDefinition {
    return { name: this.scopeName, includes: this.includes.map(scopeNameOf).filter((n): n is string => n !== undefined) };
  }
}

/** Props of a {@link ScopeCatalog}. */
export interface ScopeCatalogProps {
  /**
   * Scopes that exist in the organization but are managed elsewhere; keys and scopes may name
   * them as strings.
   * @default - none
   */
  readonly existing?: readonly ScopeName[];
  /**
   * The provider (organization) of the catalog's scopes. Keys of the same provider are checked
   * against the catalog.
   * @default - the stack's default keyplane provider
   */
  readonly provider?: TerraformProvider;
}

const catalogPropsSchema = z.strictObject({
  existing: z.array(z.string()).optional(),
  provider: z.custom<TerraformProvider>((v) => typeof v === 'object' && v !== null, 'expected a TerraformProvider').optional(),
});

/**
 * The scope catalog of an organization, or the part of it this app manages. Strings naming
 * scopes in the same stack (in `ApiKey.scopes` and in includes) are checked against every
 * catalog of the stack, the built-in scopes and `existing`.
 */
export class ScopeCatalog extends Construct {
  /**
   * The organization's catalog as it exists, managed elsewhere (`data "keyplane_scopes"`):
   * `ScopeCatalog.fromExisting(stack, 'Existing').scope('agentic')` is a scope to grant, with
   * origin `existing`, that Terraform checks exists when it plans.
   */
  static fromExisting(scope: Construct, id: string, props: ExistingScopeCatalogProps = {}): ExistingScopeCatalog {
    return new ExistingScopeCatalog(scope, id, props);
  }

  /** The catalogs declared in the stack of `construct`. */
  static inStack(construct: IConstruct): ScopeCatalog[] {
    return TerraformStack.of(construct).node.findAll().filter((c): c is ScopeCatalog => c instanceof ScopeCatalog);
  }

  /** The catalogs in the stack of `construct` that belong to the organization of `provider`. */
  static forProvider(construct: IConstruct, provider: TerraformProvider | undefined): ScopeCatalog[] {
    const organization = organizationOf(provider);
    return ScopeCatalog.inStack(construct).filter((c) => organizationOf(c.provider) === organization);
  }

  /** Scopes of the organization managed elsewhere, as declared. */
  readonly existing: readonly ScopeName[];
  readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: ScopeCatalogProps = {}) {
    super(scope, id);
    const shape = catalogPropsSchema.safeParse(props);
    const bad = invalidProps(shape.error);
    this.existing = bad.has('existing') ? [] : [...(props.existing ?? [])];
    this.provider = bad.has('provider') ? undefined : props.provider;
    addValidation(this, () => {
      const issues = new ValidationIssues();
      if (shape.error) issues.addZod([], shape.error);
      this.existing.forEach((name, index) => {
        if (isToken(name)) return;
        for (const issue of validateScopeDefinition({ name })) issues.add(['existing', index], issue.message);
      });
      return issues;
    });
  }

  /** Declares a scope named `name` (also its construct id), e.g. `catalog.addScope('read', { description })`. */
  addScope(name: ScopeName, props: Omit<ScopeProps, 'name'> = {}): Scope {
    return new Scope(this, name, { ...props, name });
  }

  /** The scopes declared in this catalog. */
  get scopes(): Scope[] {
    return this.node.children.filter((c): c is Scope => c instanceof Scope);
  }

  /** The scope named `name` in the catalogs of this organization in the stack, a built-in, or an existing one; undefined if none. */
  find(name: string): IScope | undefined {
    if (isBuiltInScope(name)) return Scope.builtIn(name);
    const catalogs = ScopeCatalog.forProvider(this, this.provider);
    for (const catalog of catalogs) {
      const found = catalog.scopes.find((s) => s.scopeName === name);
      if (found) return found;
    }
    if (catalogs.some((c) => c.existing.includes(name))) return Scope.fromName(name);
    return undefined;
  }

  /** One scope's problems with src/core's rules, against the catalogs of the same organization in the stack. */
  validateScope(scope: Scope): ValidationIssues {
    const issues = new ValidationIssues();
    const catalogs = ScopeCatalog.forProvider(this, this.provider);
    const declared = catalogs.flatMap((c) => c.scopes);

    const name = isToken(scope.scopeName) ? undefined : scope.scopeName;
    const definition = { name, description: isToken(scope.description) ? undefined : scope.description, includes: literalIncludes(scope) };
    const own = validateScopeDefinition({ ...definition, includes: definition.includes.map((i) => i.name) });
    issues.addCore([], own, (path) => mapIncludePath(path, definition.includes));
    if (name === undefined || own.some((i) => i.path[0] === 'name')) return issues;

    const twin = declared.find((other) => other !== scope && other.scopeName === name);
    if (twin && declared.indexOf(twin) < declared.indexOf(scope)) {
      issues.add(['name'], `${JSON.stringify(name)} is already declared at ${twin.node.path}; declare each scope once`);
    }

    // Against the catalog as it will be: every declared scope, plus the existing ones (whose
    // includes are not known here) and the `Scope.fromName` scopes this one includes.
    const catalog: ScopeDefinition[] = [
      ...declared.filter((s) => s !== scope).map((s) => s.toDefinition()),
      ...catalogs.flatMap((c) => c.existing).map((n) => ({ name: n, includes: [] })),
    ];
    for (const included of scope.includes) {
      if (typeof included !== 'string' && included.origin === 'existing') catalog.push({ name: included.scopeName, includes: [] });
    }
    const result = validateCatalogChange(catalog, scope.toDefinition());
    if (result.ok) return issues;
    // A field validateScopeDefinition reported on already is not reported again; a cycle
    // elsewhere in the catalog is reported by the scopes on it.
    const seen = new Set(own.map((i) => i.path.join('.')));
    const cycle = result.code === 'SCOPE_CYCLE' ? findIncludeCycle([scope.toDefinition(), ...catalog]) : null;
    if (cycle !== null && !cycle.includes(name)) return issues;
    const fresh = result.issues.filter((i) => !seen.has(i.path.join('.')));
    issues.addCore([], fresh, (path) => mapIncludePath(path, definition.includes));
    return issues;
  }
}

/** The includes of `scope` whose names are known, with their positions in `scope.includes`. */
function literalIncludes(scope: Scope): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  scope.includes.forEach((included, index) => {
    const name = scopeNameOf(included);
    if (name !== undefined) out.push({ name, index });
  });
  return out;
}

/** A core path over the literal includes (`['includes', 2]`) → the prop path over all of them. */
function mapIncludePath(path: Issue['path'], includes: { index: number }[]): (string | number)[] {
  if (path[0] === 'includes' && typeof path[1] === 'number') return ['includes', includes[path[1]]?.index ?? path[1], ...path.slice(2)];
  return [...path];
}

/** The definitions of every scope declared for the organization of `provider` in `construct`'s stack (for resolvers). */
export function declaredScopeDefinitions(construct: IConstruct, provider: TerraformProvider | undefined): ScopeDefinition[] {
  return ScopeCatalog.forProvider(construct, provider).flatMap((c) => [
    ...c.scopes.filter((s) => !isToken(s.scopeName)).map((s) => s.toDefinition()),
    ...c.existing.map((name) => ({ name, includes: [] })),
  ]);
}
