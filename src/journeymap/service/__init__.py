"""Collection service: the write-ahead spool, its single loader, API keys and privacy operations.

No HTTP here: the API (`journeymap.api`) and the CLI call these functions."""
