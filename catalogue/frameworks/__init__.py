"""A framework's page and its image."""
