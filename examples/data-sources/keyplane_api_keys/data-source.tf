# Every active key granted `EXPORT_READ` directly, e.g. to review who can export.
data "keyplane_api_keys" "exporters" {
  status = "active"
  scope  = "EXPORT_READ"
}

# Keys whose name contains "ci" in any letter case ("CI pipeline", "Nightly CI"...), any status.
data "keyplane_api_keys" "ci" {
  name_contains = "ci"
}

output "exporters" {
  value = { for k in data.keyplane_api_keys.exporters.keys : k.name => k.expires_at }
}

# Keys that expire within 30 days, for a reminder.
output "expiring_soon" {
  value = [
    for k in data.keyplane_api_keys.exporters.keys : k.id
    if k.expires_at != null && timecmp(k.expires_at, timeadd(plantimestamp(), "720h")) < 0
  ]
}
