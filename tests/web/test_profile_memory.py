"""The customer 360 keeps the profiles it built alone: a repeat visit to the same customer
builds nothing, a new ingest builds hers again from the new events, the memory stays bounded,
and once `journeymap profiles` ran the stored profile is read instead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from journeymap.events.ingest import ingest
from journeymap.model import JourneyMap, load_map
from journeymap.model.workspace import Workspace, load_workspace
from journeymap.personalize.profile_one import OneProfile
from journeymap.store import Store
from tests.web.analytics_workspace import make_analytics_workspace


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from journeymap.web import profile_memory

    monkeypatch.setattr(profile_memory, "_kept", type(profile_memory._kept)())
    return make_analytics_workspace(tmp_path / "ws")


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The persons whose profile was built (a spy on `build_profiles`)."""
    from journeymap.personalize import profile_build

    persons: list[str] = []
    build = profile_build.build_profiles

    def spy(*args: Any, **kwargs: Any) -> Any:
        scope = kwargs.get("scope")
        persons.extend(["*"] if scope is None else scope.to_pyarrow()["person"].to_pylist())
        return build(*args, **kwargs)

    monkeypatch.setattr(profile_build, "build_profiles", spy)
    return persons


def _visit(root: Path, person: str) -> OneProfile:
    from journeymap.web.person_view import profile_here

    workspace: Workspace = load_workspace(root)
    journey: JourneyMap = load_map(str(root / "maps" / "seed-shop.en.yaml"))
    with Store.open(workspace) as store:
        return profile_here(store, journey, workspace, person)


def _ingest(root: Path, person: str) -> None:
    row = {
        "messageId": "late",
        "type": "track",
        "userId": person,
        "event": "Product Viewed",
        "properties": {"product_id": "cucumber-kustovoy"},
        "timestamp": "2026-03-20T10:00:00Z",
    }
    more = root / "late.jsonl"
    more.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with Store.open(load_workspace(root)) as store:
        ingest(store, [more])


def test_a_repeat_visit_builds_nothing_and_a_new_ingest_builds_again(
    root: Path, built: list[str]
) -> None:
    first = _visit(root, "u3")
    assert built == ["u3"]
    assert first.profile is not None
    assert not first.stored
    again = _visit(root, "u3")
    assert built == ["u3"]  # from memory
    assert again == first
    _visit(root, "u2")
    assert built == ["u3", "u2"]  # each customer her own
    _ingest(root, "u3")
    later = _visit(root, "u3")
    assert built == ["u3", "u2", "u3"]  # the new event invalidates hers
    assert later.profile is not None
    assert later.profile["events"] == first.profile["events"] + 1


def test_the_memory_is_bounded_and_drops_the_least_recently_visited(
    root: Path, built: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.web import profile_memory

    monkeypatch.setattr(profile_memory, "KEPT", 2)
    for person in ("u1", "u2", "u1", "u3", "u2"):
        _visit(root, person)
    assert len(profile_memory._kept) == 2
    assert built == ["u1", "u2", "u3", "u2"]  # u2 was the least recent when u3 came
    assert {key[-1] for key in profile_memory._kept} == {"u3", "u2"}


def test_a_kept_profile_gives_way_to_the_stored_one(root: Path, built: list[str]) -> None:
    from typer.testing import CliRunner

    from journeymap.cli.app import app

    alone = _visit(root, "u3")
    with pytest.MonkeyPatch.context() as patched:
        patched.chdir(root)
        result = CliRunner().invoke(app, ["profiles", "--map", "maps/seed-shop.en.yaml"])
    assert result.exit_code == 0, result.output
    builds = len(built)
    stored = _visit(root, "u3")
    assert len(built) == builds  # read, not built
    assert stored.stored
    assert stored.profile is not None
    assert alone.profile is not None
    assert stored.profile | {"computed_at": None} == alone.profile | {"computed_at": None}
