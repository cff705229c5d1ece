"""Analytics: functions over `ibis.Table` that give identical results on every engine.

Each module holds one analysis (`bind`, `funnel`, `transitions`, `paths`, ...); import from the
modules directly.
"""
