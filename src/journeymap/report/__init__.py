"""The report layer: assembles lint, analytics and renderings of a workspace's maps."""
