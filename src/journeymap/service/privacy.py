"""Privacy operations: export everything stored about a person, or delete it from every table.

A person is named by its person_id or by any user id or anonymous id it was stitched from.
"""

from __future__ import annotations

import json
from typing import Any

from journeymap.store import Store

PERSON_TABLES = (
    "events",
    "identity_merges",
    "trait_history",
    "identities",
    "persons",
    "automation_states",
    "automation_sends",
)
"""Tables with a `person_id` column; `profiles` too when it exists."""


class PersonNotFoundError(LookupError):
    """No person and no identity with that id."""


def _tables(store: Store) -> list[str]:
    names = set(store.duckdb.execute("SELECT table_name FROM duckdb_tables()").fetchall())
    present = {name for (name,) in names}
    return [t for t in (*PERSON_TABLES, "profiles") if t in present]


def resolve_person(store: Store, person: str) -> tuple[str, list[str]]:
    """The person_id and every id of the person named by `person`."""
    con = store.duckdb
    row = con.execute(
        "SELECT person_id FROM persons WHERE person_id = $p "
        "UNION SELECT person_id FROM identities WHERE id = $p LIMIT 1",
        {"p": person},
    ).fetchone()
    if row is None:
        raise PersonNotFoundError(person)
    person_id = str(row[0])
    ids = [
        str(r[0])
        for r in con.execute(
            "SELECT id FROM identities WHERE person_id = $p ORDER BY id", {"p": person_id}
        ).fetchall()
    ]
    return person_id, ids


def _rows(store: Store, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = store.duckdb.execute(sql, params)
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _quarantine_filter(ids: list[str]) -> tuple[str, dict[str, Any]]:
    """Quarantined rows whose raw text holds one of the ids as a JSON string."""
    if not ids:
        return "FALSE", {}
    params = {f"q{i}": f'%"{value}"%' for i, value in enumerate(ids)}
    return " OR ".join(f"raw LIKE ${name}" for name in params), params


def export_person(store: Store, person: str) -> dict[str, Any]:
    """Every stored row about a person, per table, as JSON-ready values."""
    person_id, ids = resolve_person(store, person)
    data: dict[str, Any] = {"person_id": person_id, "ids": ids, "tables": {}}
    for table in _tables(store):
        data["tables"][table] = _rows(
            store,
            f"SELECT * FROM {table} WHERE person_id = $p",  # noqa: S608 - our table names
            {"p": person_id},
        )
    where, params = _quarantine_filter(ids)
    data["tables"]["quarantine"] = _rows(
        store,
        f"SELECT * FROM quarantine WHERE {where}",  # noqa: S608 - our placeholders
        params,
    )
    return json.loads(json.dumps(data, default=str))  # type: ignore[no-any-return]


def delete_person(store: Store, person: str) -> dict[str, int]:
    """Delete a person from every table in one transaction; rows deleted per table."""
    person_id, ids = resolve_person(store, person)
    con = store.duckdb
    deleted: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table in _tables(store):
            row = con.execute(
                f"DELETE FROM {table} WHERE person_id = $p",  # noqa: S608 - our table names
                {"p": person_id},
            ).fetchone()
            deleted[table] = int(row[0]) if row else 0
        where, params = _quarantine_filter(ids)
        row = con.execute(f"DELETE FROM quarantine WHERE {where}", params).fetchone()  # noqa: S608
        deleted["quarantine"] = int(row[0]) if row else 0
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return deleted
