"""Incremental identity stitching inside the store: DuckDB SQL around `identity_graph`.

Only ids that gain a link (or become a user id) and the persons they already belong to enter
the graph; every other new id becomes its own person directly in SQL. Ids travel to scipy as
dense integer codes and come back as component labels, so no per-id Python work is done.
Persons whose id changes are listed in `jm_remap(old_person, new_person)` so events and history
can follow.

Arrays go back to DuckDB as dicts of numpy arrays, not Arrow tables: building an Arrow table or
array from numpy imports pandas, a third of a second on the first import of a process.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import numpy as np
from numpy.typing import NDArray

from journeymap.events.identity_graph import COMPONENT_EDGES_SQL, KNOWN, stitch_codes

NEW = "jm_new"
REMAP = "jm_remap"
# dropped here; `jm_new_ids` and `jm_links` stay for the caller, which drops them
SCRATCH = (
    "jm_touched",
    "jm_members",
    "jm_graph_ids",
    "jm_link_order",
    "jm_mapping",
)


def _collect_new_ids(con: duckdb.DuckDBPyConnection) -> None:
    """`jm_new_ids`: every id of the new events, whether it is a user id, and the activity
    of the events it is the key of (the id events are stitched by: user id, else anonymous id),
    which `persons` sums per person; `jm_links`: the pairs of ids the new events link."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE jm_new_ids AS
        SELECT id, bool_or(is_user) AS is_user,
            min(timestamp) FILTER (is_key) AS first_seen,
            max(timestamp) FILTER (is_key) AS last_seen,
            count(*) FILTER (is_key) AS events,
            coalesce(bool_or(has_traits) FILTER (is_key), false) AS has_traits
        FROM (
            SELECT user_id AS id, true AS is_user, true AS is_key, timestamp,
                traits IS NOT NULL AND traits <> '{{}}' AS has_traits
            FROM {NEW} WHERE user_id IS NOT NULL
            UNION ALL SELECT anonymous_id, false, user_id IS NULL, timestamp,
                traits IS NOT NULL AND traits <> '{{}}'
            FROM {NEW} WHERE anonymous_id IS NOT NULL
            -- an alias always has a user id, its key
            UNION ALL SELECT previous_id, false, false, NULL, false FROM {NEW}
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


def _collect_graph(con: duckdb.DuckDBPyConnection) -> int:
    """Fill `jm_graph_ids` (id, is_user, code) and `jm_link_order`; return how many ids."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE jm_touched AS
        SELECT a AS id FROM jm_links UNION SELECT b FROM jm_links
        UNION SELECT n.id FROM jm_new_ids n JOIN identities i ON i.id = n.id
            WHERE n.is_user AND i.id_kind <> 'user';
        CREATE OR REPLACE TEMP TABLE jm_members AS
        SELECT i.id, i.id_kind, i.person_id FROM identities i
        WHERE i.person_id IN (
            SELECT i2.person_id FROM identities i2 SEMI JOIN jm_touched t ON t.id = i2.id);
        CREATE OR REPLACE TEMP TABLE jm_graph_ids AS
        SELECT id, bool_or(is_user) AS is_user, row_number() OVER () - 1 AS code FROM (
            SELECT id, false AS is_user FROM jm_touched
            UNION ALL SELECT id, id_kind = 'user' FROM jm_members
            UNION ALL SELECT n.id, true FROM jm_new_ids n SEMI JOIN jm_touched t ON t.id = n.id
                WHERE n.is_user
        ) GROUP BY id;
        CREATE OR REPLACE TEMP TABLE jm_link_order AS
        SELECT *, {KNOWN} + row_number() OVER (ORDER BY a, b, message_id, reason) AS weight
        FROM jm_links;
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )
    ((count,),) = con.execute("SELECT count(*) FROM jm_graph_ids").fetchall()
    return int(count)


def _components(con: duckdb.DuckDBPyConnection, nodes: int) -> NDArray[np.int64]:
    """Fill `jm_mapping` (id, id_kind, person_id) for the graph; return the merging link weights."""
    edges = con.execute(COMPONENT_EDGES_SQL).fetchnumpy()
    labels, joined = stitch_codes(
        nodes,
        np.asarray(edges["a"], dtype=np.int64),
        np.asarray(edges["b"], dtype=np.int64),
        np.asarray(edges["weight"], dtype=np.int64),
    )
    con.register("jm_labels", {"code": np.arange(nodes, dtype=np.int64), "label": labels})
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE jm_mapping AS
        SELECT g.id, CASE WHEN g.is_user THEN 'user' ELSE 'anonymous' END AS id_kind,
            coalesce(min(g.id) FILTER (WHERE g.is_user) OVER w, min(g.id) OVER w) AS person_id
        FROM jm_graph_ids g JOIN jm_labels l ON l.code = g.code
        WINDOW w AS (PARTITION BY l.label)
        """
    )
    con.unregister("jm_labels")
    return joined


def stitch_new_events(con: duckdb.DuckDBPyConnection, now: datetime) -> int:
    """Update `identities` and `identity_merges` for the events in `jm_new`; fill `jm_remap`.

    Returns how many existing persons got a new person id.
    """
    _collect_new_ids(con)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {REMAP} (old_person VARCHAR, new_person VARCHAR)")
    nodes = _collect_graph(con)
    remapped = 0
    if nodes:
        joined = _components(con, nodes)
        con.execute(
            f"""
            INSERT INTO {REMAP}
            SELECT DISTINCT m.person_id, p.person_id FROM jm_members m
            JOIN jm_mapping p ON p.id = m.id WHERE m.person_id <> p.person_id;
            DELETE FROM identities WHERE id IN (SELECT id FROM jm_mapping);
            INSERT INTO identities SELECT id, id_kind, person_id FROM jm_mapping;
            """  # noqa: S608 - SQL text from our constants, identifiers quoted
        )
        ((changed,),) = con.execute(
            f"SELECT count(DISTINCT old_person) FROM {REMAP}"  # noqa: S608 - SQL text from our constants, identifiers quoted
        ).fetchall()
        remapped = int(changed)
        _record_merges(con, joined, now)
    con.execute(
        """
        INSERT INTO identities
        SELECT n.id, CASE WHEN n.is_user THEN 'user' ELSE 'anonymous' END, n.id
        FROM jm_new_ids n ANTI JOIN identities i ON i.id = n.id
        """
    )
    for table in SCRATCH:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return remapped


def _record_merges(
    con: duckdb.DuckDBPyConnection, joined: NDArray[np.int64], now: datetime
) -> None:
    if not len(joined):
        return
    con.register("jm_joined", {"weight": joined})
    con.execute(
        """
        INSERT INTO identity_merges
        SELECT $now, l.a, l.b, p.person_id, l.reason, l.message_id
        FROM jm_link_order l SEMI JOIN jm_joined j ON j.weight = l.weight
        JOIN jm_mapping p ON p.id = l.a
        ORDER BY l.weight
        """,
        {"now": now},
    )
    con.unregister("jm_joined")
