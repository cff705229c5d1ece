"""Update `persons` and `trait_history` for the persons an import touched.

Traits come from the `traits` of every event of a person (identify calls, and per-case
attributes of process logs); for each trait the value with the latest timestamp wins (ties:
the larger message id). History keeps one row each time a trait's value changes.

Most persons of an import only gain events without traits: their first/last seen and event
count are updated from the activity of the file's new ids (`jm_new_ids`), with no pass over
`events`. Persons whose new events carry traits, and persons merged or renamed by stitching
(`jm_remap`), are rebuilt from all their events.
"""

from __future__ import annotations

import duckdb

from journeymap.events.stitching import REMAP

AFFECTED = "jm_affected"
REBUILT = "jm_rebuilt"


def collect_affected(con: duckdb.DuckDBPyConnection) -> None:
    """`jm_affected(person_id, first_seen, last_seen, events, rebuild)`: every person with new
    events or a changed id, with the activity of the new events (after stitching, so the new
    ids already point at their persons)."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {AFFECTED} AS
        SELECT person_id, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
            sum(events)::BIGINT AS events, bool_or(rebuild) AS rebuild
        FROM (
            SELECT i.person_id, n.first_seen, n.last_seen, n.events, n.has_traits AS rebuild
            FROM jm_new_ids n JOIN identities i ON i.id = n.id
            UNION ALL SELECT old_person, NULL, NULL, 0, true FROM {REMAP}
            UNION ALL SELECT new_person, NULL, NULL, 0, true FROM {REMAP}
        ) GROUP BY person_id
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )


def refresh_persons(con: duckdb.DuckDBPyConnection) -> None:
    """Update the rows of `persons` and `trait_history` for every person in `jm_affected`."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {REBUILT} AS
        SELECT person_id FROM {AFFECTED} WHERE rebuild;
        -- the persons that only gained events, read before their old rows are deleted
        CREATE OR REPLACE TEMP TABLE jm_grown AS
        SELECT a.person_id, least(p.first_seen, a.first_seen) AS first_seen,
            greatest(p.last_seen, a.last_seen) AS last_seen,
            coalesce(p.events, 0) + a.events AS events, coalesce(p.traits, '{{}}') AS traits
        FROM {AFFECTED} a LEFT JOIN persons p USING (person_id)
        WHERE NOT a.rebuild AND coalesce(p.events, 0) + a.events > 0;
        DELETE FROM persons WHERE person_id IN (SELECT person_id FROM {AFFECTED});
        DELETE FROM trait_history WHERE person_id IN (SELECT person_id FROM {REBUILT});
        CREATE OR REPLACE TEMP TABLE jm_trait_values AS
        SELECT e.person_id, t.key AS trait, t.value::VARCHAR AS value, e.timestamp, e.message_id
        FROM (
            -- filtered before json_each, which otherwise runs on every event's traits
            SELECT person_id, traits, timestamp, message_id FROM events
            WHERE person_id IN (SELECT person_id FROM {REBUILT})
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
            FROM events WHERE person_id IN (SELECT person_id FROM {REBUILT})
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
        ), rows AS (
            SELECT a.person_id, a.first_seen, a.last_seen, a.events,
                coalesce(t.traits, '{{}}') AS traits
            FROM activity a LEFT JOIN traits t USING (person_id)
            UNION ALL SELECT * FROM jm_grown
        ), ids AS (
            -- only persons with more than their own id need a list; most have one id
            SELECT person_id, to_json(list(id ORDER BY id))::VARCHAR AS ids
            FROM identities WHERE person_id IN (
                SELECT DISTINCT person_id FROM identities
                WHERE id <> person_id AND person_id IN (SELECT person_id FROM {AFFECTED}))
            GROUP BY person_id
        )
        -- a person's id is always one of its ids
        SELECT r.person_id, r.first_seen, r.last_seen, r.events, r.traits,
            coalesce(i.ids, '[' || to_json(r.person_id) || ']')
        FROM rows r LEFT JOIN ids i USING (person_id)
        ORDER BY r.person_id;
        DROP TABLE jm_trait_values;
        DROP TABLE jm_grown;
        DROP TABLE {REBUILT};
        """  # noqa: S608 - SQL text from our constants, identifiers quoted
    )
