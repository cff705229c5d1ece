"""Recompute `persons` and `trait_history` for the persons an import touched.

Traits come from the `traits` of every event of a person (identify calls, and per-case
attributes of process logs); for each trait the value with the latest timestamp wins (ties:
the larger message id). History keeps one row each time a trait's value changes.
"""

from __future__ import annotations

import duckdb

AFFECTED = "jm_affected"


def refresh_persons(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the rows of `persons` and `trait_history` for every person in `jm_affected`."""
    con.execute(
        f"""
        DELETE FROM persons WHERE person_id IN (SELECT person_id FROM {AFFECTED});
        DELETE FROM trait_history WHERE person_id IN (SELECT person_id FROM {AFFECTED});
        CREATE OR REPLACE TEMP TABLE jm_trait_values AS
        SELECT e.person_id, t.key AS trait, t.value::VARCHAR AS value, e.timestamp, e.message_id
        FROM (
            -- filtered before json_each, which otherwise runs on every event's traits
            SELECT person_id, traits, timestamp, message_id FROM events
            WHERE person_id IN (SELECT person_id FROM {AFFECTED})
                AND traits IS NOT NULL AND traits <> '{{}}'
        ) e, json_each(e.traits) t
        WHERE t.type <> 'NULL';
        INSERT INTO trait_history
        SELECT person_id, trait, value, timestamp, message_id FROM (
            SELECT *, lag(value) OVER (
                PARTITION BY person_id, trait ORDER BY timestamp, message_id) AS before
            FROM jm_trait_values
        ) WHERE before IS NULL OR before <> value
        ORDER BY person_id, trait, timestamp;
        INSERT INTO persons
        WITH activity AS (
            SELECT person_id, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
                count(*) AS events
            FROM events WHERE person_id IN (SELECT person_id FROM {AFFECTED})
            GROUP BY person_id
        ), latest AS (
            SELECT person_id, trait, arg_max(value, (timestamp, message_id)) AS value
            FROM jm_trait_values GROUP BY person_id, trait
        ), traits AS (
            -- keys sorted so the same traits always give the same text
            SELECT person_id,
                to_json(map(list(trait ORDER BY trait), list(value::JSON ORDER BY trait)))::VARCHAR
                    AS traits
            FROM latest GROUP BY person_id
        ), ids AS (
            SELECT person_id, to_json(list(id ORDER BY id))::VARCHAR AS ids
            FROM identities WHERE person_id IN (SELECT person_id FROM {AFFECTED})
            GROUP BY person_id
        )
        SELECT a.person_id, a.first_seen, a.last_seen, a.events,
            coalesce(t.traits, '{{}}'), coalesce(i.ids, '[]')
        FROM activity a LEFT JOIN traits t USING (person_id) LEFT JOIN ids i USING (person_id)
        ORDER BY a.person_id;
        DROP TABLE jm_trait_values;
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )
