# ephemeral "keyplane_api_key" with Terraform's own test runner: the key it opens works as the
# credential of another provider configuration, with exactly the scopes asked for and an
# expiry of about ttl from now. (That the key is revoked afterwards and its secret is in no
# state is checked by test/provider/e2e/api-key-ephemeral.test.ts, which can ask the service.)

run "the_ephemeral_key_authenticates_a_provider" {
  command = apply

  module {
    source = "./modules/ephemeral-key"
  }

  assert {
    condition     = data.keyplane_myself.short_lived.name == "terraform test ephemeral"
    error_message = "The second provider configuration does not use the ephemeral key."
  }

  assert {
    condition     = data.keyplane_myself.short_lived.effective_scopes == toset(["keys:read"])
    error_message = "The ephemeral key must hold exactly the scopes asked for."
  }

  assert {
    condition     = timecmp(data.keyplane_myself.short_lived.expires_at, plantimestamp()) > 0 && timecmp(data.keyplane_myself.short_lived.expires_at, timeadd(plantimestamp(), "16m")) < 0
    error_message = "The ephemeral key must expire about ttl (15m) after it was opened."
  }
}
