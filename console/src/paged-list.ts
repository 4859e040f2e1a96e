/**
 * A list the service gives a page at a time (members, organizations, audit events; scopes and
 * sessions come in one): the rows loaded so far, why the last page did not come, and the
 * next page on request. An answer that arrives after the list changed is dropped.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import type { KeyplaneProblem, Result } from './api.js';

/** A page as the service answers a list: its items and the cursor of the next (null at the end). */
export interface ListPage<T> {
  data: T[];
  next_cursor?: string | null;
}

export interface PagedList<T> {
  /** The rows loaded so far; null until the first page arrives. */
  items: T[] | null;
  problem: KeyplaneProblem | null;
  /** Whether the service has more pages. */
  hasMore: boolean;
  /** Appends the next page. */
  loadMore: () => void;
  /** Loads the list again from its first page (after a change to it); the rows stay until the new ones arrive. */
  reload: () => void;
}

export interface PagedListOptions {
  /** Which list (its filters, the key it is about): another one starts empty, showing that it loads. */
  list?: string;
  /** A change to it (from elsewhere on the page) loads the list again, as `reload` does. */
  version?: number;
}

/** Loads the list's first page now and whenever it changes; `fetchPage(null)` is the first page. */
export function usePagedList<T>(fetchPage: (cursor: string | null) => Promise<Result<ListPage<T>>>, { list = '', version = 0 }: PagedListOptions = {}): PagedList<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<KeyplaneProblem | null>(null);
  const [reloads, setReloads] = useState(0);
  const shownList = useRef(list);
  const take = (result: Result<ListPage<T>>) => {
    setProblem(result.problem ?? null);
    setNext(result.data?.next_cursor ?? null);
    return result.data?.data ?? [];
  };
  useEffect(() => {
    let live = true;
    if (shownList.current !== list) {
      shownList.current = list;
      setItems(null);
    }
    void fetchPage(null).then((result) => {
      if (live) setItems(take(result));
    });
    return () => {
      live = false;
    };
  }, [list, version, reloads]);
  return {
    items,
    problem,
    hasMore: next !== null,
    loadMore: () => {
      if (next === null) return;
      void fetchPage(next).then((result) => {
        const page = take(result);
        setItems((current) => [...(current ?? []), ...page]);
      });
    },
    reload: () => setReloads((n) => n + 1),
  };
}
