"""The analytics workbench's query: every choice lives in the URL's GET parameters, so a query
is shared by sharing its link (and its CSV and JSON twins take the same parameters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

Kind = Literal["funnel", "paths", "transitions", "retention", "attribution", "segments"]
KINDS: Final[tuple[Kind, ...]] = (
    "funnel",
    "paths",
    "transitions",
    "retention",
    "attribution",
    "segments",
)
ORDERS: Final = ("ordered", "strict", "unordered")
NODES: Final = ("event", "touchpoint", "stage")
PERIODS: Final = ("day", "week", "month")
CREDIT_BY: Final = ("channel", "touchpoint")
MAX_STEPS: Final = 12


def _choice(value: str | None, allowed: tuple[str, ...], default: str) -> str:
    return value if value in allowed else default


def _number(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value or default), low), high)
    except ValueError:
        return default


@dataclass(frozen=True)
class WorkbenchQuery:
    """One analysis: its kind and the options that kind reads (the others keep defaults)."""

    kind: Kind = "funnel"
    steps: tuple[str, ...] = ()
    window: str = "14d"
    order: str = "ordered"
    breakdown: str = ""
    by: str = "event"
    start: str = ""
    end: str = ""
    max_steps: int = 5
    top: int = 10
    return_event: str = ""
    period: str = "week"
    conversion: str = ""
    credit_by: str = "channel"
    models: tuple[str, ...] = field(default=("first_touch", "last_touch", "linear"))
    segment: str = ""
    since: str = ""
    until: str = ""
    only: str = ""
    """Every analysis: first and last day (YYYY-MM-DD) and a segment filter (`channel=web`)."""

    @classmethod
    def of(cls, params: QueryParams) -> WorkbenchQuery:
        from journeymap.analytics.option_names import ATTRIBUTION_MODELS

        kind = _choice(params.get("kind"), KINDS, "funnel")
        steps = tuple(s.strip() for s in params.getlist("steps") if s.strip())[:MAX_STEPS]
        models = tuple(m for m in params.getlist("model") if m in ATTRIBUTION_MODELS)
        return cls(
            kind=kind,  # type: ignore[arg-type]  # checked against KINDS
            steps=steps,
            window=(params.get("window") or "14d").strip(),
            order=_choice(params.get("order"), ORDERS, "ordered"),
            breakdown=(params.get("breakdown") or "").strip(),
            by=_choice(params.get("by"), NODES, "event"),
            start=(params.get("start") or "").strip(),
            end=(params.get("end") or "").strip(),
            max_steps=_number(params.get("max_steps"), 5, 1, 20),
            top=_number(params.get("top"), 10, 1, 50),
            return_event=(params.get("return") or "").strip(),
            period=_choice(params.get("period"), PERIODS, "week"),
            conversion=(params.get("conversion") or "").strip(),
            credit_by=_choice(params.get("credit_by"), CREDIT_BY, "channel"),
            models=models or cls.models,
            segment=(params.get("segment") or "").strip(),
            since=(params.get("since") or "").strip(),
            until=(params.get("until") or "").strip(),
            only=(params.get("only") or "").strip(),
        )

    def params(self) -> list[tuple[str, str]]:
        """The GET parameters of this query (only what its kind reads)."""
        pairs: list[tuple[str, str]] = [("kind", self.kind)]
        if self.kind == "funnel":
            pairs += [("steps", s) for s in self.steps]
            pairs += [("window", self.window), ("order", self.order)]
            pairs += [("breakdown", self.breakdown)] if self.breakdown else []
        elif self.kind in ("paths", "transitions"):
            pairs.append(("by", self.by))
            if self.kind == "paths":
                pairs += [("start", self.start), ("end", self.end)]
                pairs += [("max_steps", str(self.max_steps)), ("top", str(self.top))]
        elif self.kind == "retention":
            pairs += [("start", self.start), ("return", self.return_event)]
            pairs.append(("period", self.period))
        elif self.kind == "attribution":
            pairs += [("conversion", self.conversion), ("credit_by", self.credit_by)]
            pairs += [("model", m) for m in self.models]
        else:
            pairs += [("conversion", self.conversion), ("start", self.start)]
            pairs.append(("segment", self.segment))
        pairs += [("since", self.since), ("until", self.until), ("only", self.only)]
        return [(k, v) for k, v in pairs if v != ""]

    def query_string(self) -> str:
        return urlencode(self.params())

    @property
    def ready(self) -> bool:
        """Whether the query names what its kind needs (else the page shows only the form)."""
        if self.kind == "funnel":
            return len(self.steps) >= 1
        if self.kind == "retention":
            return bool(self.start and self.return_event)
        if self.kind == "attribution":
            return bool(self.conversion)
        if self.kind == "segments":
            return bool(self.conversion and self.segment)
        return True

    def binds(self, map_ids: set[str]) -> bool:
        """Whether the analysis reads the map's `touchpoint` and `stage` columns, so the events
        must be bound to the map first (binding reads every event's JSON: a second at 1M).
        A funnel whose steps are event names does not: `event:NAME`, or a plain name that is no
        touchpoint or stage id of the map (`map_ids`; a plain name is an event name first, see
        `analytics.steps`), and no breakdown by touchpoint or stage. Every other kind binds."""
        if self.kind != "funnel" or self.breakdown in ("touchpoint", "stage"):
            return True
        for step in self.steps:
            prefix, sep, _ = step.partition(":")
            if sep and prefix in ("touchpoint", "stage"):
                return True
            if not (sep and prefix == "event") and step in map_ids:
                return True
        return False

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {}
        for key, value in self.params():
            if key in ("steps", "model"):
                data.setdefault(key, [])
                listed = data[key]
                assert isinstance(listed, list)
                listed.append(value)
            else:
                data[key] = value
        return data
