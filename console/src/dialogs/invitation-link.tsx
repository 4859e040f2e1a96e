/** A one-time link (invitation, password reset, first owner's set-up), shown this once. */

import type { InvitedMember } from '../api.js';
import { SecretReveal } from '../components/secret-reveal.js';
import { Time } from '../components/time.js';

const PURPOSES = {
  invitation: 'invitation link',
  password_reset: 'password reset link',
  owner_setup: "first owner's set-up link",
} as const;

export function InvitationLink({ invitation, stored, onStored }: { invitation: InvitedMember['invitation']; stored: boolean; onStored: (stored: boolean) => void }) {
  const what = PURPOSES[invitation.purpose];
  return (
    <>
      <SecretReveal
        label={`The ${what}`}
        value={invitation.url}
        confirmed={stored}
        onConfirmed={onStored}
        warning={`This is the only time the ${what} is shown. Copy it and pass it on yourself: it works once, and Keyplane cannot show it again (an administrator can make a new one).`}
        confirmText="I have copied the link and understand I will not see it again"
      />
      <p>
        It works until <Time value={invitation.expires_at} />.
      </p>
    </>
  );
}
