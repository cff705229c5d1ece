"""`journeymap demo`: the seed-shop example workspace, measured end to end on simulated data.

Steps: create the workspace (maps in English and Russian), validate and lint the maps, render
them to the formats people share, simulate the map's customers (labelled simulated in every
event), ingest them into the workspace store, run the workspace's chains on them with a fake
clock and simulated responses (`demo_automation`), build the living-map report (HTML and XLSX), sum
it up in two lines and show one customer's recommendations for her stage, with reasons. PNG
needs headless Chromium; without it the PNG is skipped and the reason kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.events.ingest import ingest_file
from journeymap.events.options import IngestOptions
from journeymap.events.results import ImportResult
from journeymap.i18n import format_number, ngettext
from journeymap.i18n import gettext as _
from journeymap.lint import LintReport, lint_paths
from journeymap.model import JourneyMap, MapError, load_document
from journeymap.model.workspace import CONFIG_NAME, DEFAULT_STORE, Workspace, load_workspace
from journeymap.personalize.catalog import load_catalog
from journeymap.personalize.catalog_simulation import simulation_items
from journeymap.render import EXTENSIONS, BrowserUnavailableError, render_to_file
from journeymap.render.chromium import chromium_path
from journeymap.report.build import build_report
from journeymap.report.data import ReportData
from journeymap.report.demo_automation import DemoChains, DemoChainsError, run_demo_chains
from journeymap.report.demo_recommend import DemoRecommendations, demo_recommendations
from journeymap.report.headline import Headline, headline
from journeymap.report.html import render_report_html
from journeymap.report.interventions_section import workspace_chains
from journeymap.report.screenshot import screenshot_report
from journeymap.report.snapshots import (
    design_digest,
    load_trends,
    save_snapshot,
    snapshot_folder,
)
from journeymap.report.xlsx import write_report_xlsx
from journeymap.simulate import SimulatedItem, simulate, simulation_period, write_events
from journeymap.simulate.kinds import source_name
from journeymap.simulate.simulator import DEFAULT_CUSTOMERS
from journeymap.store import Store
from journeymap.templates import TargetNotEmptyError, init_workspace

if TYPE_CHECKING:
    from journeymap.orchestrate.chain import Chain

DEMO_TEMPLATE = "seed-shop"
DEMO_FORMATS: tuple[str, ...] = ("html", "xlsx", "md", "png")
NEEDS_BROWSER = frozenset({"png", "pdf"})
OUTPUT_DIR = "out"
EVENTS_FILE = Path("data") / "simulated-events.jsonl"
DEMO_MARKER = Path(".journeymap") / "demo"
"""Written in a workspace the demo created: only there may a re-run empty the store."""


class DemoError(RuntimeError):
    """A demo step failed (the message says which)."""


@dataclass(frozen=True)
class RenderedFile:
    map: Path
    format: str
    path: Path


@dataclass(frozen=True)
class SkippedFormat:
    format: str
    reason: str


@dataclass
class DemoResult:
    workspace: Path
    template: str
    maps: list[Path] = field(default_factory=list)
    lint: list[LintReport] = field(default_factory=list)
    rendered: list[RenderedFile] = field(default_factory=list)
    skipped: list[SkippedFormat] = field(default_factory=list)
    measured_map: Path | None = None
    customers: int = 0
    events_file: Path | None = None
    ingest: ImportResult | None = None
    report: Path | None = None
    report_xlsx: Path | None = None
    data: ReportData | None = None
    headline: Headline | None = None
    screenshot: Path | None = None
    recommendations: DemoRecommendations | None = None
    """One simulated customer's stage recommendations with reasons."""
    automations: DemoChains | None = None
    """The workspace's chains run on the simulated customers (fake clock, outbox)."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall-clock seconds per step."""

    @property
    def output_dir(self) -> Path:
        return self.workspace / OUTPUT_DIR

    @property
    def lint_errors(self) -> int:
        return sum(report.errors for report in self.lint)

    def files_of(self, map_path: Path) -> list[RenderedFile]:
        return [item for item in self.rendered if item.map == map_path]

    def as_dict(self) -> dict[str, object]:
        return {
            "workspace": str(self.workspace),
            "template": self.template,
            "maps": [str(p) for p in self.maps],
            "lint": [report.as_dict() for report in self.lint],
            "rendered": [
                {"map": str(r.map), "format": r.format, "path": str(r.path)} for r in self.rendered
            ],
            "skipped": [{"format": s.format, "reason": s.reason} for s in self.skipped],
            "simulated": True,
            "measured_map": _text(self.measured_map),
            "customers": self.customers,
            "events_file": _text(self.events_file),
            "events": self.ingest.rows_stored if self.ingest else 0,
            "quarantined": self.ingest.rows_quarantined if self.ingest else 0,
            "report": _text(self.report),
            "report_xlsx": _text(self.report_xlsx),
            "screenshot": _text(self.screenshot),
            "summary": self.headline.as_dict() if self.headline else None,
            "recommendations": self.recommendations.as_dict() if self.recommendations else None,
            "automations": self.automations.as_dict() if self.automations else None,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


def run_demo(
    target: Path,
    *,
    language: str = "en",
    formats: Sequence[str] = DEMO_FORMATS,
    customers: int | None = None,
    screenshot: Path | None = None,
    on_step: Callable[[str], None] | None = None,
) -> DemoResult:
    """Create (or refresh) the demo workspace in `target`, then lint, render, simulate, ingest
    and report. `customers` defaults to the map's `simulation.customers`; `screenshot` is a PNG
    path for a picture of the top of the report (needs Chromium).

    A folder that is not empty is used only if it already is a journeymap workspace (a previous
    demo); anything else raises `TargetNotEmptyError` rather than writing over someone's files.
    """
    step = on_step or (lambda _message: None)
    clock = _Clock()
    target = Path(target)
    is_workspace = (target / CONFIG_NAME).is_file()
    if target.is_dir() and any(target.iterdir()) and not is_workspace:
        raise TargetNotEmptyError(
            _("{target} is not empty and is not a journeymap workspace", target=target),
            hint=_("give the demo a new folder: journeymap demo demo-workspace"),
        )
    created_here = not is_workspace or (target / DEMO_MARKER).is_file()
    step(_("creating the {template} workspace in {target}", template=DEMO_TEMPLATE, target=target))
    root = init_workspace(target, DEMO_TEMPLATE, language, force=True, all_languages=True)
    workspace = load_workspace(root)
    result = DemoResult(workspace=root, template=DEMO_TEMPLATE, maps=workspace.map_paths())

    step(_("validating the maps"))
    journeys = {path: load_document(path).model for path in result.maps}
    step(_("linting the maps"))
    result.lint = lint_paths(result.maps, workspace=workspace)
    result.seconds["maps"] = clock.lap()
    _render_maps(result, journeys, formats, step)
    result.seconds["render"] = clock.lap()

    measured = next(p for p in result.maps if p.name == f"{DEMO_TEMPLATE}.{language}.yaml")
    journey = journeys[measured]
    result.measured_map = measured
    result.customers = customers if customers is not None else _default_customers(journey)
    step(
        ngettext(
            "simulating {customers} customer (simulated data)",
            "simulating {customers} customers (simulated data)",
            result.customers,
            customers=format_number(result.customers),
        )
    )
    catalog = load_catalog(workspace)
    items = simulation_items(catalog)  # catalog ids in the product events
    result.events_file = _simulate_to_file(journey, result.customers, root / EVENTS_FILE, items)
    result.seconds["simulate"] = clock.lap()

    if created_here:
        _reset_store(workspace, journey)
    step(_("ingesting the simulated events into the workspace store"))
    with Store.open(workspace) as store:
        result.ingest = ingest_file(
            store, result.events_file, IngestOptions(source=source_name(journey))
        )
        if result.ingest.error:
            raise DemoError(
                _("ingesting the simulated events failed: {error}", error=result.ingest.error)
            )
        result.seconds["ingest"] = clock.lap()
        step(_("running the cart reminder on the simulated customers (fake clock, outbox)"))
        result.automations = _run_chains(store, workspace, journey)
        result.seconds["automations"] = clock.lap()
        step(_("measuring the map and writing the report"))
        data = build_report(
            store, journey, catalog=catalog if catalog.files else None, chains=_chains(workspace)
        )
        step(_("preparing recommendations by journey stage"))
        result.recommendations = demo_recommendations(store, workspace, journey, language)
    (root / DEMO_MARKER).write_text("written by journeymap demo\n", encoding="utf-8")
    _write_reports(result, data, measured)
    result.seconds["report"] = clock.lap()
    if screenshot is not None and result.report is not None:
        step(_("taking a screenshot of the report: {path}", path=screenshot))
        result.screenshot = screenshot_report(result.report.read_text(encoding="utf-8"), screenshot)
        result.seconds["screenshot"] = clock.lap()
    return result


def _run_chains(store: Store, workspace: Workspace, journey: JourneyMap) -> DemoChains | None:
    try:
        return run_demo_chains(store, workspace, journey, seed=_seed(journey))
    except DemoChainsError as error:
        raise DemoError(str(error)) from None


def _simulate_to_file(
    journey: JourneyMap, customers: int, path: Path, items: Sequence[SimulatedItem]
) -> Path:
    period = simulation_period(journey)
    table = simulate(
        journey,
        customers,
        seed=_seed(journey),
        start=period.start,
        days=period.days,
        items=items,
    )
    return write_events(table, path, "jsonl")


def _write_reports(result: DemoResult, data: ReportData, measured: Path) -> None:
    """The HTML and XLSX report of `measured`, with a KPI snapshot for the trends."""
    journey = data.journey
    folder = snapshot_folder(result.workspace, journey.id)
    save_snapshot(
        folder,
        journey.id,
        data.generated_at,
        data.kpis,
        data.segment,
        stages=data.stages,
        design=design_digest(data.journey),
    )
    data.kpi_trends = load_trends(folder, data.segment)
    result.report = result.output_dir / f"{measured.stem}.report.html"
    result.report.write_text(render_report_html(data), encoding="utf-8")
    result.report_xlsx = write_report_xlsx(data, result.output_dir / f"{measured.stem}.report.xlsx")
    result.data = data
    result.headline = headline(data)


def _render_maps(
    result: DemoResult,
    journeys: dict[Path, JourneyMap],
    formats: Sequence[str],
    step: Callable[[str], None],
) -> None:
    browser_problem = _browser_problem() if NEEDS_BROWSER & set(formats) else None
    for path, journey in journeys.items():
        for fmt in formats:
            if fmt in NEEDS_BROWSER and browser_problem is not None:
                continue
            step(_("rendering {name} to {format}", name=path.name, format=fmt))
            stem = result.output_dir / path.stem
            try:
                rendered = render_to_file(journey, fmt, stem.with_name(stem.name + EXTENSIONS[fmt]))
            except BrowserUnavailableError as error:
                browser_problem = str(error)
                continue
            result.rendered.append(RenderedFile(path, fmt, rendered))
    if browser_problem is not None:
        result.skipped += [
            SkippedFormat(fmt, browser_problem) for fmt in formats if fmt in NEEDS_BROWSER
        ]


def _chains(workspace: Workspace) -> list[Chain]:
    """The workspace's chains for the interventions section (none when they have mistakes)."""
    try:
        return workspace_chains(workspace.root, workspace.map_paths())
    except MapError:
        return []


def _seed(journey: JourneyMap) -> int:
    settings = journey.simulation
    return settings.seed if settings and settings.seed is not None else 0


def _default_customers(journey: JourneyMap) -> int:
    settings = journey.simulation
    return settings.customers if settings and settings.customers else DEFAULT_CUSTOMERS


def _reset_store(workspace: Workspace, journey: JourneyMap) -> None:
    """Start a re-run from an empty store, so a different --customers does not mix two runs."""
    if workspace.config.store != DEFAULT_STORE:
        return
    database = workspace.root / DEFAULT_STORE.removeprefix("duckdb://")
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    folder = snapshot_folder(workspace.root, journey.id)
    if folder.is_dir():
        for snapshot in folder.glob("*.json"):
            snapshot.unlink()


def _browser_problem() -> str | None:
    """Why PNG/PDF cannot be rendered here, or None when Chromium is available."""
    try:
        chromium_path()
    except BrowserUnavailableError as error:
        return str(error)
    return None


def _text(path: Path | None) -> str | None:
    return None if path is None else str(path)


class _Clock:
    def __init__(self) -> None:
        self._last = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        seconds, self._last = now - self._last, now
        return seconds
