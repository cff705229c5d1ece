"""Events: the Segment-spec event schema, importers (one module per format), identity stitching.

Entry point: `journeymap.events.ingest.ingest(store, paths, IngestOptions(...))`. This package
file imports nothing, so `journeymap.events.schema` stays importable from the store layer.
"""
