/**
 * What the service's recorders share: things noted on the request path in memory (O(1), no
 * I/O) and written in one batch on a timer, so that no request waits for a write. A flush
 * takes what was collected and writes it; flushes queue behind each other, and `stop()`
 * writes what is left, so a graceful shutdown loses nothing.
 */
export abstract class PeriodicRecorder<Batch> {
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Takes what was collected (leaving the recorder empty), or null when there is nothing. */
  protected abstract take(): Batch | null;
  /** Writes one batch. */
  protected abstract write(batch: Batch): Promise<void>;

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Writes what was collected; concurrent calls queue behind each other. A failure is reported, not thrown. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.take();
      if (batch === null) return;
      try {
        await this.write(batch);
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
