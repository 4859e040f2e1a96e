# A key managed elsewhere (the CLI, the API, another configuration), by its id. The secret
# is never readable.
data "keyplane_api_key" "crm_sync" {
  id = "key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K"
}

# The same by name: the one key of that exact name that is not revoked. Two keys of that
# name are an error listing both ids; read the one you mean by id then.
data "keyplane_api_key" "power_bi" {
  name = "Power BI Integration"
}

output "crm_sync_expires_at" {
  value = data.keyplane_api_key.crm_sync.expires_at
}

output "power_bi_id" {
  value = data.keyplane_api_key.power_bi.id
}
