import type { Change } from '../../store/change-feed.js';
import type { Services } from '../context.js';

/** Drops what `change` names from this node's caches; the next request reads it afresh. */
export function forgetChange(services: Pick<Services, 'directory' | 'sessions'>, change: Change): void {
  switch (change.kind) {
    case 'key':
      return services.directory.forgetKey(change.id);
    case 'organization':
      return services.directory.forgetOrganization(change.id);
    case 'member':
      return services.sessions.forgetMember(change.id);
    case 'session':
      return services.sessions.forgetSession(change.tokenHash);
  }
}

/**
 * Keeps this node's caches in step with the other nodes': each change they announce is
 * dropped as it arrives, and everything is dropped when announcements may have been lost (the
 * listening connection dropped). On SQLite there is nothing to hear.
 */
export function listenForChanges(services: Pick<Services, 'directory' | 'sessions' | 'store'>): Promise<() => Promise<void>> {
  return services.store.listen({
    onChange: (change) => forgetChange(services, change),
    onGap: () => {
      services.directory.clear();
      services.sessions.clear();
    },
  });
}
