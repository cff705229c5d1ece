"""Identity stitching on Spark: the rules of `stitching`, with the same graph code.

The ids of the new events and the links between them are found by Spark. Only the ids that gain
a link (or become a user id) and the members of the persons they belong to form the graph; its
edges (one per distinct link, not per event) are gathered on the driver and labelled by
`identity_graph.stitch_codes`, exactly as on DuckDB. So the driver holds the changed part of the
identity graph of one file, never its events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from journeymap.events.identity_graph import COMPONENT_EDGES_SQL, KNOWN, stitch_codes
from journeymap.store.spark_journal import SparkWrite


@dataclass(frozen=True)
class Stitched:
    identities: Any  # the whole new identities table (staged)
    remap: Any  # (old_person, new_person) of persons whose id changed
    merges: Any  # identity_merges rows proved by this file
    new_ids: Any  # every id of the new events
    remapped: int


def _view(frame: Any, name: str) -> None:
    frame.createOrReplaceTempView(name)


def _new_ids_and_links(session: Any) -> None:
    session.sql(
        """
        SELECT id, bool_or(is_user) AS is_user
        FROM (
            SELECT user_id AS id, true AS is_user FROM jm_new WHERE user_id IS NOT NULL
            UNION ALL SELECT anonymous_id, false FROM jm_new WHERE anonymous_id IS NOT NULL
            UNION ALL SELECT previous_id, false FROM jm_new
                WHERE type = 'alias' AND previous_id IS NOT NULL
        ) GROUP BY id
        """
    ).createOrReplaceTempView("jm_new_ids")
    session.sql(
        """
        SELECT least(a, b) AS a, greatest(a, b) AS b, type AS reason,
            min(message_id) AS message_id
        FROM (
            SELECT anonymous_id AS a, user_id AS b, type, message_id FROM jm_new
            WHERE anonymous_id IS NOT NULL AND user_id IS NOT NULL
            UNION ALL SELECT previous_id, user_id, type, message_id FROM jm_new
            WHERE type = 'alias' AND previous_id IS NOT NULL AND user_id IS NOT NULL
        ) WHERE a <> b
        GROUP BY 1, 2, 3
        """
    ).createOrReplaceTempView("jm_links")


def _graph(session: Any, write: SparkWrite) -> int:
    touched = session.sql(
        """
        SELECT a AS id FROM jm_links UNION SELECT b FROM jm_links
        UNION SELECT n.id FROM jm_new_ids n JOIN jm_old_identities i ON i.id = n.id
            WHERE n.is_user AND i.id_kind <> 'user'
        """
    )
    _view(touched, "jm_touched")
    members = session.sql(
        """
        SELECT i.id, i.id_kind, i.person_id FROM jm_old_identities i
        LEFT SEMI JOIN (SELECT i2.person_id FROM jm_old_identities i2
                        LEFT SEMI JOIN jm_touched t ON t.id = i2.id) p
            ON p.person_id = i.person_id
        """
    )
    members.write.mode("overwrite").parquet(write.folder("members"))
    _view(session.read.parquet(write.folder("members")), "jm_members")
    graph = session.sql(
        """
        SELECT id, bool_or(is_user) AS is_user FROM (
            SELECT id, false AS is_user FROM jm_touched
            UNION ALL SELECT id, id_kind = 'user' FROM jm_members
            UNION ALL SELECT n.id, true FROM jm_new_ids n LEFT SEMI JOIN jm_touched t
                ON t.id = n.id WHERE n.is_user
        ) GROUP BY id
        """
    ).selectExpr("*", "row_number() OVER (ORDER BY id) - 1 AS code")
    graph.write.mode("overwrite").parquet(write.folder("graph"))
    _view(session.read.parquet(write.folder("graph")), "jm_graph_ids")
    order = session.sql(
        f"""SELECT *, {KNOWN} + row_number() OVER (ORDER BY a, b, message_id, reason) AS weight
        FROM jm_links"""  # noqa: S608 - SQL text from our constants
    )
    order.write.mode("overwrite").parquet(write.folder("link_order"))
    _view(session.read.parquet(write.folder("link_order")), "jm_link_order")
    return int(session.table("jm_graph_ids").count())


def _components(session: Any, nodes: int) -> Any:
    """`jm_mapping` (id, id_kind, person_id) of the graph; returns the merging link weights."""
    edges = session.sql(COMPONENT_EDGES_SQL).toArrow()
    labels, joined = stitch_codes(
        nodes,
        np.asarray(edges.column("a"), dtype=np.int64),
        np.asarray(edges.column("b"), dtype=np.int64),
        np.asarray(edges.column("weight"), dtype=np.int64),
    )
    import pyarrow as pa

    coded = pa.table({"code": np.arange(nodes, dtype=np.int64), "label": labels})
    _view(session.createDataFrame(coded), "jm_labels")
    session.sql(
        """
        SELECT g.id, CASE WHEN g.is_user THEN 'user' ELSE 'anonymous' END AS id_kind,
            coalesce(min(CASE WHEN g.is_user THEN g.id END) OVER w, min(g.id) OVER w)
                AS person_id
        FROM jm_graph_ids g JOIN jm_labels l ON l.code = g.code
        WINDOW w AS (PARTITION BY l.label)
        """
    ).createOrReplaceTempView("jm_mapping_plan")
    return joined


def stitch(session: Any, new: Any, identities: Any, write: SparkWrite, now: datetime) -> Stitched:
    """Stitch the ids of the new events `new` into `identities` (both DataFrames)."""
    import pyarrow as pa

    _view(new, "jm_new")
    _view(identities, "jm_old_identities")
    _new_ids_and_links(session)
    nodes = _graph(session, write)
    empty = "SELECT CAST(NULL AS STRING) AS id, CAST(NULL AS STRING) AS id_kind, "
    empty += "CAST(NULL AS STRING) AS person_id WHERE false"
    joined = _components(session, nodes) if nodes else np.zeros(0, dtype=np.int64)
    mapping = session.sql("SELECT * FROM jm_mapping_plan" if nodes else empty)
    mapping.write.mode("overwrite").parquet(write.folder("mapping"))
    _view(session.read.parquet(write.folder("mapping")), "jm_mapping")
    remap = session.sql(
        """SELECT DISTINCT m.person_id AS old_person, p.person_id AS new_person
        FROM jm_members m JOIN jm_mapping p ON p.id = m.id WHERE m.person_id <> p.person_id"""
    )
    remap.write.mode("overwrite").parquet(write.folder("remap"))
    remap = session.read.parquet(write.folder("remap"))
    remapped = int(remap.select("old_person").distinct().count())
    _view(session.createDataFrame(pa.table({"weight": joined}), "weight bigint"), "jm_joined")
    merges = session.sql(
        """
        SELECT CAST(? AS TIMESTAMP) AS merged_at, l.a AS id, l.b AS other_id, p.person_id,
            l.reason, l.message_id
        FROM jm_link_order l LEFT SEMI JOIN jm_joined j ON j.weight = l.weight
        JOIN jm_mapping p ON p.id = l.a
        """
        if len(joined)
        else "SELECT CAST(? AS TIMESTAMP) AS merged_at, CAST(NULL AS STRING) AS id,"
        " CAST(NULL AS STRING) AS other_id, CAST(NULL AS STRING) AS person_id,"
        " CAST(NULL AS STRING) AS reason, CAST(NULL AS STRING) AS message_id WHERE false",
        args=[now],
    )
    updated = session.sql(
        """
        SELECT id, id_kind, person_id FROM jm_old_identities i LEFT ANTI JOIN jm_mapping m
            ON m.id = i.id
        UNION ALL SELECT id, id_kind, person_id FROM jm_mapping
        UNION ALL SELECT n.id, CASE WHEN n.is_user THEN 'user' ELSE 'anonymous' END, n.id
            FROM jm_new_ids n
            LEFT ANTI JOIN jm_old_identities i ON i.id = n.id
            LEFT ANTI JOIN jm_mapping m ON m.id = n.id
        """
    )
    write.replace("identities", updated)
    staged = session.read.parquet(f"{write.root}/replace/identities")
    return Stitched(staged, remap, merges, session.table("jm_new_ids"), remapped)
