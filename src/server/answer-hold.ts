/**
 * Holds back answers to clients that keep failing (a flood of dead keys), so that their
 * connections spend the time idle instead of costing CPU. Bounded: past `max` answers held at
 * once, answers go out at once, so held answers can never pile up in memory. Only answers
 * that refuse are ever held.
 */
export class AnswerHold {
  private held = 0;

  constructor(private readonly max: number) {}

  /** Runs `send` after `ms`, or now when `ms` is 0 or `max` answers are already held. */
  after(ms: number, send: () => void): void | Promise<void> {
    if (ms <= 0 || this.held >= this.max) return send();
    this.held++;
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        this.held--;
        send();
        resolve();
      }, ms).unref();
    });
  }

  /** Answers held right now (for tests and metrics). */
  get size(): number {
    return this.held;
  }
}
