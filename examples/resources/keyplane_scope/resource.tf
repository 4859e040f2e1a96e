# A flat scope of your API.
resource "keyplane_scope" "devices_read" {
  name        = "DEVICES_READ"
  description = "Read devices"
}

# Tiers that include each other: a key holding `write` may do everything `read` allows.
resource "keyplane_scope" "read" {
  name        = "read"
  description = "Read every resource"
}

resource "keyplane_scope" "write" {
  name        = "write"
  description = "Everything read allows, plus managing resources"
  includes    = [keyplane_scope.read.name]
}
