"""Reading values out of the JSON text columns (`properties`, `context`, `traits`) on any engine.

Ibis compiles `column.cast("json")[key]` natively on both engines (DuckDB `->`, Spark
`get_json_object`), but the text they return differs: DuckDB returns JSON text (`"seeds"` with
quotes, `null` for JSON null), Spark returns the bare value (`seeds`, SQL NULL). `json_text`
normalizes both to the bare value with SQL NULL for JSON null, without UDFs, so comparisons give
identical results on every engine.

On DuckDB, `json_raw` calls `json_extract_string` for paths of plain keys instead: it parses the
text once (the cast to JSON parses it a second time) and returns the bare value as Spark does,
which halved the cost of binding 10M events.

Known limits (documented in docs/analytics.md): a string value that itself starts and ends with
a double quote reads without them, and the string `"null"` reads as NULL, on every engine; for
keys that need quoting, DuckDB decodes only the escapes `\\"`, `\\\\`, `\\/`, `\\n`, `\\t`
(other `\\u` escapes stay as written; importers write UTF-8 text, so they do not occur in
practice). Empty text is treated as `{}`; other text that is not JSON is an error on DuckDB and
NULL on Spark, so the store only keeps valid JSON.
"""

from __future__ import annotations

import re

import ibis
import ibis.expr.types as ir

_NULL_STRING = ibis.null().cast("string")
# A character that cannot occur in JSON text unescaped, used to protect `\\` while decoding.
_PLACEHOLDER = "\x01"
# Keys that DuckDB's JSON path syntax takes unquoted; other keys use the generic lookup.
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@ibis.udf.scalar.builtin(name="json_extract_string")  # type: ignore[untyped-decorator]
def _duckdb_json_string(text: str, path: str) -> str:  # type: ignore[empty-body]
    """DuckDB's lookup of a JSON path in JSON text: the bare value, NULL for JSON null."""


def _plain_path(path: str) -> bool:
    return all(_PLAIN_KEY.fullmatch(key) for key in path.split("."))


def json_text(column: ir.StringValue, path: str) -> ir.StringValue:
    """The value at a dotted `path` (`page.url`) of a JSON text column, as bare text or NULL."""
    return json_decode(json_raw(column, path))


def json_raw(column: ir.StringValue, path: str) -> ir.StringValue:
    """The value at `path` as the engine returns it (see the module docstring); `json_decode`
    makes it bare text. Split from `json_text` so that a caller can extract once per row into a
    column and decode from there: the decoding reads the value many times, and engines parse the
    whole JSON text again for every read inside a CASE."""
    if on_duckdb(column) and _plain_path(path):
        found: ir.StringValue = _duckdb_json_string(column.nullif(""), "$." + path)
        return found
    value: ir.Value = column.nullif("").cast("json")
    for key in path.split("."):
        value = value[key]
    text: ir.StringValue = value.cast("string")
    return text


def json_decode(text: ir.StringValue) -> ir.StringValue:
    """`json_raw`'s text as the bare value, SQL NULL for JSON null."""
    quoted = text.startswith('"') & text.endswith('"') & (text.length() >= 2)
    inner = text.substr(1, text.length() - 2)
    decoded = (
        inner.replace("\\\\", _PLACEHOLDER)
        .replace('\\"', '"')
        .replace("\\/", "/")
        .replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace(_PLACEHOLDER, "\\")
    )
    result: ir.StringValue = ibis.cases(
        (text.isnull() | (text == "null"), _NULL_STRING),
        (quoted, decoded),
        else_=text,
    )
    return result


def json_number(column: ir.StringValue, path: str) -> ir.FloatingValue:
    """The value at `path` as a float, NULL when absent or not a number."""
    number: ir.FloatingValue = json_text(column, path).try_cast("float64")
    return number


def on_duckdb(expr: ir.Expr) -> bool:
    """True when every table under `expr` lives in a DuckDB connection (False when unsure)."""
    backends, unbound = expr._find_backends()
    return bool(backends) and not unbound and all(b.name == "duckdb" for b in backends)
