# The keys of Keyplane's stories in plain HCL: the same set as examples/cdktf-app.

terraform {
  required_version = ">= 1.5"
  required_providers {
    keyplane = {
      source = "keyplane/keyplane"
    }
  }
}

# Reads KEYPLANE_ENDPOINT and KEYPLANE_API_KEY (a key holding admin, or keys:write,
# scopes:write and every scope it grants).
provider "keyplane" {}

variable "crm_sync_description" {
  description = "The description of the CRM Sync key."
  type        = string
  default     = "Nightly sync of accounts to the CRM"
}

variable "production_agent_generation" {
  description = "Change it (e.g. to \"2\") to rotate the production-agent key at the next apply instead of waiting for its 90 days."
  type        = string
  default     = "1"
}

variable "keyplane_cli" {
  description = "The command that runs the Keyplane CLI, for the post-apply check."
  type        = string
  default     = "npx --no keyplane"
}

# The organization's permissions: tiers that include each other, and a flat scope.
resource "keyplane_scope" "read" {
  name        = "read"
  description = "Read every resource"
}

resource "keyplane_scope" "agentic" {
  name        = "agentic"
  description = "What an AI agent may do: everything read allows, plus agent actions"
  includes    = [keyplane_scope.read.name]
}

resource "keyplane_scope" "write" {
  name        = "write"
  description = "Everything agentic allows, plus managing resources"
  includes    = [keyplane_scope.agentic.name]
}

resource "keyplane_scope" "export_read" {
  name        = "EXPORT_READ"
  description = "Export the inventory (CSV, JSON)"
}

resource "keyplane_api_key" "power_bi" {
  name        = "Power BI Integration"
  description = "The Power BI dashboard pulls the nightly export"
  scopes      = [keyplane_scope.export_read.name]
}

resource "keyplane_api_key" "crm_sync" {
  name        = "CRM Sync"
  description = var.crm_sync_description
  scopes      = [keyplane_scope.read.name]
  metadata    = { team = "sales" }

  # Only from the office network. Order does not matter.
  ip_rule {
    action = "allow"
    cidr   = "203.0.113.0/24"
    note   = "Office"
  }
  ip_rule {
    action = "allow"
    cidr   = "2001:db8:4::/48"
    note   = "Office IPv6"
  }
}

resource "keyplane_api_key" "production_agent" {
  name        = "production-agent"
  description = "The AI agent in production"
  scopes      = [keyplane_scope.agentic.name]

  # Expires 90 days after creation, and again 90 days after each rotation: the key never
  # runs out as long as it is rotated.
  expires_after = "90d"

  # A new secret every 90 days (at the first apply after that); the replaced one keeps
  # working for 24 hours while the agent switches.
  rotation {
    every   = "90d"
    overlap = "24h"
  }

  # Rotate now, without waiting: apply with a new generation.
  rotation_triggers = { generation = var.production_agent_generation }
}

# Verify before you rely on it: after the key is created and after each rotation, ask the
# service whether the new secret is valid with the expected scopes. The secret goes through
# the environment and standard input, never a command line.
resource "terraform_data" "verify_production_agent" {
  triggers_replace = {
    key_id     = keyplane_api_key.production_agent.id
    rotated_at = coalesce(keyplane_api_key.production_agent.rotated_at, "never")
    hint       = keyplane_api_key.production_agent.hint
  }

  provisioner "local-exec" {
    interpreter = ["/bin/sh", "-c"]
    command     = "printf '%s\\n' \"$KEYPLANE_VERIFY_SECRET\" | (unset KEYPLANE_VERIFY_SECRET; exec ${var.keyplane_cli} keys verify - --scope agentic --scope read)"
    environment = {
      KEYPLANE_VERIFY_SECRET = keyplane_api_key.production_agent.secret
    }
  }
}

resource "keyplane_api_key" "ci_pipeline" {
  name        = "ci-pipeline"
  description = "Read-only key of the CI pipeline"
  scopes      = [keyplane_scope.read.name]
}

output "power_bi_secret" {
  value     = keyplane_api_key.power_bi.secret
  sensitive = true
}

output "crm_sync_secret" {
  value     = keyplane_api_key.crm_sync.secret
  sensitive = true
}

output "production_agent_secret" {
  value     = keyplane_api_key.production_agent.secret
  sensitive = true
}

output "ci_pipeline_secret" {
  value     = keyplane_api_key.ci_pipeline.secret
  sensitive = true
}

output "key_ids" {
  description = "The public ids of the keys (not secret)."
  value = {
    power_bi         = keyplane_api_key.power_bi.id
    crm_sync         = keyplane_api_key.crm_sync.id
    production_agent = keyplane_api_key.production_agent.id
    ci_pipeline      = keyplane_api_key.ci_pipeline.id
  }
}
