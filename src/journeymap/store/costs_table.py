"""Writing ad cost rows into the store's `costs` table.

A cost row's key is (platform, day, channel, campaign, campaign id, ad group, source, medium):
importing an export again replaces the rows with the same keys, so a corrected re-export
updates the spend instead of counting it twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from journeymap.store.arrow import replace_table, to_arrow
from journeymap.store.store import Store
from journeymap.store.tables import COSTS_SCHEMA

KEY = ("platform", "day", "channel", "campaign", "campaign_id", "ad_group", "source", "medium")


@dataclass(frozen=True)
class CostsWritten:
    import_id: str
    stored: int
    replaced: int


def write_costs(store: Store, rows: Sequence[dict[str, Any]]) -> CostsWritten:
    """Add cost rows (dicts with the `costs` columns but `import_id`), replacing equal keys."""
    import_id = uuid.uuid4().hex
    schema = COSTS_SCHEMA.to_pyarrow()
    new = pa.Table.from_pylist([{**r, "import_id": import_id} for r in rows], schema=schema)
    existing = to_arrow(store.table("costs")).cast(schema)
    new_keys = {tuple(r[k] for k in KEY) for r in new.select(list(KEY)).to_pylist()}
    kept = [r for r in existing.to_pylist() if tuple(r[k] for k in KEY) not in new_keys]
    replaced = existing.num_rows - len(kept)
    merged = pa.concat_tables([pa.Table.from_pylist(kept, schema=schema), new])
    replace_table(store.backend, "costs", merged)
    return CostsWritten(import_id, new.num_rows, replaced)
