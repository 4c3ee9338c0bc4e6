"""Bundled example workspaces, one folder each, and the script that builds them."""
