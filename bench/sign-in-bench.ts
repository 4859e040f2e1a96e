import { performance } from 'node:perf_hooks';
import { PasswordHasher } from '../src/server/people/password-hasher.js';
import { measure, type LoadResult } from './load.js';
import type { Started } from './processes.js';
import type { SeededDatabase } from './seed.js';

export interface SignInReport {
  /** Median time of one `POST /v1/sessions`, seen by the client (ms). */
  signInMedianMs: number;
  /** Median time of one password hash with the service's parameters, in this process (ms). */
  hashMedianMs: number;
  signIns: number;
  /** GET /v1/myself made with a session cookie instead of an API key. */
  sessionMyself: LoadResult;
}

/** Sign-ins a run measures: under the per-e-mail limit of ten a minute. */
const SIGN_INS = 9;

/**
 * What a person's sign-in costs, beside its floor: the memory-hard hash it must do (measured
 * here, in this process, with the service's parameters), and what a signed-in request costs
 * beside a key-authenticated one (same route, same server, same run).
 */
export async function benchSignIn(service: Started, seeded: SeededDatabase, seconds: number): Promise<SignInReport> {
  const hasher = new PasswordHasher();
  const stored = await hasher.hash(seeded.member.password);
  const hashTimes: number[] = [];
  const signInTimes: number[] = [];
  let cookie = '';
  for (let i = 0; i < SIGN_INS; i++) {
    let started = performance.now();
    await hasher.verify(seeded.member.password, stored);
    hashTimes.push(performance.now() - started);

    started = performance.now();
    const response = await fetch(`${service.url}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organization: 'bench', email: seeded.member.email, password: seeded.member.password }),
    });
    signInTimes.push(performance.now() - started);
    if (response.status !== 201) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
    cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  }
  const sessionMyself = await measure({
    name: 'GET /v1/myself with a session cookie',
    url: `${service.url}/v1/myself`,
    method: 'GET',
    headers: { cookie },
    seconds,
    serverPid: service.child.pid,
  });
  return { signInMedianMs: median(signInTimes), hashMedianMs: median(hashTimes), signIns: SIGN_INS, sessionMyself };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
