import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ProblemError } from '../problem.js';

/**
 * scrypt's cost, from OWASP's password storage table (N=2^15, r=8, p=3: the same work as
 * its first choice, N=2^17 with p=1, in a quarter of the memory). 32 MiB a hash, about a
 * quarter of a second on the 2-core machine the benchmarks run on: an attacker with the
 * database pays that for every guess of every password, a person once per sign-in.
 */
export interface ScryptParameters {
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = { log2N: 15, r: 8, p: 3 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export interface PasswordHasherOptions {
  parameters: ScryptParameters;
  /** Hashes computed at once: each holds a libuv thread and its memory. */
  concurrency: number;
  /** Hashes waiting for a turn; past it the answer is 503, so a flood of sign-ins queues nothing unbounded. */
  maxWaiting: number;
}

export const DEFAULT_PASSWORD_HASHER_OPTIONS: PasswordHasherOptions = {
  parameters: DEFAULT_SCRYPT_PARAMETERS,
  concurrency: 2,
  maxWaiting: 64,
};

/**
 * Memory-hard password hashes, in the PHC string format (`$scrypt$ln=15,r=8,p=3$salt$hash`),
 * so that the parameters travel with each hash and can be raised later without breaking
 * stored ones. Passwords are normalized to NFKC first, so the same password typed on two
 * keyboards is the same password. Work runs in libuv's pool, never on the event loop, a
 * bounded number at a time.
 */
export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** What an unknown e-mail is checked against, so it costs what a wrong password costs. */
  private decoy: Promise<string> | undefined;

  constructor(private readonly options: PasswordHasherOptions = DEFAULT_PASSWORD_HASHER_OPTIONS) {}

  async hash(password: string): Promise<string> {
    const { log2N, r, p } = this.options.parameters;
    const salt = randomBytes(SALT_BYTES);
    const derived = await this.derive(password, salt, this.options.parameters);
    return `$scrypt$ln=${log2N},r=${r},p=${p}$${salt.toString('base64').replace(/=+$/, '')}$${derived.toString('base64').replace(/=+$/, '')}`;
  }

  /**
   * True when `password` matches `stored`. With `stored` null (no such member, or one who
   * never set a password) the same work is done against a decoy and the answer is false, so
   * the time taken tells nothing.
   */
  async verify(password: string, stored: string | null): Promise<boolean> {
    const parsed = stored === null ? null : FORMAT.exec(stored);
    const target = parsed ?? FORMAT.exec(await this.decoyHash())!;
    const parameters = { log2N: Number(target[1]), r: Number(target[2]), p: Number(target[3]) };
    const expected = Buffer.from(target[5]!, 'base64');
    const derived = await this.derive(password, Buffer.from(target[4]!, 'base64'), parameters);
    return parsed !== null && derived.length === expected.length && timingSafeEqual(derived, expected);
  }

  /** True when `stored` was made with weaker parameters than today's, and should be rehashed at the next sign-in. */
  needsRehash(stored: string): boolean {
    const parsed = FORMAT.exec(stored);
    if (!parsed) return true;
    const { log2N, r, p } = this.options.parameters;
    return Number(parsed[1]) < log2N || Number(parsed[2]) < r || Number(parsed[3]) < p;
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= this.hash(randomBytes(24).toString('base64'));
    return this.decoy;
  }

  private async derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
    await this.turn();
    try {
      const options: ScryptOptions = {
        N: 2 ** parameters.log2N,
        r: parameters.r,
        p: parameters.p,
        // scrypt needs 128 * N * r bytes; Node refuses more than maxmem (32 MiB by default).
        maxmem: 256 * 2 ** parameters.log2N * parameters.r,
      };
      return await new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, HASH_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
      );
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private turn(): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxWaiting) {
      throw new ProblemError('SERVICE_UNAVAILABLE', 'Too many sign-ins are being checked at once. Try again in a few seconds.', {
        headers: { 'Retry-After': '2' },
      });
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.running++;
        resolve();
      }),
    );
  }
}
