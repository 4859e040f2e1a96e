/**
 * Gives each call its own AbortSignal that follows the caller's.
 *
 * Why: openapi-fetch builds a `Request` with the `signal` of the call, and Node's Request
 * (undici) ties itself to that signal with a listener that is removed only when the Request
 * is garbage-collected, after reading the signal's whole listener list. A program that passes
 * one long-lived signal with every call (the Terraform provider passes its stop signal) piled
 * up thousands of listeners on it, made every new Request slower than the last, and got
 * MaxListenersExceededWarning past 1,500. With a signal per call, the long-lived one holds a
 * single listener while calls are in flight, removed when the last is over; aborting it
 * aborts the calls in flight exactly as before.
 */
import type { Client } from 'openapi-fetch';

import { aroundEveryCall } from './around-every-call.js';

/** The calls in flight with each caller's signal, and the one listener that aborts them all. */
const followers = new WeakMap<AbortSignal, { calls: Set<AbortController>; onAbort: () => void }>();

/**
 * A signal for one call that aborts when `callerSignal` does. The caller's signal gets one
 * listener however many calls are in flight (more than ten would make Node warn of a leak).
 */
function follow(callerSignal: AbortSignal): AbortController {
  const own = new AbortController();
  if (callerSignal.aborted) {
    own.abort(callerSignal.reason);
    return own;
  }
  let entry = followers.get(callerSignal);
  if (!entry) {
    const calls = new Set<AbortController>();
    const onAbort = (): void => {
      for (const call of calls) call.abort(callerSignal.reason);
    };
    entry = { calls, onAbort };
    followers.set(callerSignal, entry);
    callerSignal.addEventListener('abort', onAbort, { once: true });
  }
  entry.calls.add(own);
  return own;
}

function unfollow(callerSignal: AbortSignal, own: AbortController): void {
  const entry = followers.get(callerSignal);
  if (!entry || !entry.calls.delete(own) || entry.calls.size > 0) return;
  followers.delete(callerSignal);
  callerSignal.removeEventListener('abort', entry.onAbort);
}

/** Runs `call` with `init.signal` replaced by a signal of its own that follows it. */
async function withOwnSignal<T>(init: { signal?: AbortSignal | null } | undefined, call: (init: any) => Promise<T>): Promise<T> {
  const callerSignal = init?.signal;
  if (!callerSignal) return call(init);
  const own = follow(callerSignal);
  try {
    return await call({ ...init, signal: own.signal });
  } finally {
    unfollow(callerSignal, own);
  }
}

/** `api` with every call given a signal of its own (see the module comment). */
export function withCallSignals<C extends Client<any, any>>(api: C): C {
  return aroundEveryCall(api, (options, call) => withOwnSignal(options as { signal?: AbortSignal | null } | undefined, call));
}
