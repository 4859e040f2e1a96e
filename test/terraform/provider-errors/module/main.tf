# A CIDR that no variable validation guards: only the provider's check stands in the way.
terraform {
  required_providers {
    keyplane = { source = "keyplane/keyplane" }
  }
}

resource "keyplane_api_key" "bad_cidr" {
  name = "bad cidr"

  ip_rule {
    action = "allow"
    cidr   = "10.0.0.300/24"
  }
}
