"""`journeymap demo`: an example workspace, validated, linted and rendered in one call.

Until the data-driven demo exists this is the map-only tour: the seed-shop worked example in
English and Russian, checked against the schema and the method, and rendered to the formats
people share. PNG needs headless Chromium; without it the PNG is skipped and the reason kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.lint import LintReport, lint_paths
from journeymap.model import JourneyMap, load_document
from journeymap.model.workspace import CONFIG_NAME, load_workspace
from journeymap.render import EXTENSIONS, BrowserUnavailableError, render_to_file
from journeymap.render.chromium import chromium_path
from journeymap.templates import TargetNotEmptyError, init_workspace

DEMO_TEMPLATE = "seed-shop"
DEMO_FORMATS: tuple[str, ...] = ("html", "xlsx", "md", "png")
NEEDS_BROWSER = frozenset({"png", "pdf"})
OUTPUT_DIR = "out"


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
        }


def run_demo(
    target: Path,
    *,
    language: str = "en",
    formats: Sequence[str] = DEMO_FORMATS,
    on_step: Callable[[str], None] | None = None,
) -> DemoResult:
    """Create (or refresh) the demo workspace in `target`, validate, lint and render its maps.

    A folder that is not empty is used only if it already is a journeymap workspace (a previous
    demo); anything else raises `TargetNotEmptyError` rather than writing over someone's files.
    """
    step = on_step or (lambda _message: None)
    target = Path(target)
    is_workspace = (target / CONFIG_NAME).is_file()
    if target.is_dir() and any(target.iterdir()) and not is_workspace:
        raise TargetNotEmptyError(
            f"{target} is not empty and is not a journeymap workspace",
            hint="give the demo a new folder: journeymap demo demo-workspace",
        )
    step(f"creating the {DEMO_TEMPLATE} workspace in {target}")
    root = init_workspace(target, DEMO_TEMPLATE, language, force=True, all_languages=True)
    workspace = load_workspace(root)
    result = DemoResult(workspace=root, template=DEMO_TEMPLATE, maps=workspace.map_paths())

    step("validating the maps")
    journeys = {path: load_document(path).model for path in result.maps}

    step("linting the maps")
    result.lint = lint_paths(result.maps, workspace=workspace)

    browser_problem = _browser_problem() if NEEDS_BROWSER & set(formats) else None
    for path, journey in journeys.items():
        for fmt in formats:
            if fmt in NEEDS_BROWSER and browser_problem is not None:
                continue
            step(f"rendering {path.name} to {fmt}")
            try:
                rendered = _render(journey, fmt, root / OUTPUT_DIR / path.stem)
            except BrowserUnavailableError as error:
                browser_problem = str(error)
                continue
            result.rendered.append(RenderedFile(path, fmt, rendered))
    if browser_problem is not None:
        result.skipped += [
            SkippedFormat(fmt, browser_problem) for fmt in formats if fmt in NEEDS_BROWSER
        ]
    return result


def _render(journey: JourneyMap, fmt: str, stem: Path) -> Path:
    return render_to_file(journey, fmt, stem.with_name(stem.name + EXTENSIONS[fmt]))


def _browser_problem() -> str | None:
    """Why PNG/PDF cannot be rendered here, or None when Chromium is available."""
    try:
        chromium_path()
    except BrowserUnavailableError as error:
        return str(error)
    return None
