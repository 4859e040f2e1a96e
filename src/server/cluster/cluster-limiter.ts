import { randomUUID } from 'node:crypto';
import { grantSize, RATE_LIMIT_WINDOW_SECONDS, type RateLimitDecision } from '../../core/rate-limit.js';
import type { RateLimitRepository } from '../../store/store.js';

/** What the pipeline counts requests with: answered at once, or after asking the cluster. */
export interface RequestLimiter {
  consume(id: string, limit: number, now: number): RateLimitDecision | Promise<RateLimitDecision>;
}

interface Bucket {
  window: number;
  /** Requests this node may still admit from its grants. */
  tokens: number;
  /** What the whole cluster was granted in this window, as of this node's last grant. */
  total: number;
  /** The cluster has granted all it may: refuse until the window ends. */
  exhausted: boolean;
  /** The grant being asked for, which every request that finds no token waits on. */
  pending: Promise<void> | null;
}

/**
 * A rate limit shared by every node of a PostgreSQL database. Each node admits requests from
 * grants it takes from the database in chunks (see `grantSize` in src/core/rate-limit.ts): a request that finds a
 * token is decided at once, in memory; one that finds none waits for the next grant, shared
 * by every request waiting on the same bucket. Fixed windows of a minute, aligned to the
 * clock as on one node, so `RateLimit` headers mean the same everywhere.
 */
export class ClusterLimiter implements RequestLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly windowMs: number;
  private window = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly grants: RateLimitRepository,
    readonly nodeId: string = randomUUID(),
    readonly windowSeconds: number = RATE_LIMIT_WINDOW_SECONDS,
  ) {
    this.windowMs = windowSeconds * 1000;
  }

  consume(id: string, limit: number, now: number): RateLimitDecision | Promise<RateLimitDecision> {
    const bucket = this.bucket(id, now);
    if (bucket.tokens > 0) {
      bucket.tokens--;
      return this.decision(true, limit, bucket, now);
    }
    if (bucket.exhausted) return this.decision(false, limit, bucket, now);
    bucket.pending ??= this.grants
      .grant({
        bucket: id,
        windowStart: bucket.window * this.windowMs,
        nodeId: this.nodeId,
        decide: (total, nodes) => grantSize(limit, total, nodes),
      })
      .then(({ granted, total }) => {
        bucket.tokens += granted;
        bucket.total = total;
        if (granted === 0) bucket.exhausted = true;
      })
      .finally(() => {
        bucket.pending = null;
      });
    return bucket.pending.then(() => this.consume(id, limit, now));
  }

  /** Forgets grants of windows before the current one (housekeeping). */
  async forgetOldWindows(now: number): Promise<void> {
    await this.grants.deleteBefore((Math.floor(now / this.windowMs) - 1) * this.windowMs);
  }

  private bucket(id: string, now: number): Bucket {
    const window = Math.floor(now / this.windowMs);
    if (window > this.window) {
      // A new window: every bucket of the old one is dead at once.
      this.window = window;
      this.buckets.clear();
    }
    let bucket = this.buckets.get(id);
    if (!bucket) this.buckets.set(id, (bucket = { window, tokens: 0, total: 0, exhausted: false, pending: null }));
    return bucket;
  }

  private decision(allowed: boolean, limit: number, bucket: Bucket, now: number): RateLimitDecision {
    const resetSeconds = Math.min(this.windowSeconds, Math.max(1, Math.ceil(((bucket.window + 1) * this.windowMs - now) / 1000)));
    // The cluster's count is known as of this node's last grant, less what it has not used.
    const remaining = allowed ? Math.max(0, limit - (bucket.total - bucket.tokens)) : 0;
    return { allowed, limit, remaining, resetSeconds, retryAfterSeconds: allowed ? null : resetSeconds, windowSeconds: this.windowSeconds };
  }
}
