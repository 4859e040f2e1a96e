import type { Store } from '../store/store.js';

/**
 * Collects `last_used_at` updates in memory and writes them in one batch every few seconds,
 * so that a verification or an authenticated request never waits for a write. The contract
 * documents the resulting precision ("recorded within a few seconds").
 */
export class UsageRecorder {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Remembers that key `id` was used at `at` (epoch ms). O(1), no I/O. */
  record(id: string, at: number): void {
    this.pending.set(id, at);
  }

  /** Writes what was collected; concurrent calls queue behind each other. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending].map(([id, at]) => ({ id, at }));
      this.pending = new Map();
      try {
        await this.store.keys.touchLastUsed(batch);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
