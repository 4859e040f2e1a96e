/** A key's or a member's status as a labelled badge (text, not color alone). */

const LABELS: Record<string, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
  not_yet_valid: 'Not yet valid',
  invited: 'Invited',
  suspended: 'Suspended',
  locked: 'Locked',
};

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{LABELS[status] ?? status}</span>;
}
