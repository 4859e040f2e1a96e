# keyplane_scope with Terraform's own test runner: create with includes, read through the
# catalog data source, update in place. The teardown revokes the key holding the scope
# before deleting the scopes (dependency order), which the service requires.

variables {
  prefix = "tftest"
}

run "create" {
  command = apply

  module {
    source = "./modules/scope"
  }

  assert {
    condition     = keyplane_scope.tier.includes == toset(["tftest.read", "keys:read"]) && keyplane_scope.tier.created_at != null
    error_message = "The scope was not created with its includes."
  }

  assert {
    condition = contains([
      for s in data.keyplane_scopes.catalog.scopes : s.name if !s.built_in && s.description == "Everything agents may do"
    ], "tftest.agentic")
    error_message = "The catalog does not list the new scope."
  }

  assert {
    condition     = length([for s in data.keyplane_scopes.catalog.scopes : s if s.built_in]) >= 7
    error_message = "The catalog must list the built-in scopes too."
  }

  assert {
    # admin stands for everything of the organization, catalog scopes included.
    condition     = contains(data.keyplane_myself.me.effective_scopes, "tftest.agentic")
    error_message = "The provider's admin key does not hold the new scope."
  }

  assert {
    condition     = keyplane_api_key.holder.status == "active"
    error_message = "A key may hold a catalog scope."
  }
}

run "update_in_place" {
  command = apply

  module {
    source = "./modules/scope"
  }

  variables {
    description = "Agents, second edition"
  }

  assert {
    condition     = keyplane_scope.tier.description == "Agents, second edition" && keyplane_scope.tier.created_at == run.create.created_at
    error_message = "The description was not changed in place."
  }
}
