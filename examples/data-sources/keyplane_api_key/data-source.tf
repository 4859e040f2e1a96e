# A key managed elsewhere (the CLI, the API, another configuration), by its id. The secret
# is never readable.
data "keyplane_api_key" "crm_sync" {
  id = "key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K"
}

output "crm_sync_expires_at" {
  value = data.keyplane_api_key.crm_sync.expires_at
}
