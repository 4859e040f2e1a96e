# The root module of `terraform test` in this folder. The test files run the modules under
# modules/ (each run names one); this file only says where the provider comes from.
#
# Run by test/provider/e2e/terraform-test.test.ts against the real service. By hand: install
# the provider (`keyplane terraform install`, then export TF_CLI_CONFIG_FILE as it says), set
# KEYPLANE_ENDPOINT and KEYPLANE_API_KEY (an admin key), then `terraform init && terraform test`.
# Every run's objects are destroyed at the end of its file.
terraform {
  required_version = ">= 1.10"
  required_providers {
    keyplane = { source = "keyplane/keyplane" }
  }
}
