/**
 * The organization's scope catalog, read once and shared by the forms that grant scopes.
 * A member who may not read it (no `scopes:read`) picks from the scopes they hold, which are
 * the only ones they could grant anyway.
 */

import { useEffect, useState } from 'preact/hooks';
import { BUILT_IN_SCOPES, isBuiltInScope } from '../../src/core/scopes.js';
import { api, run, type KeyplaneProblem, type Scope } from './api.js';
import { useSession } from './session.js';

let cached: Promise<{ scopes: Scope[]; problem: KeyplaneProblem | null }> | null = null;

/** Forgets the catalog (after a scope is created, changed or deleted). */
export function forgetCatalog(): void {
  cached = null;
}

async function load(fallback: readonly string[]): Promise<{ scopes: Scope[]; problem: KeyplaneProblem | null }> {
  const result = await run(api.GET('/v1/scopes'));
  if (result.data) return { scopes: result.data.data, problem: null };
  const scopes = fallback.map((name) => ({
    name,
    description: isBuiltInScope(name) ? BUILT_IN_SCOPES[name].description : null,
    includes: [],
    built_in: isBuiltInScope(name),
    created_at: null,
    updated_at: null,
  }));
  return { scopes, problem: result.problem.status === 403 ? null : result.problem };
}

/** The catalog (null while loading), and the problem if it could not be read at all. */
export function useCatalog(): { scopes: Scope[] | null; problem: KeyplaneProblem | null } {
  const { signedIn } = useSession();
  const [state, setState] = useState<{ scopes: Scope[] | null; problem: KeyplaneProblem | null }>({ scopes: null, problem: null });
  useEffect(() => {
    let live = true;
    cached ??= load(signedIn.effective_scopes);
    void cached.then((loaded) => live && setState(loaded));
    return () => {
      live = false;
    };
  }, [signedIn]);
  return state;
}
