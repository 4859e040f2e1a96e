# A tenant managed by the service's operator. The provider's key must be an operator key
# (the one `keyplane serve` printed on its first start); with other resources managed with a
# tenant's key, give this resource its own provider alias.
resource "keyplane_organization" "acme" {
  slug = "acme"
  name = "Acme Corporation"
  plan = "team"

  # The whole key policy; each attribute left out takes a new organization's value.
  key_policy {
    default_ttl_seconds = 7776000  # 90 days
    max_ttl_seconds     = 31536000 # a year
  }

  session_policy {
    idle_timeout_seconds = 900
  }
}

# An enterprise tenant with its agreed rate limit and `nm_live_…` secrets.
resource "keyplane_organization" "globex" {
  slug                  = "globex"
  name                  = "Globex"
  plan                  = "enterprise"
  rate_limit_per_minute = 20000

  key_policy {
    tag_style       = "environment"
    environment_tag = "live"
  }
}

# The first admin key of the tenant, shown by the service only at creation (and kept in the
# state): hand it over, e.g. `terraform output -raw acme_admin_key`.
output "acme_admin_key" {
  value     = keyplane_organization.acme.admin_key_secret
  sensitive = true
}

output "acme_owner_invitation" {
  value     = keyplane_organization.acme.owner_invitation_url
  sensitive = true
}
