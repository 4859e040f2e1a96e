import type { Store } from '../../store/store.js';
import { PeriodicRecorder } from './periodic-recorder.js';

type Usage = Array<{ id: string; at: number }>;

/**
 * Collects `last_used_at` updates in memory and writes them in one batch every few seconds,
 * so that a verification or an authenticated request never waits for a write. The contract
 * documents the resulting precision ("recorded within a few seconds"). Memory is bounded by
 * the number of keys in use: one entry a key, the latest use.
 */
export class UsageRecorder extends PeriodicRecorder<Usage> {
  private pending = new Map<string, number>();

  constructor(
    private readonly store: Store,
    intervalMs: number,
    onError: (error: unknown) => void,
  ) {
    super(intervalMs, onError);
  }

  /** Remembers that key `id` was used at `at` (epoch ms). O(1), no I/O. */
  record(id: string, at: number): void {
    this.pending.set(id, at);
  }

  protected take(): Usage | null {
    if (this.pending.size === 0) return null;
    const batch = [...this.pending].map(([id, at]) => ({ id, at }));
    this.pending = new Map();
    return batch;
  }

  protected write(batch: Usage): Promise<void> {
    return this.store.keys.touchLastUsed(batch);
  }
}
