"""Reading values out of the JSON text columns (`properties`, `context`, `traits`) on any engine.

Ibis compiles `column.cast("json")[key]` natively on both engines (DuckDB `->`, Spark
`get_json_object`), but the text they return differs: DuckDB returns JSON text (`"seeds"` with
quotes, `null` for JSON null), Spark returns the bare value (`seeds`, SQL NULL). `json_text`
normalizes both to the bare value with SQL NULL for JSON null, without UDFs, so comparisons give
identical results on every engine.

Known limits (documented in docs/analytics.md): a string value that itself starts and ends with
a double quote, or the string `"null"`, reads as the bare value on every engine; only the escapes
`\\"`, `\\\\`, `\\/`, `\\n`, `\\t` are decoded (other `\\u` escapes stay as written on
DuckDB; importers write UTF-8 text, so they do not occur in practice). Empty text is treated as
`{}`; other text that is not JSON is an error on DuckDB and NULL on Spark, so the store only keeps
valid JSON.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

_NULL_STRING = ibis.null().cast("string")
# A character that cannot occur in JSON text unescaped, used to protect `\\` while decoding.
_PLACEHOLDER = "\x01"


def json_text(column: ir.StringValue, path: str) -> ir.StringValue:
    """The value at a dotted `path` (`page.url`) of a JSON text column, as bare text or NULL."""
    return json_decode(json_raw(column, path))


def json_raw(column: ir.StringValue, path: str) -> ir.StringValue:
    """The value at `path` as the engine returns it (see the module docstring); `json_decode`
    makes it bare text. Split from `json_text` so that a caller can extract once per row into a
    column and decode from there: the decoding reads the value many times, and engines parse the
    whole JSON text again for every read inside a CASE."""
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
