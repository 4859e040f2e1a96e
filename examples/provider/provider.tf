terraform {
  required_providers {
    keyplane = {
      source = "keyplane/keyplane"
    }
  }
}

# The endpoint and the API key are read from KEYPLANE_ENDPOINT and KEYPLANE_API_KEY when
# they are not set here: that keeps the key out of the configuration.
provider "keyplane" {
  timeout_seconds = 10
  max_retries     = 3
}
