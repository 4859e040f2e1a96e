terraform {
  required_providers {
    keyplane = {
      source = "keyplane/keyplane"
    }
  }
}

# Reads KEYPLANE_ENDPOINT and KEYPLANE_API_KEY (a key holding admin, or keys:write and
# every scope it grants).
provider "keyplane" {}

# A scope of your API, in the organization's catalog.
resource "keyplane_scope" "reports_read" {
  name        = "reports:read"
  description = "Read the reports API"
}

resource "keyplane_api_key" "dashboard" {
  name        = "Reporting dashboard"
  description = "The BI dashboard reads reports with it"
  scopes      = [keyplane_scope.reports_read.name]

  # Only from this machine (for the curl below) and the office network.
  ip_rule {
    action = "allow"
    cidr   = "127.0.0.1"
    note   = "this machine"
  }
  ip_rule {
    action = "allow"
    cidr   = "203.0.113.0/24"
    note   = "office"
  }

  # Expires a year after creation, and again a year after each rotation.
  expires_after = "365d"

  # A new secret every 90 days (at the first apply after that); the replaced one keeps
  # working for a day.
  rotation {
    every   = "90d"
    overlap = "24h"
  }
}

output "dashboard_key" {
  value     = keyplane_api_key.dashboard.secret
  sensitive = true
}
