"""What a funnel returns: step counts, breakdowns, time to convert, trends and drill-downs.

Counts execute one aggregate query; the other outputs are Ibis tables (lazy) or small dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import ibis.expr.types as ir

from journeymap.analytics.funnel_spec import FunnelSpec
from journeymap.i18n import gettext as _

Period = Literal["day", "week"]
_TRUNCATE = {"day": "D", "week": "W"}


@dataclass(frozen=True)
class FunnelResult:
    spec: FunnelSpec
    chains: ir.Table
    """One row per counted chain (the person's best chain, or every entry for conversions)."""
    totals: dict[str, Any] | None = field(default=None, compare=False)
    """The row of `steps()`' aggregate (`n{j}`, `med{j}`), where the maker of the chains has
    it already (the DuckDB path counts them in memory: no query to compile and run)."""

    @property
    def step_names(self) -> list[str]:
        if self.spec.order == "unordered":
            return [f"{k} of {self.spec.n} steps" for k in range(1, self.spec.n + 1)]
        return [step.label for step in self.spec.steps]

    def _aggregates(self, chains: ir.Table) -> dict[str, ir.Value]:
        metrics: dict[str, ir.Value] = {}
        for j in range(self.spec.n):
            metrics[f"n{j}"] = chains[f"r{j}"].cast("int64").sum()
            metrics[f"med{j}"] = (chains[f"ms{j}"] / 1000).median()
        return metrics

    def _steps(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        steps: list[dict[str, Any]] = []
        first = int(row["n0"] or 0)
        for j, name in enumerate(self.step_names):
            persons = int(row[f"n{j}"] or 0)
            if j == 0:
                before = persons
            elif self.spec.order == "unordered":
                before = int(row[f"n{j - 1}"] or 0)
            else:
                before = int(row[f"n{self.spec.previous_required(j)}"] or 0)
            median = row[f"med{j}"]
            steps.append(
                {
                    "name": name,
                    "persons": persons,
                    "conversion_from_previous": _ratio(persons, before),
                    "conversion_from_start": _ratio(persons, first),
                    "median_seconds_from_previous": None if median is None else float(median),
                    "optional": j in self.spec.optional,
                }
            )
        return steps

    def steps(self) -> list[dict[str, Any]]:
        """Per step: name, persons, conversion from previous and start, median seconds."""
        if self.totals is not None:
            return self._steps(self.totals)
        rows = self.chains.aggregate(**self._aggregates(self.chains)).to_pyarrow().to_pylist()
        return self._steps(rows[0])

    def breakdown(self) -> list[dict[str, Any]]:
        """Per breakdown value (attributed as the spec says): its steps, biggest first."""
        grouped = self.chains.group_by(value=self.chains.bd).aggregate(
            **self._aggregates(self.chains)
        )
        rows = grouped.to_pyarrow().to_pylist()
        result = [{"value": row["value"], "steps": self._steps(row)} for row in rows]
        return sorted(result, key=lambda b: (-b["steps"][0]["persons"], str(b["value"])))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: `{"steps": [...], "breakdown": [...]}` (breakdown when asked)."""
        data: dict[str, Any] = {
            "order": self.spec.order,
            "window_seconds": self.spec.window_ms / 1000,
            "count": self.spec.count,
            "steps": self.steps(),
        }
        if self.spec.breakdown is not None:
            data["breakdown_by"] = self.spec.breakdown
            data["breakdown_attribution"] = self.spec.attribution
            data["breakdown"] = self.breakdown()
        return data

    def converted(self) -> ir.Table:
        """Chains that reached the last required step, with `seconds` from entry to it."""
        done = self.chains.filter(self.chains.total_ms.notnull())
        return done.select(person_id=done.pid, start=done.start, seconds=done.total_ms / 1000)

    def time_to_convert(self, bins: int = 10) -> dict[str, Any]:
        """Median, p90, mean and an equal-width histogram of seconds from step 1 to the last."""
        seconds = self.converted().seconds
        stats = (
            self.converted()
            .aggregate(
                n=seconds.count(),
                median=seconds.median(),
                p90=seconds.quantile(0.9),
                mean=seconds.mean(),
                low=seconds.min(),
                high=seconds.max(),
            )
            .to_pyarrow()
            .to_pylist()[0]
        )
        histogram: list[dict[str, Any]] = []
        if stats["n"]:
            low, high = float(stats["low"]), float(stats["high"])
            width = (high - low) / bins if high > low else 1.0
            converted = self.converted()
            bucket = ((converted.seconds - low) / width).floor().cast("int64").clip(upper=bins - 1)
            counts = converted.group_by(bucket=bucket).aggregate(count=converted.count())
            found = {r["bucket"]: r["count"] for r in counts.to_pyarrow().to_pylist()}
            for b in range(bins if high > low else 1):
                histogram.append(
                    {
                        "from_seconds": low + b * width,
                        "to_seconds": low + (b + 1) * width if high > low else high,
                        "count": int(found.get(b, 0)),
                    }
                )
        return {
            "converted": int(stats["n"] or 0),
            "median_seconds": stats["median"],
            "p90_seconds": stats["p90"],
            "mean_seconds": stats["mean"],
            "histogram": histogram,
        }

    def conversion_over_time(self, period: Period = "day") -> ir.Table:
        """Per day/week of entry: chains entered, converted, and the conversion rate."""
        start = self.chains.start.truncate(_TRUNCATE[period])
        done = self.chains.total_ms.notnull().cast("int64")
        trend = self.chains.group_by(period=start).aggregate(
            entered=self.chains.count(), converted=done.sum()
        )
        return trend.mutate(conversion=trend.converted / trend.entered).order_by("period")

    def persons(self, step: int, *, dropped: bool = False) -> ir.Table:
        """Person ids that reached `step` (1-based); with `dropped`, those that reached it but
        not the next required step."""
        if not 1 <= step <= self.spec.n:
            raise ValueError(_("step must be 1..{n}, not {step}", n=self.spec.n, step=step))
        j = step - 1
        following = j + 1 if self.spec.order == "unordered" else self.spec.next_required(j)
        if following is not None and following >= self.spec.n:
            following = None
        condition = self.chains[f"r{j}"]
        if dropped and following is not None:
            condition = condition & ~self.chains[f"r{following}"]
        chosen = self.chains.filter(condition)
        if dropped and following is not None and self.spec.count == "conversions":
            # a person with several entries dropped only if none of them got further
            further = self.chains.filter(self.chains[f"r{following}"]).select("pid")
            chosen = chosen.anti_join(further, "pid")
        return chosen.select(person_id=chosen.pid).distinct().order_by("person_id")


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole
