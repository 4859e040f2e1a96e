/** A one-time link (invitation, password reset, first owner's set-up), shown this once. */

import type { InvitedMember } from '../api.js';
import { SecretDialog } from '../components/secret-dialog.js';
import { Time } from '../components/time.js';

const PURPOSES = {
  invitation: 'invitation link',
  password_reset: 'password reset link',
  owner_setup: "first owner's set-up link",
} as const;

export function InvitationLinkDialog({ title, invitation, onClose }: { title: string; invitation: InvitedMember['invitation']; onClose: () => void }) {
  const what = PURPOSES[invitation.purpose];
  return (
    <SecretDialog
      title={title}
      onClose={onClose}
      label={`The ${what}`}
      value={invitation.url}
      warning={`This is the only time the ${what} is shown. Copy it and pass it on yourself: it works once, and Keyplane cannot show it again (an administrator can make a new one).`}
      confirmText="I have copied the link and understand I will not see it again"
    >
      <p>
        It works until <Time value={invitation.expires_at} />.
      </p>
    </SecretDialog>
  );
}
