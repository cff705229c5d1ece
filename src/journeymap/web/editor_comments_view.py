"""What the editor shows of the comments on a map and of its evidence: comments by target,
open counts for the markers, the targets each stage offers, and names in the user's language."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any, get_args

from journeymap.i18n import format_date
from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap
from journeymap.model.evidence import EvidenceSource
from journeymap.model.map_comments import ITEM_LANES, Comment, CommentError, load_comments
from journeymap.render.labels import LABELS, label_language
from journeymap.web.editor_view import lane_names
from journeymap.web.labels import labels
from journeymap.web.map_views import MapView

EVIDENCE_SOURCES: tuple[str, ...] = get_args(EvidenceSource)


def evidence_sources(language: str) -> dict[str, str]:
    """Evidence sources named as the renderers name them."""
    names = LABELS[label_language(language)]
    return {source: names[source] for source in EVIDENCE_SOURCES}


def stage_targets(journey: JourneyMap, language: str) -> dict[str, dict[str, str]]:
    """For each stage, what a comment on it can point at: its cells (lanes), then its
    barriers and KPIs, by target, named for the user; under "" the touchpoints and personas."""
    page = labels()
    cells = lane_names(language) | {lane: page[lane] for lane in ITEM_LANES if lane in page}
    cells["evidence"] = _("Evidence")
    found: dict[str, dict[str, str]] = {}
    for stage in journey.stages:
        base = f"stage/{stage.id}"
        targets = {f"{base}/{lane}": name for lane, name in cells.items()}
        targets |= {
            f"{base}/barrier/{b.id}": _("Barrier: {text}", text=b.text) for b in stage.barriers
        }
        targets |= {f"{base}/kpi/{k.id}": _("KPI: {name}", name=k.name) for k in stage.kpis}
        found[stage.id] = targets
    found[""] = {
        f"touchpoint/{t.id}": _("Touchpoint: {name}", name=t.name) for t in journey.touchpoints
    }
    found[""] |= {f"persona/{p.id}": _("Persona: {name}", name=p.name) for p in journey.personas}
    return found


def comment_time(stamp: str, language: str) -> str:
    """`2026-12-07 14:31 UTC` (the date as the user's language writes it)."""
    moment = dt.datetime.fromisoformat(stamp)
    return f"{format_date(moment.date(), language=language)} {moment:%H:%M} UTC"


def _in_view(target: str, journey: JourneyMap, view: MapView) -> bool:
    """Whether the view shows what a comment points at (a view keeps one department's
    touchpoints and one persona: their comments go with them)."""
    kind, _slash, item = target.partition("/")
    if kind == "touchpoint" and view.department:
        return any(t.id == item and t.department == view.department for t in journey.touchpoints)
    if kind == "persona" and view.persona:
        return item == view.persona
    return True


def comments_context(
    root: Path, path: Path, journey: JourneyMap, language: str, view: MapView
) -> dict[str, Any]:
    try:
        comments, problem = load_comments(root, path), ""
    except CommentError as error:  # the editor still opens; the comments block says why
        comments, problem = [], str(error)
    comments = [c for c in comments if _in_view(c.target, journey, view)]
    targets = stage_targets(journey, language)
    targets[""] = {t: name for t, name in targets[""].items() if _in_view(t, journey, view)}
    by_stage: dict[str, list[Comment]] = defaultdict(list)
    open_counts: dict[str, int] = defaultdict(int)
    for comment in comments:
        parts = comment.target.split("/")
        by_stage[parts[1] if parts[0] == "stage" and len(parts) > 1 else ""].append(comment)
        if not comment.resolved:
            for depth in range(1, len(parts) + 1):  # a marker on the stage and on the cell
                open_counts["/".join(parts[:depth])] += 1
    return {
        "comments_by_stage": by_stage,
        "comments_problem": problem,
        "open_comments": open_counts,
        "comments_open_elsewhere": open_counts["touchpoint"] + open_counts["persona"],
        "stage_targets": targets,
        "comment_time": lambda stamp: comment_time(stamp, language),
        "evidence_sources": evidence_sources(language),
    }
