"""A small shop log and map for running `journeymap report` on several engines, and the numbers
of a `journeymap report --json` output to compare one engine's with another's."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

STEPS = ("Viewed", "Cart", "Order Completed")
MAP = """\
journeymap: 1
id: steps
title: Steps
language: en
personas: [{id: ann, name: Ann}]
stages:
  - id: view
    name: View
    touchpoints: [viewed]
    kpis:
      - {id: view-to-order, name: View to order, target: 0.5,
         measure: "conversion(viewed -> ordered)"}
  - id: cart
    name: Cart
    touchpoints: [cart]
  - id: order
    name: Order
    touchpoints: [ordered]
  - id: again
    name: Again
    touchpoints: [repeat]
    kpis:
      - {id: repeat, name: Buyers who order again, target: 0.3,
         measure: "repeat_rate(Order Completed)"}
touchpoints:
  - {id: viewed, name: Viewed, bindings: [{event: Viewed}]}
  - {id: cart, name: Cart, bindings: [{event: Cart}]}
  - {id: repeat, name: Repeat order, bindings: [{event: Order Completed, occurrence: ">=2"}]}
  - {id: ordered, name: Order, bindings: [{event: Order Completed}]}
"""
# when the report was made, and the history of earlier runs in the workspace: not the data's
VOLATILE = ("generated_at", "kpi_trends")
SIGNIFICANT_DIGITS = 9  # engines sum floats in different orders: the last digits may differ
_START = dt.datetime(2024, 1, 1, 10, 0, tzinfo=dt.UTC)


def _row(event: str, person: int, at: dt.datetime, **more: Any) -> str:
    stamp = at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    record = {"type": "track", "event": event, "anonymousId": f"a{person}", "timestamp": stamp}
    return json.dumps(record | more)


def write_shop_events(path: Path) -> Path:
    """12 persons reaching 1, 2 or 3 steps at millisecond times, a third of the buyers ordering
    twice, on two channels; one identify linking a1 to u1 and one unreadable line."""
    rows: list[str] = []
    for person in range(12):
        at = _START + dt.timedelta(seconds=person, milliseconds=person)
        channel = ("web", "email")[person % 2]
        for k, event in enumerate(STEPS[: 1 + person % 3]):
            at += dt.timedelta(hours=3 + 5 * k + person, milliseconds=7 * person)
            rows.append(_row(event, person, at, channel=channel))
        if person % 6 == 2:  # persons 2 and 8 order again
            rows.append(_row(STEPS[-1], person, at + dt.timedelta(days=2 + person)))
    identify = {"type": "identify", "anonymousId": "a1", "userId": "u1"}
    rows.append(json.dumps(identify | {"timestamp": "2024-01-01T09:00:00Z", "traits": {"p": 1}}))
    rows.append('{"type": "track"')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def write_map(workspace: Path) -> str:
    """The map in `workspace/maps`; returns its path relative to the workspace."""
    (workspace / "maps").mkdir(exist_ok=True)
    (workspace / "maps" / "steps.yaml").write_text(MAP, encoding="utf-8")
    return "maps/steps.yaml"


def report_numbers(value: Any) -> Any:
    """`value` (a report's JSON) without its volatile keys, floats to 9 significant digits."""
    if isinstance(value, dict):
        return {k: report_numbers(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [report_numbers(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    return value
