# An organization is imported by its id (GET /v1/organizations lists them). The admin key's
# secret and the owner's link cannot be imported (the service shows them only once): they
# stay null. Both policy blocks are read in, so a configuration that states them plans no change.
terraform import keyplane_organization.acme org_01JD3Q4C2B7N9M5K3H1G8F6D4S
