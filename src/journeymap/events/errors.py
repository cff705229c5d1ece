"""Errors of ingestion that stop a whole file (row-level problems go to quarantine instead)."""

from __future__ import annotations


class IngestError(Exception):
    """A file cannot be imported as asked; the message says why and what to do."""
