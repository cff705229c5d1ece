"""The one order of events every analysis uses: timestamp, then the order in the source file.

Timestamps compare at full (microsecond) precision (`clock.py`). Events with the same
timestamp keep the order in which they were ingested: the `seq` column, numbered at ingestion in
file order and increasing across imports. A table without `seq` (events built by hand, not read
from a store) falls back to `message_id`, so the order is still total and the same on every
engine. Every first/last choice (first entry into a stage, a person's last stage, a touch before
a conversion) takes the first or last event in this order.
"""

from __future__ import annotations

import ibis.expr.types as ir

from journeymap.events.schema import SOURCE_ORDER

SEQ = SOURCE_ORDER


def source_order(table: ir.Table) -> ir.Value:
    """The tie-breaker after the timestamp: `seq` when the table has it, else `message_id`."""
    return table[SEQ] if SEQ in table.columns else table.message_id
