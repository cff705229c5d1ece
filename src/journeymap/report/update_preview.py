"""What `--update-map` would change in a map, field by field, before anything is written:
"Purchase: Cart to order 21.0% → 24.0%", and the suggested barriers it would add.

The preview applies `update_map.apply_measurements` to the map text parsed afresh, so it shows
exactly what saving writes (`UpdatePreview.text`, comments and wrapping kept by the same dump).
`UpdatePreview.digest` fingerprints the changes, so a caller can tell whether the numbers moved
between the preview and the save."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from journeymap.i18n import gettext as _
from journeymap.i18n import ngettext
from journeymap.model import KPI, JourneyMap, parse_map
from journeymap.model.stage import Stage
from journeymap.report.data import ReportData
from journeymap.report.formatting import kpi_value
from journeymap.report.update_map import apply_measurements


@dataclass(frozen=True)
class MeasuredChange:
    """One KPI's measured value: before (None: never measured) and after."""

    stage: str
    stage_name: str
    kpi: str
    kpi_name: str
    old: float | None
    new: float
    old_text: str
    new_text: str
    persons: int | None

    def line(self) -> str:
        return _(
            "{stage}: {kpi} {old} → {new}",
            stage=self.stage_name,
            kpi=self.kpi_name,
            old=self.old_text if self.old is not None else _("not measured"),
            new=self.new_text,
        )

    def persons_text(self) -> str:
        """`(12 persons)`: what the new value is based on; empty when unknown."""
        if self.persons is None:
            return ""
        return ngettext("({count} person)", "({count} persons)", self.persons, count=self.persons)


@dataclass(frozen=True)
class NewBarrier:
    stage: str
    stage_name: str
    id: str
    text: str

    def line(self) -> str:
        return _("{stage}: new suggested barrier «{text}»", stage=self.stage_name, text=self.text)


@dataclass
class UpdatePreview:
    kpis: list[MeasuredChange] = field(default_factory=list)
    """KPIs whose measured value changes (or is measured for the first time)."""
    unchanged: int = 0
    """KPIs measured again with the value already in the map (only their date moves)."""
    barriers: list[NewBarrier] = field(default_factory=list)
    simulated: bool = False
    text: str = ""
    """The map's YAML after the update."""

    @property
    def digest(self) -> str:
        rows = [asdict(c) for c in self.kpis] + [asdict(b) for b in self.barriers]
        text = json.dumps([rows, self.unchanged, self.simulated], sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def empty(self) -> bool:
        return not (self.kpis or self.barriers or self.unchanged)

    def lines(self) -> list[str]:
        return [c.line() for c in self.kpis] + [b.line() for b in self.barriers]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpis": [asdict(c) for c in self.kpis],
            "unchanged": self.unchanged,
            "barriers": [asdict(b) for b in self.barriers],
            "simulated": self.simulated,
            "lines": self.lines(),
            "digest": self.digest,
        }


def preview_update(
    map_text: str,
    data: ReportData,
    *,
    filename: str = "<map>",
    today: dt.date | None = None,
    allow_simulated: bool = False,
    reviewed: bool = False,
    lang: str = "en",
) -> UpdatePreview:
    """What updating the map of `map_text` from `data` changes; raises `SimulatedDataError`
    for simulated data unless `allow_simulated` (as `update_map`), `MapError` when the text no
    longer loads."""
    document = parse_map(map_text, filename=filename)
    journey = document.model
    before = {kpi.id: kpi.measured.value if kpi.measured else None for _s, kpi in _kpis(journey)}
    known = {barrier.id for _s, barrier in journey.barriers()}
    apply_measurements(
        journey, data, today=today, allow_simulated=allow_simulated, reviewed=reviewed
    )
    results = {k.kpi: k for k in data.kpis}
    preview = UpdatePreview(simulated=data.simulated, text=document.dump())
    for stage, kpi in _kpis(journey):
        if kpi.measured is None or kpi.id not in results:
            continue
        old, new = before.get(kpi.id), kpi.measured.value
        if old is not None and round(old, 6) == new:
            preview.unchanged += 1
            continue
        result = results[kpi.id]
        preview.kpis.append(
            MeasuredChange(
                stage=stage.id,
                stage_name=stage.name,
                kpi=kpi.id,
                kpi_name=kpi.name,
                old=old,
                new=new,
                old_text=kpi_value(old, result.unit, result.measure, result.target, lang),
                new_text=kpi_value(new, result.unit, result.measure, result.target, lang),
                persons=kpi.measured.persons,
            )
        )
    for stage, barrier in journey.barriers():
        if barrier.id not in known:
            preview.barriers.append(NewBarrier(stage.id, stage.name, barrier.id, barrier.text))
    return preview


def _kpis(journey: JourneyMap) -> list[tuple[Stage, KPI]]:
    return [(stage, kpi) for stage in journey.stages for kpi in stage.kpis]
