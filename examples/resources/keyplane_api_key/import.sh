# A key is imported by its id. Its secret cannot be imported (the service never shows a
# secret again): `secret` stays null until the key is rotated, e.g. by changing
# rotation_triggers.
terraform import keyplane_api_key.crm_sync key_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
