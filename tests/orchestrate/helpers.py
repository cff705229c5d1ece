"""Shared pieces of the orchestrate tests: a chain folder, a store, a runner on a fake clock."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from journeymap.orchestrate.channels import OutboxChannel
from journeymap.orchestrate.clock import FakeClock
from journeymap.orchestrate.load import Automations, load_automations
from journeymap.orchestrate.profiles import MemoryProfiles
from journeymap.orchestrate.runner import Runner
from journeymap.store import Store

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday, 15:00 in Moscow


def write_folder(folder: Path, chains: Mapping[str, str], settings: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in chains.items():
        (folder / name).write_text(text, encoding="utf-8")
    if settings is not None:
        (folder / "settings.yaml").write_text(settings, encoding="utf-8")
    return folder


def make_runner(
    store: Store,
    automations: Automations,
    outbox: Path,
    profiles: Mapping[str, Mapping[str, Any]],
    start: datetime = START,
    **options: Any,
) -> tuple[Runner, FakeClock]:
    clock = FakeClock(start)
    channels = {name: OutboxChannel(outbox) for name in automations.settings.channels}
    runner = Runner(
        store, automations, channels, clock=clock, profiles=MemoryProfiles(profiles), **options
    )
    return runner, clock


def event(person: str, name: str, at: datetime, **properties: Any) -> dict[str, Any]:
    return {
        "person_id": person,
        "type": "track",
        "event": name,
        "timestamp": at,
        "properties": properties,
    }


def outbox_lines(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def load(folder: Path) -> Automations:
    return load_automations(folder)
