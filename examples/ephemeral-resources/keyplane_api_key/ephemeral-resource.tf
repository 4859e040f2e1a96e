# A key made for this run only: Terraform creates it when it opens the resource, revokes it
# at the end of the run, and never writes its secret to the plan or the state.
ephemeral "keyplane_api_key" "smoke_test" {
  name   = "smoke-test"
  scopes = ["keys:read"]
  ttl    = "1h"
}

# Ephemeral values go only where Terraform stores nothing, such as a provider configuration:
# here a second configuration of the provider works with the short-lived, read-only key.
provider "keyplane" {
  alias   = "read_only"
  api_key = ephemeral.keyplane_api_key.smoke_test.secret
}
