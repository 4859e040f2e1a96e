# An API key with an IP rule, read back through the data source.
terraform {
  required_providers {
    keyplane = { source = "keyplane/keyplane" }
  }
}

variable "name" {
  type = string
}

variable "scopes" {
  type    = set(string)
  default = ["keys:read"]
}

variable "allowed_cidr" {
  type        = string
  description = "The one address block the key may be used from."
  # The module's own guard: a bad block fails the plan at the variable, which `terraform test`
  # can expect (expect_failures matches custom conditions only, not provider diagnostics).
  validation {
    condition     = can(cidrhost(var.allowed_cidr, 0))
    error_message = "allowed_cidr must be an IPv4 or IPv6 CIDR block, e.g. 203.0.113.0/24."
  }
}

resource "keyplane_api_key" "this" {
  name        = var.name
  description = "Made by terraform test"
  scopes      = var.scopes
  expires_at  = "2035-01-01T00:00:00Z"
  metadata    = { suite = "terraform-test" }

  ip_rule {
    action = "allow"
    cidr   = var.allowed_cidr
  }
}

data "keyplane_api_key" "read_back" {
  id = keyplane_api_key.this.id
}

output "id" {
  value = keyplane_api_key.this.id
}

output "created_at" {
  value = keyplane_api_key.this.created_at
}
