import { newAuditEventId } from '../../core/ids.js';
import { FixedWindowLimiter } from '../../core/rate-limit.js';
import type { AuditEventRecord } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import { PeriodicRecorder } from './periodic-recorder.js';

/** A refused authentication or verification, as the request path notes it. */
export type Refusal = Omit<AuditEventRecord, 'id' | 'action'> & {
  /**
   * Whose refusals these are, for the per-source bound: the client address for an
   * authentication, the end client's address (or the gateway key) for a verification.
   */
  source: string;
  /** `auth.refused` unless said otherwise: a refused sign-in is `session.refused`. */
  action?: 'auth.refused' | 'session.refused';
};

export interface RefusalRecorderOptions {
  /** How often pending refusals are written; also the window in which repeats coalesce. */
  flushMs: number;
  /** Distinct pending events at most; past it new ones are counted as dropped. */
  maxPending: number;
  /**
   * Refusals a minute from one source that are recorded in full (hint, path); past it they
   * are folded into one event per source and code with a count.
   */
  detailedPerSourcePerMinute: number;
}

export const DEFAULT_REFUSAL_RECORDER_OPTIONS: RefusalRecorderOptions = {
  flushMs: 2_000,
  maxPending: 10_000,
  detailedPerSourcePerMinute: 20,
};

interface Pending {
  event: AuditEventRecord;
  count: number;
  lastAt: number;
}

interface Batch {
  events: AuditEventRecord[];
}

/**
 * Writes refused authentications and verifications to the audit trail off the request path,
 * so that a flood of dead keys can neither stall the service nor fill its disk:
 * - `record` is O(1) and does no I/O; a flush writes every pending event in one transaction;
 * - repeats within a flush window (same organization, key, hint, address, code…) coalesce into
 *   one event whose `details.count` says how many there were, with `first_at`/`last_at`;
 * - past `detailedPerSourcePerMinute` refusals from one source in a minute, the rest are
 *   folded into one event per source and code (`details.folded: true`), so a source making up
 *   a new key for every request adds a few rows a window, not one a request;
 * - past `maxPending` distinct events, new ones are dropped, counted, and the count is
 *   written as an `audit.dropped` event: nothing is lost silently.
 * What a crash loses is bounded by one flush window; a graceful stop flushes.
 */
export class RefusalRecorder extends PeriodicRecorder<Batch> {
  private pending = new Map<string, Pending>();
  private dropped = 0;
  private droppedSince: number | null = null;
  private readonly perSource = new FixedWindowLimiter();

  constructor(
    private readonly store: Store,
    private readonly options: RefusalRecorderOptions,
    onError: (error: unknown) => void,
  ) {
    super(options.flushMs, onError);
  }

  /** Notes one refusal. O(1), no I/O. */
  record(refusal: Refusal): void {
    const { source, action = 'auth.refused', ...fields } = refusal;
    const detailed = this.perSource.consume(source, this.options.detailedPerSourcePerMinute, refusal.occurredAt).allowed;
    const event: Omit<AuditEventRecord, 'id'> = detailed
      ? { ...fields, action }
      : {
          ...fields,
          action,
          actor: null,
          targetType: null,
          targetId: null,
          details: { code: fields.details.code, ...(fields.details.via ? { via: fields.details.via } : {}), folded: true },
        };
    const identity = coalescingIdentity(event);
    const existing = this.pending.get(identity);
    if (existing) {
      existing.count++;
      existing.lastAt = refusal.occurredAt;
      return;
    }
    if (this.pending.size >= this.options.maxPending) {
      this.dropped++;
      this.droppedSince ??= refusal.occurredAt;
      return;
    }
    this.pending.set(identity, { event: { ...event, id: newAuditEventId(refusal.occurredAt) }, count: 1, lastAt: refusal.occurredAt });
  }

  /** Events waiting for the next flush (for tests and metrics). */
  get pendingCount(): number {
    return this.pending.size;
  }

  protected take(): Batch | null {
    if (this.pending.size === 0 && this.dropped === 0) return null;
    const events = [...this.pending.values()].map(({ event, count, lastAt }) =>
      count === 1 ? event : { ...event, details: { ...event.details, count, first_at: iso(event.occurredAt), last_at: iso(lastAt) } },
    );
    if (this.dropped > 0) {
      const at = this.droppedSince ?? Date.now();
      events.push({
        id: newAuditEventId(at),
        organizationId: null,
        action: 'audit.dropped',
        actor: null,
        targetType: null,
        targetId: null,
        ip: null,
        requestId: 'recorder',
        occurredAt: at,
        details: { dropped: this.dropped, reason: `more than ${this.options.maxPending} distinct refusals within one flush window` },
      });
    }
    this.pending = new Map();
    this.dropped = 0;
    this.droppedSince = null;
    return { events };
  }

  protected write(batch: Batch): Promise<void> {
    return this.store.audit.appendMany(batch.events);
  }
}

function coalescingIdentity(event: Omit<AuditEventRecord, 'id'>): string {
  const { action, organizationId, actor, targetId, ip, details } = event;
  return JSON.stringify([action, organizationId, actor?.id ?? null, targetId, ip, details]);
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
