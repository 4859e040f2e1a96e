# Two catalog scopes, one including the other, and a key holding the outer one (so that
# destroy must revoke the key before it can delete the scopes).
terraform {
  required_providers {
    keyplane = { source = "keyplane/keyplane" }
  }
}

variable "prefix" {
  type = string
}

variable "description" {
  type    = string
  default = "Everything agents may do"
}

resource "keyplane_scope" "base" {
  name = "${var.prefix}.read"
}

resource "keyplane_scope" "tier" {
  name        = "${var.prefix}.agentic"
  description = var.description
  includes    = [keyplane_scope.base.name, "keys:read"]
}

resource "keyplane_api_key" "holder" {
  name   = "${var.prefix} holder"
  scopes = [keyplane_scope.tier.name]
}

data "keyplane_scopes" "catalog" {
  depends_on = [keyplane_scope.tier]
}

data "keyplane_myself" "me" {
  depends_on = [keyplane_scope.tier]
}

output "created_at" {
  value = keyplane_scope.tier.created_at
}
