"""The report's interventions: each chain a map solution points to (`chain:`), with its measured
effect on the chain's goal against its holdout (`orchestrate.effect.chain_effect`).

Shown when a solution or opportunity of the map names a chain. A chain that is not loaded,
has no goal, or whose store holds no runs yet gets its row with the reason instead of numbers.
Labelled simulated when the report's data is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.i18n import format_percent, use_language
from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap
from journeymap.orchestrate.chain import Chain
from journeymap.store import Store

if TYPE_CHECKING:
    from markupsafe import Markup

    from journeymap.orchestrate.effect import ChainEffect
    from journeymap.orchestrate.markers import ChainMarkers


@dataclass(frozen=True)
class Intervention:
    chain_id: str
    solution: str
    stage: str
    effect: ChainEffect | None
    reason: str | None = None
    stage_name: str | None = None
    """Why there are no numbers (the chain is not loaded, has no goal, ...)."""
    markers: ChainMarkers | None = None
    """Cart recovery, repeat purchase and NPS (`orchestrate.markers`), with the effect."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "chain": self.chain_id,
            "solution": self.solution,
            "stage": self.stage,
            "effect": self.effect.row() if self.effect else None,
            "reason": self.reason,
            "markers": self.markers.rows() if self.markers else None,
        }


@dataclass(frozen=True)
class InterventionsSection:
    rows: list[Intervention]
    simulated: bool

    def as_dict(self) -> dict[str, Any]:
        return {"simulated": self.simulated, "rows": [row.as_dict() for row in self.rows]}

    def measured_markers(self) -> list[ChainMarkers]:
        """The markers of each chain once (several solutions may name the same chain)."""
        found: dict[str, ChainMarkers] = {}
        for row in self.rows:
            if row.markers is not None:
                found.setdefault(row.chain_id, row.markers)
        return list(found.values())

    def html(self, language: str) -> Markup:
        """The section as HTML in `language` (the report's)."""
        from markupsafe import Markup

        from journeymap.report.interventions_markers import markers_html

        with use_language(language):
            title = _("Interventions (simulated data)") if self.simulated else _("Interventions")
            heads = [
                _("Solution"), _("Chain"), _("Goal"), _("Treatment"), _("Holdout"),
                _("Lift, pp (95% CI)"), _("p-value"),
            ]  # fmt: skip
            note = _(
                "Goal conversion within the chain's window: the whole treatment group, sent to "
                "or not (intent to treat), against the holdout; entries whose window is still "
                "open are not counted."
            )
            head = Markup("").join(Markup("<th>{}</th>").format(h) for h in heads)
            body = Markup("").join(
                Markup('<tr data-chain="{}">{}</tr>').format(
                    row.chain_id,
                    Markup("").join(Markup("<td>{}</td>").format(c) for c in _cells(row, language)),
                )
                for row in self.rows
            )
            markers = markers_html(self.measured_markers(), language)
        return Markup(
            '<section class="jm-interventions" data-simulated="{}"><h2>{}</h2><p>{}</p>'
            '<table class="jm-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>{}'
            "</section>"
        ).format(str(self.simulated).lower(), title, note, head, body, markers)


def _arm(converted: int, persons: int, language: str) -> str:
    rate = converted / persons if persons else math.nan
    shown = "–" if math.isnan(rate) else format_percent(rate, decimals=1, language=language)
    return f"{converted} / {persons} ({shown})"


def _cells(row: Intervention, language: str) -> list[str]:
    start = [f"{row.solution} ({row.stage_name or row.stage})", row.chain_id]
    result = row.effect
    if result is None:
        return [*start, "–", "–", "–", row.reason or "–", "–"]
    effect = result.effect
    if effect is not None:
        low, high = effect.ci_low * 100, effect.ci_high * 100
        lift = f"{effect.difference * 100:+.1f} ({low:+.1f} … {high:+.1f})"
    elif result.pending:
        lift = _(
            "{count} entries are still within the goal window (not counted)", count=result.pending
        )
    else:
        lift = _("no effect yet: the treatment or the holdout group is empty")
    return [
        *start,
        result.goal,
        _arm(result.treatment.converted, result.treatment.persons, language),
        _arm(result.holdout.converted, result.holdout.persons, language),
        lift,
        f"{effect.p_value:.3g}" if effect else "–",
    ]


def workspace_chains(root: Path, map_paths: Iterable[Path]) -> list[Chain]:
    """The chains of the workspace's `automations/` (none without the folder); `MapError` with
    every problem when a chain or the settings have mistakes."""
    from journeymap.orchestrate.load import load_automations, workspace_maps

    folder = root / "automations"
    if not folder.is_dir():
        return []
    return load_automations(folder, workspace_maps(map_paths)).chains


def linked_solutions(journey: JourneyMap) -> list[tuple[str, str, str, str]]:
    """(chain, solution text, stage id, stage name) of every opportunity or barrier solution
    naming a chain."""
    found: list[tuple[str, str, str, str]] = []
    for stage in journey.stages:
        items = [*stage.opportunities]
        items += [item for barrier in stage.barriers for item in barrier.solutions]
        found += [(item.chain, item.text, stage.id, stage.name) for item in items if item.chain]
    return found


def interventions_section(
    source: object,
    journey: JourneyMap,
    chains: Sequence[Chain] | None,
    *,
    simulated: bool,
    now: datetime,
    workspace: Path | None = None,
) -> InterventionsSection | None:
    """The section, or None when no solution of the map names a chain. A Spark store's chain
    runs are read from `workspace`'s side file (`orchestrate.kpi_effects.runner_state`), its
    events from Spark."""
    from journeymap.orchestrate.effect import chain_effect
    from journeymap.orchestrate.kpi_effects import runner_state
    from journeymap.orchestrate.markers import chain_markers

    linked = linked_solutions(journey)
    if not linked:
        return None
    known = {chain.id: chain for chain in chains or ()}
    runs = runner_state(source, workspace) if isinstance(source, Store) else None
    rows = []
    for chain_id, solution, stage, stage_name in linked:
        chain = known.get(chain_id)
        reason = None
        if chain is None:
            reason = _("the chain is not loaded (automations/ of the workspace)")
        elif chain.goal is None:
            reason = _("the chain has no goal")
        elif runs is None:
            reason = _("chain runs are kept in a DuckDB store")
        if reason is not None or chain is None or runs is None or not isinstance(source, Store):
            rows.append(Intervention(chain_id, solution, stage, None, reason, stage_name))
            continue
        spark = None if source.engine == "duckdb" else source  # Spark: events read from it
        with runs() as state:
            effect = chain_effect(state, chain, now=now)
            markers = chain_markers(state, chain, now=now, maps={journey.id: journey}, source=spark)
        rows.append(Intervention(chain_id, solution, stage, effect, None, stage_name, markers))
    return InterventionsSection(rows=rows, simulated=simulated)
