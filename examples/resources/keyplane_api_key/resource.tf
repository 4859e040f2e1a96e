# The scopes of your API the key is for, in the organization's catalog (a new organization
# has only the built-in ones, such as keys:verify).
resource "keyplane_scope" "devices_read" {
  name        = "DEVICES_READ"
  description = "Read devices"
}

resource "keyplane_scope" "policies_read" {
  name        = "POLICIES_READ"
  description = "Read policies"
}

# A key for an integration: scopes from the organization's catalog, an expiry, IP rules
# and labels.
resource "keyplane_api_key" "crm_sync" {
  name        = "CRM Sync"
  description = "Nightly sync of accounts into the CRM"
  scopes      = [keyplane_scope.devices_read.name, keyplane_scope.policies_read.name]
  expires_at  = "2030-01-01T00:00:00Z"

  metadata = {
    team = "sales"
  }

  ip_rule {
    action = "allow"
    cidr   = "203.0.113.0/24"
    note   = "office"
  }
  ip_rule {
    action = "deny"
    cidr   = "203.0.113.66"
    note   = "guest Wi-Fi gateway"
  }
}

# A key whose secret is rotated in place every 90 days, or a week before it expires, and
# whenever `quarter` changes; each rotation renews its 90-day lifetime (expires_after), and
# the replaced secret keeps working for a day, so the integration can switch without downtime.
# (never_expires = true instead makes a key without expiry, where the key policy allows it.)
resource "keyplane_api_key" "ci_pipeline" {
  name   = "ci-pipeline"
  scopes = ["keys:verify"]

  expires_after = "90d"

  rotation {
    every         = "90d"
    before_expiry = "7d"
    overlap       = "24h"
  }
  rotation_triggers = {
    quarter = "2027-Q1"
  }
}

# The secret, for whatever hands it to the integration. It is in the state too: keep the
# state encrypted, or use the keyplane_api_key ephemeral resource instead.
output "ci_pipeline_key" {
  value     = keyplane_api_key.ci_pipeline.secret
  sensitive = true
}
