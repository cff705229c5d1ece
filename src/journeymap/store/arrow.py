"""Results of Ibis expressions as Arrow tables, without ibis' pandas round trip on Spark.

ibis' PySpark backend builds Arrow through pandas, which warns under pandas 3; Spark 4 can hand
Arrow over directly (`DataFrame.toArrow`), so compile the expression and ask Spark for it.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa


def to_arrow(expr: Any) -> pa.Table:
    """The rows of an Ibis table expression (or a scalar, as a one-row table)."""
    backend = expr._find_backend()
    if getattr(backend, "name", "") == "pyspark":
        table = expr.as_table()
        frame = backend._session.sql(backend.compile(table))
        result: pa.Table = frame.toArrow()
        return _naive_utc(result.rename_columns(table.schema().names))
    output: pa.Table = expr.as_table().to_pyarrow()
    return output


def to_scalar(expr: Any) -> Any:
    """The value of a scalar Ibis expression."""
    return to_arrow(expr).column(0)[0].as_py()


def _naive_utc(table: pa.Table) -> pa.Table:
    """Spark returns timestamps zoned in UTC; the store's contract is naive UTC."""
    for index, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            naive = table.column(index).cast(pa.timestamp(field.type.unit))
            table = table.set_column(index, field.name, naive)
    return table


def replace_table(backend: Any, name: str, data: pa.Table) -> None:
    """Overwrite table `name` with `data`, keeping the table's column types."""
    if getattr(backend, "name", "") != "pyspark":
        backend.create_table(name, data, overwrite=True)
        return
    from pyspark.sql import functions

    from journeymap.store.spark_tables import PARTITION_COLUMN, refresh_table

    session = backend._session
    columns = session.table(name).schema.fields
    frame = session.createDataFrame(data)
    if PARTITION_COLUMN in {f.name for f in columns}:
        frame = frame.withColumn(PARTITION_COLUMN, functions.to_date("timestamp"))
    frame = frame.select([functions.col(f.name).cast(f.dataType) for f in columns])
    # the table keeps its definition (an external, maybe partitioned, Parquet table)
    frame.write.insertInto(name, overwrite=True)
    refresh_table(session, name)
