# A short-lived key opened for the run and used, through a local value, as the credential of
# a second provider configuration, which then reads who it is. The secret is never stored;
# the key is revoked when Terraform closes it at the end of each run.
terraform {
  required_providers {
    keyplane = { source = "keyplane/keyplane" }
  }
}

variable "ttl" {
  type    = string
  default = "15m"
}

provider "keyplane" {}

ephemeral "keyplane_api_key" "ci" {
  name   = "terraform test ephemeral"
  scopes = ["keys:read"]
  ttl    = var.ttl
}

locals {
  short_lived_key = ephemeral.keyplane_api_key.ci.secret
}

provider "keyplane" {
  alias   = "short_lived"
  api_key = local.short_lived_key
}

data "keyplane_myself" "short_lived" {
  provider = keyplane.short_lived
}
