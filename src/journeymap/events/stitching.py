"""Incremental identity stitching inside the store (DuckDB SQL around `identity.person_ids`).

Only ids that gain a link (or become a user id) and the persons they already belong to are
loaded into Python; every other new id becomes its own person directly in SQL. Persons whose id
changes are listed in `jm_remap(old_person, new_person)` so events and history can follow.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pyarrow as pa

from journeymap.events.identity import Link, Merge, person_ids

NEW = "jm_new"
REMAP = "jm_remap"


def _collect_new_ids(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE jm_new_ids AS
        SELECT id, bool_or(is_user) AS is_user FROM (
            SELECT user_id AS id, true AS is_user FROM {NEW} WHERE user_id IS NOT NULL
            UNION ALL SELECT anonymous_id, false FROM {NEW} WHERE anonymous_id IS NOT NULL
            UNION ALL SELECT previous_id, false FROM {NEW}
                WHERE type = 'alias' AND previous_id IS NOT NULL
        ) GROUP BY id;
        CREATE OR REPLACE TEMP TABLE jm_links AS
        SELECT least(a, b) AS a, greatest(a, b) AS b, type AS reason,
            min(message_id) AS message_id
        FROM (
            SELECT anonymous_id AS a, user_id AS b, type, message_id FROM {NEW}
            WHERE anonymous_id IS NOT NULL AND user_id IS NOT NULL
            UNION ALL SELECT previous_id, user_id, type, message_id FROM {NEW}
            WHERE type = 'alias' AND previous_id IS NOT NULL AND user_id IS NOT NULL
        ) WHERE a <> b
        GROUP BY 1, 2, 3
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )


def stitch_new_events(con: duckdb.DuckDBPyConnection, now: datetime) -> int:
    """Update `identities` and `identity_merges` for the events in `jm_new`; fill `jm_remap`.

    Returns how many existing persons got a new person id.
    """
    _collect_new_ids(con)
    links = list(
        map(Link._make, con.execute("SELECT a, b, reason, message_id FROM jm_links").fetchall())
    )
    touched = con.execute(
        """
        SELECT a FROM jm_links UNION SELECT b FROM jm_links
        UNION SELECT n.id FROM jm_new_ids n JOIN identities i ON i.id = n.id
            WHERE n.is_user AND i.id_kind <> 'user'
        """
    ).fetchall()
    con.execute(f"CREATE OR REPLACE TEMP TABLE {REMAP} (old_person VARCHAR, new_person VARCHAR)")
    remapped = 0
    if touched:
        con.register("jm_touched", pa.table({"id": [t[0] for t in touched]}))
        members = con.execute(
            """
            SELECT i.id, i.id_kind, i.person_id FROM identities i
            WHERE i.person_id IN (
                SELECT person_id FROM identities WHERE id IN (SELECT id FROM jm_touched))
            """
        ).fetchall()
        new_users = con.execute(
            "SELECT id FROM jm_new_ids WHERE is_user AND id IN (SELECT id FROM jm_touched)"
        ).fetchall()
        con.unregister("jm_touched")
        user_ids = {row[0] for row in members if row[1] == "user"} | {u[0] for u in new_users}
        ids = {t[0] for t in touched} | {row[0] for row in members}
        mapping, merges = person_ids(ids, user_ids, links, [(m[0], m[2]) for m in members])
        remap = {(row[2], mapping[row[0]]) for row in members if row[2] != mapping[row[0]]}
        remapped = len({pair[0] for pair in remap})
        _replace_identities(con, mapping, user_ids)
        if remap:
            con.register(
                "jm_remap_rows",
                pa.table(
                    {
                        "old_person": [p[0] for p in sorted(remap)],
                        "new_person": [p[1] for p in sorted(remap)],
                    }
                ),
            )
            con.execute(f"INSERT INTO {REMAP} SELECT * FROM jm_remap_rows")  # noqa: S608 - SQL text from our constants, identifiers quoted
            con.unregister("jm_remap_rows")
        _record_merges(con, merges, now)
    con.execute(
        """
        INSERT INTO identities
        SELECT n.id, CASE WHEN n.is_user THEN 'user' ELSE 'anonymous' END, n.id
        FROM jm_new_ids n ANTI JOIN identities i ON i.id = n.id
        """
    )
    return remapped


def _replace_identities(
    con: duckdb.DuckDBPyConnection, mapping: dict[str, str], user_ids: set[str]
) -> None:
    ids = sorted(mapping)
    rows = pa.table(
        {
            "id": ids,
            "id_kind": ["user" if i in user_ids else "anonymous" for i in ids],
            "person_id": [mapping[i] for i in ids],
        }
    )
    con.register("jm_identity_rows", rows)
    con.execute("DELETE FROM identities WHERE id IN (SELECT id FROM jm_identity_rows)")
    con.execute("INSERT INTO identities SELECT id, id_kind, person_id FROM jm_identity_rows")
    con.unregister("jm_identity_rows")


def _record_merges(con: duckdb.DuckDBPyConnection, merges: list[Merge], now: datetime) -> None:
    if not merges:
        return
    rows = pa.table(
        {
            "merged_at": pa.array([now] * len(merges), pa.timestamp("us")),
            "id": [m.link.a for m in merges],
            "other_id": [m.link.b for m in merges],
            "person_id": [m.person_id for m in merges],
            "reason": [m.link.reason for m in merges],
            "message_id": [m.link.message_id for m in merges],
        }
    )
    con.register("jm_merge_rows", rows)
    con.execute("INSERT INTO identity_merges SELECT * FROM jm_merge_rows")
    con.unregister("jm_merge_rows")
