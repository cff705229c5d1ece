"""The report page's cache: a second visit (the JSON twin, a share link, a restarted app) is read
from `.journeymap/cache/reports/`; new events, an edited map or another scope build afresh."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from journeymap.events.ingest import ingest
from journeymap.model import load_map
from journeymap.model.workspace import load_workspace
from journeymap.report.data import ReportData
from journeymap.report.report_cache import CACHE_FOLDER, CachedReport, ReportCache, report_key
from journeymap.store import Store
from journeymap.web import report_routes
from journeymap.web.app import create_web_app
from tests.web.analytics_workspace import PASSWORD, make_analytics_workspace

REPORT = "/maps/seed-shop.en/report"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_analytics_workspace(tmp_path_factory.mktemp("cache") / "ws")


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "ws"))


def _signed_in(root: Path, language: str = "en") -> TestClient:
    client = TestClient(
        create_web_app(root), follow_redirects=False, headers={"Accept-Language": language}
    )
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    data = {"csrf": token.group(1), "name": "olga", "password": PASSWORD, "next": "/maps"}
    assert client.post("/login", data=data).status_code == 303
    return client


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every `build_report` call the pages make, with its scope."""
    calls: list[dict[str, Any]] = []
    real = report_routes.build_report

    def spy(*args: Any, **kwargs: Any) -> ReportData:
        calls.append({k: kwargs.get(k) for k in ("segment", "start", "end")})
        return real(*args, **kwargs)

    monkeypatch.setattr(report_routes, "build_report", spy)
    return calls


@pytest.fixture
def quick_builds(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """`builds` with a stand-in that measures only the facts of the scope (the events and
    persons in it) and writes one note in the visitor's language: the full analyses take
    seconds and are not what the cache's keys are about."""
    from journeymap.i18n import gettext
    from journeymap.report.measures import data_facts
    from journeymap.report.scope import scoped_events

    calls: list[dict[str, Any]] = []

    def stand_in(store: Store, journey: Any, **kwargs: Any) -> ReportData:
        scope = {k: kwargs.get(k) for k in ("segment", "start", "end")}
        calls.append(scope)
        events = scoped_events(store.events(), **scope)
        return ReportData(
            journey=journey,
            generated_at="2026-03-01T00:00:00",
            facts=data_facts(events),
            notes=[gettext("the map has no KPIs")],
        )

    monkeypatch.setattr(report_routes, "build_report", stand_in)
    return calls


def _persons(client: TestClient, query: str = "") -> int:
    answer = client.get(f"{REPORT}.json{query}")
    assert answer.status_code == 200, answer.text
    return int(answer.json()["data"]["persons"])


def test_a_second_visit_the_json_twin_and_a_restart_are_served_from_the_cache(
    root: Path, builds: list[dict[str, Any]]
) -> None:
    client = _signed_in(root)
    first = client.get(REPORT)
    assert first.status_code == 200
    assert len(builds) == 1
    second = client.get(REPORT)
    assert len(builds) == 1
    assert re.sub(r"\d{2}:\d{2}", "", second.text) == re.sub(r"\d{2}:\d{2}", "", first.text)
    assert _persons(client) == 8
    assert '<option value="channel=email">' in client.get(REPORT).text  # picker kept
    assert len(builds) == 1
    assert list((root / CACHE_FOLDER).glob("*.report.pickle"))
    assert _persons(_signed_in(root)) == 8  # a new app process reads the same folder
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/maps").text)
    assert csrf is not None
    form = {"csrf": csrf.group(1), "kind": "report", "days": "7", "view": ""}
    link = client.post(
        "/maps/seed-shop.en/shares", data=form, headers={"Accept": "application/json"}
    )
    assert link.status_code == 201, link.text
    stranger = TestClient(create_web_app(root), follow_redirects=False)
    assert stranger.get(link.json()["url"]).status_code == 200  # a share link's visit
    assert len(builds) == 1


def test_new_events_or_an_edited_map_give_a_fresh_report(
    root: Path, quick_builds: list[dict[str, Any]]
) -> None:
    builds = quick_builds
    client = _signed_in(root)
    assert _persons(client) == 8
    row = {"messageId": "late", "type": "track", "userId": "u9", "event": "Product Viewed",
           "timestamp": "2026-03-20T10:00:00Z"}  # fmt: skip
    (root / "late.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    with Store.open(load_workspace(root)) as store:
        ingest(store, [root / "late.jsonl"])
    assert _persons(client) == 9
    assert len(builds) == 2
    path = root / "maps" / "seed-shop.en.yaml"
    text = path.read_text(encoding="utf-8")
    title = load_map(path).title
    path.write_text(text.replace(title, "Renamed shop", 1), encoding="utf-8")
    answer = client.get(f"{REPORT}.json").json()
    assert answer["map"]["title"] == "Renamed shop"
    assert len(builds) == 3
    path.write_text("# a comment changes no number\n" + text.replace(title, "Renamed shop", 1))
    client.get(f"{REPORT}.json")
    assert len(builds) == 3


def test_segments_days_and_languages_do_not_collide(
    root: Path, quick_builds: list[dict[str, Any]]
) -> None:
    builds = quick_builds
    client = _signed_in(root)
    everyone = _persons(client)
    web = _persons(client, "?segment=channel%3Dweb")
    days = _persons(client, "?since=2026-03-02&until=2026-03-05")
    assert (everyone, days) == (8, 4)
    assert 0 < web < everyone
    assert len(builds) == 3
    assert _persons(client, "?segment=channel%3Dweb") == web
    assert _persons(client, "?since=2026-03-02&until=2026-03-05") == days
    assert len(builds) == 3
    russian = _signed_in(root, "ru")
    notes = russian.get(f"{REPORT}.json").json()["notes"]
    assert len(builds) == 4  # notes are worded in the visitor's language
    assert notes != client.get(f"{REPORT}.json").json()["notes"]
    assert russian.get(f"{REPORT}.json").json()["notes"] == notes
    assert len(builds) == 4


def test_the_cache_folder_is_bounded_and_drops_a_damaged_entry(tmp_path: Path) -> None:
    journey = load_map(Path(__file__).parents[2] / "examples/seed-shop/maps/seed-shop.en.yaml")
    cache = ReportCache(tmp_path, max_entries=2)
    data = ReportData(journey=journey, generated_at="2026-03-01T00:00:00", facts={"events": 1})
    keys = [
        report_key(
            journey,
            segment="",
            start=dt.date(2026, 3, day),
            end=None,
            language="en",
            data_version="v",
            inputs="i",
        )
        for day in (1, 2, 3)
    ]
    for key in keys:
        cache.put(key, CachedReport(data, ["channel=web"]))
    assert len(list(cache.folder.iterdir())) == 2
    found = cache.get(keys[2])
    assert found is not None
    assert found.segment_options == ["channel=web"]
    assert found.data.facts == {"events": 1}
    (cache.folder / f"{keys[2].digest()}.report.pickle").write_bytes(b"not a pickle")
    assert cache.get(keys[2]) is None
    assert len(list(cache.folder.iterdir())) == 1
    data.facts["reader"] = lambda: None  # does not pickle: served, not kept
    cache.put(keys[2], CachedReport(data))
    assert cache.get(keys[2]) is None
    assert len(list(cache.folder.iterdir())) == 1
