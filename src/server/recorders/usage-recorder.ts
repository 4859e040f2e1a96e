import { PeriodicRecorder } from './periodic-recorder.js';

/** Latest uses, one entry per id. */
export type Uses = Array<{ id: string; at: number }>;

/**
 * Collects "last used" times in memory and writes them in one batch every few seconds, so
 * that a verification or an authenticated request never waits for a write: keys'
 * `last_used_at`, sessions' `last_seen_at`. The contract documents the resulting precision
 * ("recorded within a few seconds"). Memory is bounded by the number of ids in use: one
 * entry an id, the latest use.
 */
export class UsageRecorder extends PeriodicRecorder<Uses> {
  private pending = new Map<string, number>();

  constructor(
    private readonly writeUses: (uses: Uses) => Promise<void>,
    intervalMs: number,
    onError: (error: unknown) => void,
  ) {
    super(intervalMs, onError);
  }

  /** Remembers that `id` was used at `at` (epoch ms). O(1), no I/O. */
  record(id: string, at: number): void {
    this.pending.set(id, at);
  }

  /** The use of `id` noted here and not yet written, if any. */
  pendingUse(id: string): number | undefined {
    return this.pending.get(id);
  }

  protected take(): Uses | null {
    if (this.pending.size === 0) return null;
    const batch = [...this.pending].map(([id, at]) => ({ id, at }));
    this.pending = new Map();
    return batch;
  }

  protected write(batch: Uses): Promise<void> {
    return this.writeUses(batch);
  }
}
