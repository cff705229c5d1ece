"""Profiles in the store: full and incremental recomputation, and reading one person's profile.

`update_profiles(store, ...)` writes the `profiles` table and records the run in
`profile_runs` with a watermark: the latest `received_at` of the store's events when the run
started. An incremental run (`incremental=True`) recomputes only the persons with events
received after the watermark of the latest run for the same map, and keeps every other row
(their RFM scores and fallback send hours stay as the run that wrote them computed them); when
no such run exists it recomputes everyone. On DuckDB the recomputed rows replace the old ones in
place; on other engines the table is rewritten (it has one row per person).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from journeymap.analytics.segmentation import person_column
from journeymap.personalize.profile_build import ProfileInputs, build_profiles
from journeymap.store import Store
from journeymap.store.arrow import replace_table, to_arrow, to_scalar
from journeymap.store.tables import PROFILE_RUNS_SCHEMA

JSON_COLUMNS = ("stage_history", "interests", "traits", "send_hours")


@dataclass(frozen=True)
class ProfilesUpdate:
    mode: str
    """`full` or `update`."""
    written: int
    """Profiles computed by this run."""
    total: int
    """Profiles in the table after the run."""
    watermark: datetime | None
    map_id: str | None


def update_profiles(
    store: Store,
    inputs: ProfileInputs | None = None,
    *,
    incremental: bool = False,
    as_of: datetime | None = None,
) -> ProfilesUpdate:
    """Recompute the store's profiles (all of them, or only the changed persons)."""
    inputs = inputs or ProfileInputs(persons=store.table("persons"))
    events = store.events()
    map_id = inputs.journey.id if inputs.journey is not None else None
    watermark = to_scalar(events.received_at.max())
    now = datetime.now(UTC).replace(tzinfo=None)
    previous = last_watermark(store, map_id) if incremental else None
    if previous is None:
        fresh = build_profiles(events, inputs, as_of=as_of, computed_at=now)
        replace_table(store.backend, "profiles", fresh)
        mode = "full"
    else:
        newer = events.filter(events.received_at > previous)
        scope = newer.select(person=person_column(newer)).distinct()
        fresh = build_profiles(events, inputs, scope=scope, as_of=as_of, computed_at=now)
        _replace_rows(store, fresh)
        mode = "update"
    _record_run(
        store, map_id=map_id, mode=mode, watermark=watermark, persons=fresh.num_rows, at=now
    )
    return ProfilesUpdate(mode, fresh.num_rows, stored_profiles(store), watermark, map_id)


def _replace_rows(store: Store, fresh: pa.Table) -> None:
    """Put `fresh` in place of the same persons' rows, and drop the rows of persons who no
    longer exist (merged into another by identity stitching): in place on DuckDB (one
    transaction), by rewriting the table elsewhere."""
    events = store.events()
    persons = events.select(person=person_column(events)).distinct()
    if store.engine == "duckdb":
        connection = store.duckdb
        connection.register("jm_fresh_profiles", fresh)
        connection.register("jm_persons", to_arrow(persons))
        columns = ", ".join(fresh.schema.names)
        try:
            connection.execute("BEGIN TRANSACTION")
            connection.execute(
                "DELETE FROM profiles WHERE person_id IN (SELECT person_id FROM jm_fresh_profiles) "
                "OR person_id NOT IN (SELECT person FROM jm_persons)"
            )
            connection.execute(
                f"INSERT INTO profiles ({columns}) SELECT {columns} FROM jm_fresh_profiles"  # noqa: S608 - column names from our schema
            )
            connection.execute("COMMIT")
        except Exception:
            connection.execute("ROLLBACK")
            raise
        finally:
            connection.unregister("jm_fresh_profiles")
            connection.unregister("jm_persons")
        return
    kept = to_arrow(store.table("profiles"))
    ids = kept.column("person_id")
    keep = pc.and_(
        pc.invert(pc.is_in(ids, value_set=fresh.column("person_id"))),
        pc.is_in(ids, value_set=to_arrow(persons).column("person")),
    )
    kept = kept.filter(keep).cast(fresh.schema)
    replace_table(store.backend, "profiles", pa.concat_tables([kept, fresh]).sort_by("person_id"))


def last_watermark(store: Store, map_id: str | None) -> datetime | None:
    """The watermark of the latest run for `map_id`, or None when there was none."""
    runs = store.table("profile_runs")
    same = runs.map_id.isnull() if map_id is None else runs.map_id == map_id
    found: datetime | None = to_scalar(runs.filter(same).watermark.max())
    return found


def has_run(store: Store, map_id: str | None) -> bool:
    """Whether profiles were computed for `map_id` (a run has no watermark when the store's
    events carry no `received_at`, so `last_watermark` alone cannot say)."""
    runs = store.table("profile_runs")
    same = runs.map_id.isnull() if map_id is None else runs.map_id == map_id
    return bool(to_scalar(runs.filter(same).count()))


def _record_run(
    store: Store,
    *,
    map_id: str | None,
    mode: str,
    watermark: datetime | None,
    persons: int,
    at: datetime,
) -> None:
    runs = to_arrow(store.table("profile_runs"))
    row = pa.Table.from_pylist(
        [
            {
                "run_at": at,
                "map_id": map_id,
                "mode": mode,
                "watermark": watermark,
                "persons": persons,
            }
        ],
        schema=PROFILE_RUNS_SCHEMA.to_pyarrow(),
    )
    replace_table(store.backend, "profile_runs", pa.concat_tables([runs.cast(row.schema), row]))


def stored_profiles(store: Store) -> int:
    """How many profiles the store holds."""
    return int(to_scalar(store.table("profiles").count()) or 0)


def stage_counts(store: Store) -> dict[str | None, int]:
    """Profiles per current stage (None: persons with no staged event)."""
    profiles = store.table("profiles")
    rows = to_arrow(profiles.group_by("stage").aggregate(persons=profiles.count())).to_pylist()
    return {row["stage"]: int(row["persons"]) for row in rows}


def resolve_person(store: Store, person: str) -> str | None:
    """The person id for a person id, user id or anonymous id, or None when unknown."""
    identities = store.table("identities")
    found = to_scalar(identities.filter(identities.id == person).person_id.max())
    if found is not None:
        return str(found)
    persons = store.table("persons")
    known = to_scalar(persons.filter(persons.person_id == person).count())
    return person if known else None


def load_profile(store: Store, person: str) -> dict[str, Any] | None:
    """The stored profile of `person` (any of her ids) with JSON columns decoded, or None."""
    person_id = resolve_person(store, person) or person
    profiles = store.table("profiles")
    rows = to_arrow(profiles.filter(profiles.person_id == person_id)).to_pylist()
    if not rows:
        return None
    profile: dict[str, Any] = rows[0]
    for column in JSON_COLUMNS:
        profile[column] = json.loads(profile[column]) if profile[column] else None
    return profile
