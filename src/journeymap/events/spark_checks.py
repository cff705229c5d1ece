"""Staging rows to checked rows on Spark: the rules of `staging.check_into_ready` and `dedupe`.

Timestamps are read as on DuckDB (`timestamps`): ISO 8601 with an offset or `Z` in its own
zone, ISO without one in the `--timezone` zone, epoch seconds/milliseconds/microseconds by
magnitude, then the `NAIVE_FORMATS`. Quarantine reasons, content hashes, hashed message ids and
in-file dedupe give the same texts as the DuckDB path, so both stores hold the same rows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from journeymap.events.options import IngestOptions
from journeymap.events.schema import EVENT_TYPES

SPARK_FORMATS: Final = (
    "yyyy/M/d H:m:s",
    "yyyy/M/d H:m",
    "yyyy/M/d",
    "d.M.yyyy H:m:s",
    "d.M.yyyy H:m",
    "d.M.yyyy",
    "M/d/yyyy H:m:s",
    "M/d/yyyy H:m",
    "M/d/yyyy h:m:s a",
    "M/d/yyyy",
    "yyyyMMddHHmmss",
    "yyyyMMdd",
)
"""`timestamps.NAIVE_FORMATS` in Spark's pattern letters (one letter: one or two digits); the
two-digit-year forms are `_SHORT_YEAR_FORMATS`."""
_SHORT_YEAR_FORMATS: Final = ("d.M.yy H:m:s", "d.M.yy H:m", "d.M.yy")
# Only text with exactly two year digits tries them: Spark's legacy-parser check would raise on
# `d.M.yy` against `31.12.2024`. Spark reads `yy` as 2000-2099; DuckDB's `%y` as 1969-2068.
_SHORT_YEAR: Final = r"^[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{2}( |$)"
_ZONED: Final = r"[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\s*(Z|z|UTC|[+-][0-9]{2}(:?[0-9]{2})?)$"
_NUMBER: Final = r"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$"
CONTENT_COLUMNS: Final = (
    "type",
    "event",
    "anonymous_id",
    "user_id",
    "previous_id",
    "channel",
    "properties",
    "context",
    "traits",
)
CONTENT_SQL: Final = (
    "concat("
    + ", chr(31), ".join(f"coalesce({c}, chr(0))" for c in CONTENT_COLUMNS)
    + ", chr(31), coalesce(CAST(timestamp AS STRING), time, chr(0)))"
)


def _literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def utc_timestamp_sql(column: str, timezone: str) -> str:
    """Spark SQL turning text `column` into a UTC timestamp (NULL if unparsable)."""
    t = f"trim({column})"
    zone = _literal(timezone)
    short = ", ".join(f"try_to_timestamp({t}, {_literal(f)})" for f in _SHORT_YEAR_FORMATS)
    short_year = (
        f"CASE WHEN {t} RLIKE {_literal(_SHORT_YEAR)} THEN transform(array(coalesce({short})),"
        " s -> CASE WHEN year(s) > 2068 THEN s - INTERVAL 100 YEARS ELSE s END)[0] END"
    )
    naive = ", ".join(
        [short_year, *(f"try_to_timestamp({t}, {_literal(f)})" for f in SPARK_FORMATS)]
    )
    n = f"try_cast({t} AS DOUBLE)"
    epoch = (
        f"CASE WHEN abs({n}) >= 1e14 THEN timestamp_micros(CAST({n} AS BIGINT))"
        f" WHEN abs({n}) >= 1e11 THEN timestamp_micros(CAST({n} * 1000 AS BIGINT))"
        f" WHEN abs({n}) >= 1e8 THEN timestamp_micros(CAST({n} * 1000000 AS BIGINT)) END"
    )
    return (
        f"CASE WHEN {t} RLIKE {_literal(_ZONED)} THEN try_to_timestamp("
        # Spark's reader wants seconds before an offset ("10:00+03:00" is ISO 8601 too)
        f"regexp_replace({t}, '([T ][0-9]{{1,2}}:[0-9]{{2}})([Zz+-])', '$1:00$2'))"
        f" WHEN {t} RLIKE {_literal(_NUMBER)} THEN {epoch}"
        f" ELSE to_utc_timestamp(coalesce(try_to_timestamp({t}), {naive}), {zone}) END"
    )


def check(stage: Any, options: IngestOptions) -> Any:
    """Checked rows of `stage`: timestamp, `why` (NULL or the quarantine reason), message id."""
    horizon = (datetime.now(UTC).replace(tzinfo=None) + options.future_tolerance).isoformat(" ")
    types = ", ".join(f"'{t}'" for t in EVENT_TYPES)
    why = f"""coalesce(reason, CASE
        WHEN type IS NULL THEN 'missing type'
        WHEN type NOT IN ({types}) THEN 'unknown type'
        WHEN coalesce(user_id, anonymous_id, CASE WHEN type = 'alias' THEN previous_id END)
            IS NULL THEN 'missing person (no user id or anonymous id)'
        WHEN type = 'alias' AND (user_id IS NULL OR previous_id IS NULL)
            THEN 'alias needs both userId and previousId'
        WHEN timestamp IS NULL AND (time IS NULL OR trim(time) = '') THEN 'missing time'
        WHEN timestamp IS NULL THEN 'unparsable time'
        WHEN timestamp > TIMESTAMP '{horizon}' THEN 'time in the future'
        WHEN type = 'track' AND (event IS NULL OR trim(event) = '') THEN 'missing event name'
    END)"""
    timed = stage.selectExpr("*", f"{utc_timestamp_sql('time', options.timezone)} AS timestamp")
    checked = timed.selectExpr(
        "*", f"{why} AS why", f"CASE WHEN message_id IS NULL THEN md5({CONTENT_SQL}) END AS hash"
    )
    return checked.selectExpr(
        "* EXCEPT (message_id, reason, hash)",
        "coalesce(message_id, 'h:' || hash) AS message_id",
        "hash AS content_hash",
    )


def mark_duplicates(checked: Any) -> Any:
    """Number repeated contents, mark in-file duplicates, describe quarantined rows (`dedupe`)."""
    occurrence = (
        "CASE WHEN content_hash IS NULL THEN 1 ELSE row_number() OVER ("
        "PARTITION BY content_hash ORDER BY row_number, part) END"
    )
    numbered = checked.selectExpr("*", f"{occurrence} AS occurrence").selectExpr(
        "* EXCEPT (message_id, occurrence)",
        "CASE WHEN occurrence > 1 THEN message_id || ':' || occurrence ELSE message_id END"
        " AS message_id",
    )
    same = "PARTITION BY message_id, why IS NULL ORDER BY row_number, part"
    ranked = numbered.selectExpr(
        "*",
        f"coalesce(content_hash, md5({CONTENT_SQL})) AS own_hash",
    ).selectExpr(
        "*",
        f"row_number() OVER ({same}) AS id_rank",
        f"first_value(own_hash) OVER ({same}) AS first_hash",
        f"first_value(row_number) OVER ({same}) AS first_row",
    )
    repeated = "why IS NULL AND id_rank > 1"
    marked = ranked.selectExpr(
        "* EXCEPT (why, own_hash, id_rank, first_hash, first_row)",
        f"CASE WHEN {repeated} AND own_hash <> first_hash THEN"
        " 'duplicate message id with different content'"
        " ELSE why END AS why",
        f"CASE WHEN {repeated} AND own_hash = first_hash THEN first_row END AS duplicate_of_row",
    )
    raw = (
        "coalesce(raw, to_json(named_struct('message_id', message_id, 'type', type,"
        " 'event', event, 'anonymous_id', anonymous_id, 'user_id', user_id, 'time', time,"
        " 'channel', channel, 'properties', properties, 'context', context, 'traits', traits,"
        " 'previous_id', previous_id), map('ignoreNullFields', 'false')))"
    )
    # the id hashes the row as read (its text, or its content when it had none), as DuckDB does
    identified = marked.selectExpr(
        "*",
        f"CASE WHEN why IS NOT NULL THEN md5(concat(coalesce(raw, {CONTENT_SQL}), chr(31), why,"
        " chr(31), CAST(row_number AS STRING))) END AS quarantine_id",
    )
    return identified.selectExpr(
        "* EXCEPT (raw)", f"CASE WHEN why IS NOT NULL THEN {raw} ELSE raw END AS raw"
    )
