/** "More …" under a list the service gives a page at a time, while it has more pages. */

import type { PagedList } from '../paged-list.js';

export function MoreButton({ list, label }: { list: Pick<PagedList<unknown>, 'hasMore' | 'loadMore'>; label: string }) {
  if (!list.hasMore) return null;
  return (
    <button type="button" class="button" onClick={list.loadMore}>
      {label}
    </button>
  );
}
