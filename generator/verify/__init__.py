"""Verify stage: the post-build scan and inventory of the built site."""
