# A scope is imported by its name.
terraform import keyplane_scope.write write
