# The key the provider authenticates with: for example, to check that it holds the scopes a
# configuration is about to grant.
data "keyplane_myself" "current" {}

output "provider_key_scopes" {
  value = data.keyplane_myself.current.effective_scopes
}
