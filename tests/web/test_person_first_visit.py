"""The customer 360 on a store whose profiles were never computed for the map: her page answers
from her profile built alone and the popular lists of groups read from traits, without building
everyone's profiles, and shows what it shows after `journeymap profiles`.

Some 10 s: the only end-to-end check of this path (two app starts, each fitting the shared
models, one profile built alone per page, and `journeymap profiles` in between)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from journeymap.events.ingest import ingest
from journeymap.model.workspace import load_workspace
from journeymap.store import Store
from tests.web.analytics_workspace import make_analytics_workspace
from tests.web.conftest import signed_in_client

REGIONS = ("north", "south", "west")
PEOPLE = ("u3",)  # and u2 in the personalization preview


def _traits() -> list[dict[str, Any]]:
    """Each customer's region and segment (identify calls: the persons table's traits; the
    segment is also an event trait, which profiles segment by)."""
    return [
        {
            "messageId": f"id{n}",
            "type": "identify",
            "userId": f"u{n}",
            "traits": {"region": REGIONS[n % 3], "segment": "vip" if n % 2 else "mass"},
            "timestamp": "2026-02-01T09:00:00Z",
        }
        for n in range(8)
    ]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_analytics_workspace(tmp_path / "ws")
    more = root / "traits.jsonl"
    more.write_text("".join(json.dumps(r) + "\n" for r in _traits()), encoding="utf-8")
    with Store.open(load_workspace(root)) as store:
        ingest(store, [more])
        assert not store.table("profiles").count().execute()
    return root


def _pages(root: Path) -> dict[str, Any]:
    from journeymap.web import serving_source

    serving_source._computed.clear()  # the shared part is computed again, as on a new store
    with signed_in_client(root) as client:
        people = {p: client.get(f"/people/{p}.json?map=seed-shop.en").json() for p in PEOPLE}
        preview = client.get("/maps/seed-shop.en/personalization.json?person=u2").json()
        page = client.get("/people/u3?map=seed-shop.en").text
    shared = next(iter(serving_source._computed.values()))
    return {"people": people, "preview": preview, "page": page, "groups": shared.state.groups}


def test_the_first_visit_builds_her_profile_alone_and_matches_the_stored_one(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.cli.app import app
    from journeymap.personalize import profile_build, profile_store

    built: list[object] = []
    build = profile_build.build_profiles

    def spy(*args: Any, **kwargs: Any) -> Any:
        built.append(kwargs.get("scope"))
        return build(*args, **kwargs)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the page built everyone's profiles")

    with monkeypatch.context() as patched:
        patched.setattr(profile_build, "build_profiles", spy)
        patched.setattr(profile_store, "update_profiles", refuse)
        alone = _pages(root)
    assert built
    assert all(scope is not None for scope in built)  # hers alone, every time
    assert "journeymap profiles" in alone["page"]  # the page says how to store everyone's
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["profiles", "--map", "maps/seed-shop.en.yaml"])
    assert result.exit_code == 0, result.output
    stored = _pages(root)
    assert "journeymap profiles" not in stored["page"]
    for person in PEOPLE:
        first, later = alone["people"][person], stored["people"][person]
        assert first["profile_source"] == "alone"
        assert later["profile_source"] == "stored"
        assert first["profile"] == later["profile"]
        assert first["recommendations"] == later["recommendations"]
    assert alone["preview"] == stored["preview"]
    assert alone["groups"] == stored["groups"]  # popular per region and segment
    assert set(stored["groups"]["region"]) == set(REGIONS)
    assert set(stored["groups"]["segment"]) == {"vip", "mass"}
