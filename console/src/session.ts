/**
 * The signed-in member as the service described them (sign-in or `GET /v1/sessions/current`),
 * for every page: who they are, their organization, and what they may do. What they may do
 * only decides what the console offers; the service refuses anything else anyway.
 */

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Organization, SignedIn } from './api.js';

export interface SessionState {
  signedIn: SignedIn;
  /** Whether the member holds `scope`, after includes. */
  can: (scope: string) => boolean;
  /** Replaces the organization after a change to it (name, policy). */
  setOrganization: (organization: Organization) => void;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

/** The session of the signed-in pages (they render only inside one). */
export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
