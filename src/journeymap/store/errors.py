"""Errors of the store, with a message that says what to do."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be opened or used as asked; the message says why and what to do."""
