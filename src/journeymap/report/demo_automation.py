"""The demo's closed loop: the workspace's chains (the seed shop's cart reminder) run on the
simulated customers with a fake clock over the simulated period, messages go to an outbox file
(nothing is sent), the simulated responses (opens, clicks, orders; `simulate.responses`) go into
the store, and the report's interventions section then shows the measured effect against the
holdout, labelled simulated."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeymap.events.ingest import ingest_file
from journeymap.events.options import IngestOptions
from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap, MapError
from journeymap.model.workspace import Workspace
from journeymap.store import Store

OUTBOX_FILE = Path("out") / "outbox.simulated.jsonl"
RESPONSES_FILE = Path("data") / "simulated-responses.jsonl"


class DemoChainsError(RuntimeError):
    """The simulated responses could not be stored (the message says why)."""


@dataclass(frozen=True)
class DemoChains:
    """What the chains did on the simulated customers."""

    chains: list[str]
    entered: int
    held_out: int
    sent: int
    responses: int
    outbox: Path
    responses_file: Path

    def as_dict(self) -> dict[str, Any]:
        return {
            "chains": self.chains,
            "entered": self.entered,
            "held_out": self.held_out,
            "sent": self.sent,
            "responses": self.responses,
            "outbox": str(self.outbox),
            "responses_file": str(self.responses_file),
            "simulated": True,
        }


def run_demo_chains(
    store: Store, workspace: Workspace, journey: JourneyMap, *, seed: int = 0
) -> DemoChains | None:
    """Run the workspace's chains over the map's simulated period, with the responses its
    `simulation.responses` block describes, and store the responses; None when the workspace
    has no chains (or they have mistakes: `automations validate` tells which)."""
    from journeymap.orchestrate.load import load_automations, workspace_maps
    from journeymap.orchestrate.simulated_run import run_simulated
    from journeymap.simulate import simulation_period
    from journeymap.simulate.kinds import source_name
    from journeymap.simulate.responses import model_from_settings

    folder = workspace.root / "automations"
    if not folder.is_dir():
        return None
    maps = workspace_maps(workspace.map_paths())
    try:
        automations = load_automations(folder, maps)
    except MapError:
        return None
    if not automations.chains:
        return None
    outbox = workspace.root / OUTBOX_FILE
    outbox.unlink(missing_ok=True)  # a re-run starts from an empty store and an empty outbox
    period = simulation_period(journey)
    start = dt.datetime.combine(period.start, dt.time(), dt.UTC)
    end = dt.datetime.combine(period.end, dt.time(), dt.UTC)
    settings = journey.simulation.responses if journey.simulation else None
    model = model_from_settings(settings)
    run = run_simulated(
        store, automations, outbox=outbox, start=start, end=end, model=model, seed=seed, maps=maps
    )
    path = workspace.root / RESPONSES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(event, ensure_ascii=False) + "\n" for event in run.responses)
    if run.responses:
        imported = ingest_file(store, path, IngestOptions(source=source_name(journey)))
        if imported.error:
            raise DemoChainsError(
                _("ingesting the simulated responses failed: {error}", error=imported.error)
            )
    counts = run.report.counts
    held = counts["entered holdout"] + counts["entered global-holdout"]
    return DemoChains(
        chains=[chain.id for chain in automations.chains],
        entered=counts["entered treatment"] + held,
        held_out=held,
        sent=run.sent,
        responses=len(run.responses),
        outbox=outbox,
        responses_file=path,
    )
