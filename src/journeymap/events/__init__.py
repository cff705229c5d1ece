"""Events: the Segment-spec event schema, importers (one module per format), identity stitching."""
