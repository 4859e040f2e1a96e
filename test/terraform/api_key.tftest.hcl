# keyplane_api_key with Terraform's own test runner: plan, create, read back through the data
# source, update in place, and a bad CIDR refused at plan time.

variables {
  name         = "terraform test key"
  allowed_cidr = "10.20.30.40/16"
}

run "plan_shows_the_configuration" {
  command = plan

  module {
    source = "./modules/api-key"
  }

  assert {
    condition     = keyplane_api_key.this.name == "terraform test key" && length(keyplane_api_key.this.ip_rule) == 1
    error_message = "The plan does not carry the configured name and IP rule."
  }
}

run "create" {
  command = apply

  module {
    source = "./modules/api-key"
  }

  assert {
    condition     = keyplane_api_key.this.status == "active"
    error_message = "A new key must be active, got ${keyplane_api_key.this.status}."
  }

  assert {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}_[a-z0-9]{1,32}_[0-9A-Za-z]{38}$", nonsensitive(keyplane_api_key.this.secret)))
    error_message = "The secret does not have the Keyplane format."
  }

  assert {
    condition     = startswith(keyplane_api_key.this.hint, "nm_") && keyplane_api_key.this.rotated_at == null
    error_message = "Unexpected hint or rotated_at."
  }

  assert {
    condition = (
      data.keyplane_api_key.read_back.name == "terraform test key" &&
      data.keyplane_api_key.read_back.status == "active" &&
      data.keyplane_api_key.read_back.scopes == toset(["keys:read"]) &&
      data.keyplane_api_key.read_back.metadata["suite"] == "terraform-test" &&
      data.keyplane_api_key.read_back.expires_at == "2035-01-01T00:00:00.000Z"
    )
    error_message = "The data source does not read back what was created."
  }

  assert {
    # The service keeps the canonical block; the resource keeps the notation written.
    condition     = one(data.keyplane_api_key.read_back.ip_rules).cidr == "10.20.0.0/16" && one(keyplane_api_key.this.ip_rule).cidr == "10.20.30.40/16"
    error_message = "IP rule notation: the service answers canonically, the state keeps the configuration."
  }
}

run "update_in_place" {
  command = apply

  module {
    source = "./modules/api-key"
  }

  variables {
    name   = "terraform test key (renamed)"
    scopes = ["keys:read", "keys:verify"]
  }

  assert {
    condition     = keyplane_api_key.this.id == run.create.id && keyplane_api_key.this.created_at == run.create.created_at
    error_message = "The key was replaced instead of updated in place."
  }

  assert {
    condition     = data.keyplane_api_key.read_back.name == "terraform test key (renamed)" && length(data.keyplane_api_key.read_back.scopes) == 2
    error_message = "The service does not hold the new name and scopes."
  }
}

run "bad_cidr_fails_the_plan" {
  command = plan

  module {
    source = "./modules/api-key"
  }

  variables {
    allowed_cidr = "10.0.0.300/24"
  }

  expect_failures = [var.allowed_cidr]
}
