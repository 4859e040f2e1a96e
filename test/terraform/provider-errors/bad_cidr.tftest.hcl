# NOT part of the suite: `terraform test` reads only this folder's parent and tests/. Run with
# `terraform test -test-directory=provider-errors`, this file is expected to FAIL with the
# provider's own plan-time diagnostic (src/core's CIDR rules). expect_failures cannot turn a
# provider diagnostic into a pass (it matches custom conditions only), so
# test/provider/e2e/terraform-test.test.ts asserts the failure and its message instead.

run "provider_refuses_a_bad_cidr_at_plan" {
  command = plan

  module {
    source = "./provider-errors/module"
  }
}
