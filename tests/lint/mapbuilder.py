"""Maps for linter tests: a clean baseline map and small edits that break one rule each."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journeymap.lint import LintReport, lint_paths
from journeymap.model.yamlio import emit_yaml

TODAY = dt.date(2026, 3, 1)
Edit = Callable[[dict[str, Any]], "dict[str, Any] | str"]

_EVIDENCE = [{"source": "interview", "note": "9 of 12 interviews", "sample_size": 12}]


def baseline() -> dict[str, Any]:
    """A map that follows the method: no rule finds anything in it."""
    return {
        "journeymap": 1,
        "id": "seed-shop",
        "title": "Seed shop, first purchase",
        "goal": "Reduce cart abandonment",
        "segment": "beginner gardeners",
        "owner": "CX team",
        "reviewed": TODAY - dt.timedelta(days=10),
        "personas": [
            {
                "id": "marina",
                "name": "Marina",
                "age": 34,
                "occupation": "accountant, works from home",
                "context": "a dacha two hours from Moscow, short summer",
                "goals": ["save time"],
                "fears": ["seeds not sprouting"],
                "evidence": copy.deepcopy(_EVIDENCE),
            },
            {
                "id": "oleg",
                "name": "Oleg",
                "age": "55-62",
                "occupation": "retired engineer",
                "goals": ["grow tomatoes for the family"],
                "fears": ["paying for delivery twice"],
                "evidence": [{"source": "survey", "sample_size": 240}],
            },
        ],
        "stages": [
            _stage("interest", "Interest", ["browses the catalog"], ["catalog"]),
            _stage("purchase", "Purchase", ["pays by card", "waits for the courier"], ["cart"])
            | {
                "barriers": [
                    {
                        "id": "delivery-cost",
                        "text": "Delivery costs more than the seeds",
                        "severity": "high",
                        "evidence": [{"source": "analytics", "note": "38% leave at shipping"}],
                        "solutions": [
                            {"text": "Free delivery from 1500 RUB", "owner": "e-commerce"}
                        ],
                    }
                ],
                "kpis": [
                    {
                        "id": "cart-to-order",
                        "name": "Cart to order",
                        "target": 0.6,
                        "measure": "conversion(cart -> order)",
                    }
                ],
                "opportunities": [{"text": "Pay on delivery", "owner": "finance"}],
            },
            _stage("repeat-purchase", "Repeat purchase", ["orders again"], ["courier", "email"]),
        ],
        "touchpoints": [
            _touchpoint("catalog", "Product catalog", "Product Viewed"),
            _touchpoint("cart", "Cart", "Product Added"),
            _touchpoint("courier", "Courier delivery", "Order Delivered") | {"kind": "offline"},
            _touchpoint("email", "Reminder e-mail", "Email Opened"),
        ],
    }


def _stage(stage_id: str, name: str, actions: list[str], touchpoints: list[str]) -> dict[str, Any]:
    return {
        "id": stage_id,
        "name": name,
        "customer_goals": [f"get {name.lower()} done quickly"],
        "actions": actions,
        "touchpoints": touchpoints,
        "emotions": {"marina": 1, "oleg": 0},
        "evidence": copy.deepcopy(_EVIDENCE),
    }


def _touchpoint(tp_id: str, name: str, event: str) -> dict[str, Any]:
    return {"id": tp_id, "name": name, "channel": "web", "bindings": [{"event": event}]}


def _walk(data: Any, path: str) -> tuple[Any, str | int]:
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in path.split(".")]
    node = data
    for part in parts[:-1]:
        node = node[part]
    return node, parts[-1]


def put(path: str, value: Any) -> Edit:
    """Set the value at a dotted path (`stages.1.barriers.0.severity`); a list index one past
    the end appends."""

    def edit(data: dict[str, Any]) -> dict[str, Any]:
        node, last = _walk(data, path)
        if isinstance(node, list) and last == len(node):
            node.append(copy.deepcopy(value))
        else:
            node[last] = copy.deepcopy(value)
        return data

    return edit


def drop(path: str) -> Edit:
    def edit(data: dict[str, Any]) -> dict[str, Any]:
        node, last = _walk(data, path)
        del node[last]
        return data

    return edit


def edits(*steps: Edit) -> Edit:
    def edit(data: dict[str, Any]) -> dict[str, Any] | str:
        result: dict[str, Any] | str = data
        for step in steps:
            assert isinstance(result, dict), "a text edit must come last"
            result = step(result)
        return result

    return edit


def as_text(edit: Edit | None = None) -> str:
    data: dict[str, Any] | str = baseline()
    if edit is not None:
        assert isinstance(data, dict)
        data = edit(data)
    return data if isinstance(data, str) else emit_yaml(data)


def lint_text(tmp_path: Path, text: str, name: str = "map.yaml") -> LintReport:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    [report] = lint_paths([file], today=TODAY)
    return report


def codes(report: LintReport) -> set[str]:
    return {f.code for f in report.findings}
