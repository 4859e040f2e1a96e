# A member is imported by their id (`keyplane members list` shows it). The invitation link
# cannot be imported (the service shows a link only once): invitation_url stays null; make a
# new link with `keyplane members reset-link <id>` if one is needed.
terraform import keyplane_member.ada mem_01JD3Q6Z8M4Y2W7V5T1R9P0N3K
