/**
 * Stopping: Terraform sends StopProvider on Ctrl-C and waits for operations in flight. The
 * framework aborts `context.stopSignal` with a {@link ProviderStoppedError}; resources and the
 * clients they use should then send nothing new (no retry, no next page) but let a request
 * that may already have changed something finish, so its result reaches the state.
 */

/** The reason of an aborted `stopSignal`; also what a client throws instead of sending after a stop. */
export class ProviderStoppedError extends Error {
  override name = 'ProviderStoppedError';
  constructor() {
    super('Terraform asked the provider to stop (interrupt); no further request was sent.');
  }
}

/** Whether `error` (or its cause) comes from a stop. */
export function isProviderStopped(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ProviderStoppedError || e.name === 'ProviderStoppedError') return true;
  }
  return false;
}
