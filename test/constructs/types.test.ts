/** The props are typed from the contract: what the compiler accepts and refuses. */
import { describe, expectTypeOf, it } from 'vitest';
import type { components } from '../../src/api/schema.js';
import { Expiry, IpRule, Rotation, Scope, type ApiKeyProps, type IpRuleSpec, type KeyMetadata, type ScopeLike } from '../../constructs/index.js';

describe('construct types', () => {
  it('come from the contract', () => {
    expectTypeOf<IpRuleSpec>().toEqualTypeOf<components['schemas']['IpRule']>();
    expectTypeOf<KeyMetadata>().toEqualTypeOf<components['schemas']['Metadata']>();
    expectTypeOf(IpRule.allow('203.0.113.0/24').action).toEqualTypeOf<'allow' | 'deny'>();
    expectTypeOf<'keys:read'>().toExtend<ScopeLike>();
    expectTypeOf<'EXPORT_READ'>().toExtend<ScopeLike>();
    expectTypeOf<NonNullable<ApiKeyProps['expiry']>>().toEqualTypeOf<Expiry>();
  });

  it('refuse what cannot be right', () => {
    // @ts-expect-error: a CIDR is a string
    IpRule.allow(203);
    // @ts-expect-error: only the contract's actions
    IpRule.fromSpec({ action: 'block', cidr: '10.0.0.0/8' });
    // @ts-expect-error: not a built-in scope
    Scope.builtIn('keys:delete');
    // @ts-expect-error: no such duration unit
    Expiry.after({ weeks: 2 });
    // @ts-expect-error: triggers are strings
    Rotation.onChange({ generation: 2 });
    // @ts-expect-error: a name is required
    const props: ApiKeyProps = { scopes: ['read'] };
    void props;
  });
});
