# A colleague who may look at keys and the audit trail. Creating the resource invites her;
# Keyplane sends no e-mail: pass the one-time link on yourself.
resource "keyplane_member" "ada" {
  email        = "ada@example.com"
  display_name = "Ada Lovelace"
  scopes       = ["keys:read", "audit:read"]
}

# An administrator. `suspended = true` (once they have accepted the invitation) ends their
# sessions and keeps them out until it is false again, e.g. while they are on leave.
resource "keyplane_member" "grace" {
  email     = "grace@example.com"
  scopes    = ["admin"]
  suspended = false
}

# The invitation link (`terraform output -raw ada_invitation_url`). It works once, for a
# week; it is in the state too, so keep the state encrypted.
output "ada_invitation_url" {
  value     = keyplane_member.ada.invitation_url
  sensitive = true
}
