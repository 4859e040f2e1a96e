# The organization's scope catalog, built-in scopes included.
data "keyplane_scopes" "all" {}

output "scope_names" {
  value = [for scope in data.keyplane_scopes.all.scopes : scope.name]
}
