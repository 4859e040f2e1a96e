/**
 * The time a plan decides by.
 *
 * Terraform plans a resource twice: at `terraform plan`, and again during apply with the
 * values learned so far, and the second plan may not contradict the first ("Provider produced
 * inconsistent final plan"). A decision that depends on the clock, such as a rotation falling
 * due, could flip in between. So a refresh (ReadResource) records its time in the resource's
 * private state, and both plans decide as of that time: Terraform hands the refreshed private
 * state to the plan and to the plan it makes again during apply. Apply removes the time, so a
 * plan made without a refresh (`-refresh=false`) decides by the clock, as before.
 */

const REFRESHED_AT = 'refreshed_at';
const utf8 = new TextEncoder();

type PrivateFields = Record<string, unknown>;

function fieldsOf(bytes: Uint8Array | undefined): PrivateFields {
  if (!bytes || bytes.length === 0) return {};
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PrivateFields) : {};
  } catch {
    return {}; // not ours: a state written by another provider version starts afresh
  }
}

function bytesOf(fields: PrivateFields): Uint8Array | undefined {
  return Object.keys(fields).length === 0 ? undefined : utf8.encode(JSON.stringify(fields));
}

/** The private state of a resource just refreshed at `now`. */
export function withRefreshTime(bytes: Uint8Array | undefined, now: number): Uint8Array | undefined {
  return bytesOf({ ...fieldsOf(bytes), [REFRESHED_AT]: now });
}

/** The private state without a refresh time (after apply: the next plan refreshes, or uses the clock). */
export function withoutRefreshTime(bytes: Uint8Array | undefined): Uint8Array | undefined {
  const fields = fieldsOf(bytes);
  if (!(REFRESHED_AT in fields)) return bytes;
  delete fields[REFRESHED_AT];
  return bytesOf(fields);
}

/** The time to plan by: the last refresh's, or `clock` when there was none since the last apply. */
export function decisionTime(bytes: Uint8Array | undefined, clock: number = Date.now()): number {
  const refreshedAt = fieldsOf(bytes)[REFRESHED_AT];
  return typeof refreshedAt === 'number' && Number.isFinite(refreshedAt) ? refreshedAt : clock;
}
