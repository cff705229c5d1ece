"""`persons` and `trait_history` on Spark for the persons an import touched (rules of `persons`).

Every affected person (new events, or an id changed by stitching) is rebuilt from all its
events: first/last seen, event count, the latest value of each trait (ties: the larger message
id), its sorted ids, and one history row each time a trait's value changes. Rebuilding gives the
same rows as DuckDB's incremental update, which only spares persons without new traits a pass.
"""

from __future__ import annotations

from typing import Any


def rebuild_persons(
    session: Any, events: Any, identities: Any, affected: Any, *, persons: Any, history: Any
) -> tuple[Any, Any]:
    """New `persons` and `trait_history` tables, given the whole `events` after the import,
    the new `identities`, the `affected(person_id)` persons and the current two tables."""
    events.createOrReplaceTempView("jm_all_events")
    identities.createOrReplaceTempView("jm_all_identities")
    affected.createOrReplaceTempView("jm_affected")
    persons.createOrReplaceTempView("jm_old_persons")
    history.createOrReplaceTempView("jm_old_history")
    session.sql(
        """
        SELECT e.* FROM jm_all_events e LEFT SEMI JOIN jm_affected a ON a.person_id = e.person_id
        """
    ).createOrReplaceTempView("jm_affected_events")
    session.sql(
        """
        SELECT e.person_id, t.key AS trait, to_json(t.value) AS value, e.timestamp, e.message_id
        FROM (
            SELECT person_id, timestamp, message_id, try_parse_json(traits) AS doc
            FROM jm_affected_events WHERE traits IS NOT NULL AND traits <> '{}'
        ) e, LATERAL variant_explode(e.doc) AS t
        WHERE schema_of_variant(t.value) <> 'VOID'
        """
    ).createOrReplaceTempView("jm_trait_values")
    new_history = session.sql(
        """
        SELECT * FROM jm_old_history h
            LEFT ANTI JOIN jm_affected a ON a.person_id = h.person_id
        UNION ALL
        SELECT person_id, trait, value, timestamp, message_id FROM (
            SELECT *, lag(value) OVER (
                PARTITION BY person_id, trait ORDER BY timestamp, message_id) AS before
            FROM jm_trait_values
        ) WHERE before IS NULL OR before <> value
        """
    )
    new_persons = session.sql(
        """
        WITH activity AS (
            SELECT person_id, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
                count(*) AS events
            FROM jm_affected_events GROUP BY person_id
        ), latest AS (
            SELECT person_id, trait, max_by(value, struct(timestamp, message_id)) AS value
            FROM jm_trait_values GROUP BY person_id, trait
        ), traits AS (
            SELECT person_id, '{' || array_join(transform(
                array_sort(collect_list(named_struct('k', trait, 'v', value))),
                x -> substr(to_json(array(x.k)), 2, length(to_json(array(x.k))) - 2)
                    || ':' || x.v), ',') || '}' AS traits
            FROM latest GROUP BY person_id
        ), ids AS (
            SELECT person_id, to_json(array_sort(collect_list(id))) AS ids
            FROM jm_all_identities i LEFT SEMI JOIN jm_affected a ON a.person_id = i.person_id
            GROUP BY person_id
        )
        SELECT * FROM jm_old_persons p LEFT ANTI JOIN jm_affected a ON a.person_id = p.person_id
        UNION ALL
        SELECT a.person_id, a.first_seen, a.last_seen, a.events, coalesce(t.traits, '{}'),
            coalesce(i.ids, to_json(array(a.person_id)))
        FROM activity a LEFT JOIN traits t USING (person_id) LEFT JOIN ids i USING (person_id)
        """
    )
    return new_persons, new_history
