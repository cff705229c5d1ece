"""Which stage of a map each interaction happened in, and the metrics of each stage.

An interaction belongs to the stage of the person's latest staged event at or before it (the
map's bindings, `analytics.stage_visits.staged_events`): a `Product Viewed` bound to the catalog
touchpoint is in that touchpoint's stage, an `Email Link Clicked` nothing binds is in the stage
the person was in when she clicked. Interactions before a person's first staged event belong to
no stage (`UNSTAGED`). Ties in time go to the staged event (it is "at or before").

Per-stage metrics score each person's single ranked list (the harness asks the model once per
person) against only her test items of that stage, so a stage's figures say how well the
recommendations anticipate what persons in that stage go on to pick.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from journeymap.personalize.evaluation.metrics import ndcg_at_k, recall_at_k

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from journeymap.model.journey import JourneyMap

STAGE_COLUMN: Final = "stage"
UNSTAGED: Final = "(no stage)"
"""The stage of interactions that happened before the person's first staged event."""


def staged_times(events: ir.Table, journey: JourneyMap) -> pd.DataFrame:
    """`person`, `stage`, `timestamp` of every staged event (any engine; read to pandas)."""
    from journeymap.analytics.stage_visits import staged_events
    from journeymap.store.arrow import to_arrow

    staged = staged_events(events, journey).select("person", "stage", "at", "tie")
    frame: pd.DataFrame = to_arrow(staged).to_pandas()
    frame["timestamp"] = pd.to_datetime(frame["at"], unit="us")
    return frame.sort_values(["timestamp", "tie"], kind="stable")[["person", "stage", "timestamp"]]


def with_stages(interactions: pd.DataFrame, staged: pd.DataFrame) -> pd.DataFrame:
    """`interactions` (any order) with a `stage` column, in their original order."""
    frame = interactions.copy()
    frame["_row"] = range(len(frame))
    frame["_at"] = pd.to_datetime(frame["timestamp"]).astype("datetime64[us]")
    frame["person"] = frame["person"].astype(str)
    right = staged.rename(columns={"timestamp": "_at"}).astype({"person": str})
    right["_at"] = right["_at"].astype("datetime64[us]")
    merged = pd.merge_asof(
        frame.sort_values("_at", kind="stable"),
        right.sort_values("_at", kind="stable").rename(columns={STAGE_COLUMN: "_stage"}),
        on="_at",
        by="person",
        direction="backward",
    )
    merged = merged.sort_values("_row").reset_index(drop=True)
    frame = frame.reset_index(drop=True)
    frame[STAGE_COLUMN] = merged["_stage"].fillna(UNSTAGED).astype(str).to_numpy()
    return frame.drop(columns=["_row", "_at"]).set_index(interactions.index)


def stage_metrics(
    recommended: Mapping[str, Sequence[str]],
    test: pd.DataFrame,
    seen: Mapping[str, set[str]],
    k: int,
    order: Sequence[str] = (),
) -> dict[str, dict[str, Any]]:
    """Stage -> NDCG@k, Recall@k and test persons, over the test rows' `stage` column.

    `seen` is each person's training items (masked, as in the whole-list metrics). Stages come
    in `order` (the map's), then any others alphabetically, `UNSTAGED` last."""
    relevant: dict[str, dict[str, set[str]]] = {}
    columns = (test[c].astype(str).tolist() for c in (STAGE_COLUMN, "person", "item"))
    for stage, person, item in zip(*columns, strict=True):
        if item not in seen.get(person, ()):
            relevant.setdefault(stage, {}).setdefault(person, set()).add(item)
    known = [s for s in order if s in relevant]
    rest = sorted(s for s in relevant if s not in known and s != UNSTAGED)
    ranked = known + rest + ([UNSTAGED] if UNSTAGED in relevant else [])
    return {
        stage: {
            "ndcg": ndcg_at_k(recommended, relevant[stage], k),
            "recall": recall_at_k(recommended, relevant[stage], k),
            "test_persons": len(relevant[stage]),
        }
        for stage in ranked
    }
