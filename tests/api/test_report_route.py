"""`GET /v1/maps/{name}/report`: the same JSON as `journeymap report --format json`, with the
command's options, a read key, and errors as JSON bodies in the request's language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from tests.api.read_server import SEED_SHOP, ReadApi, make_settings, serving

# times of the run itself, not numbers of the data
VARYING = ("generated_at", "seconds")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReadApi, Path]]:
    root: Path = tmp_path_factory.mktemp("report-api")
    settings = make_settings(root)
    (root / "journeymap.toml").write_text('store = "duckdb://store.duckdb"\n', encoding="utf-8")
    cli: dict[str, Any] = {}
    for name, options in {
        "all": [],
        "web, march 2-5, days": [
            *("--segment", "channel=web", "--from", "2026-03-02", "--to", "2026-03-05"),
            *("--repeat-by", "days", "--segments-by", "none"),
        ],
    }.items():
        command = ["--lang", "en", "report", str(root / "maps" / "seed-shop.en.yaml")]
        command += ["--format", "json", "--store", settings.store_url, *options]
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
        cli[name] = json.loads(result.stdout)
    (root / "cli.json").write_text(json.dumps(cli), encoding="utf-8")
    with serving(settings) as served:
        yield served, root


def _without_times(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_times(v) for k, v in data.items() if k not in VARYING}
    if isinstance(data, list):
        return [_without_times(v) for v in data]
    return data


def test_the_report_is_the_commands_json(workspace: tuple[ReadApi, Path]) -> None:
    api, root = workspace
    cli = json.loads((root / "cli.json").read_text(encoding="utf-8"))
    snapshots = sorted((root / ".journeymap" / "snapshots").rglob("*.json"))
    assert len(snapshots) == 2  # one per command run
    served = api.get("/v1/maps/seed-shop.en/report", params={"lang": "en"})
    assert served.status_code == 200, served.text
    assert served.headers["content-type"].startswith("application/json")
    assert _without_times(served.json()) == _without_times(cli["all"])
    assert any(stage["persons"] > 0 for stage in served.json()["stages"]["stages"])
    cut = {"segment": "channel=web", "since": "2026-03-02", "until": "2026-03-05"}
    options = {**cut, "repeat_by": "days", "segments_by": "none", "lang": "en"}
    narrowed = api.get("/v1/maps/seed-shop.en/report", params=options).json()
    assert _without_times(narrowed) == _without_times(cli["web, march 2-5, days"])
    assert (narrowed["from"], narrowed["to"], narrowed["repeat_by"]) == (
        "2026-03-02",
        "2026-03-05",
        "days",
    )
    # a GET saves no snapshot
    assert sorted((root / ".journeymap" / "snapshots").rglob("*.json")) == snapshots


@pytest.mark.parametrize(
    ("params", "status", "field", "code"),
    [
        ({"segment": "channel"}, 422, "segment", "invalid_segment"),
        ({"segments_by": "colour"}, 422, "segments_by", "invalid_segments_by"),
        ({"since": "2026-03-05", "until": "2026-03-01"}, 422, "since", "invalid_range"),
        ({"repeat_by": "weeks"}, 422, "query.repeat_by", "invalid_request"),
    ],
)
def test_bad_options_name_the_field(
    workspace: tuple[ReadApi, Path], params: dict[str, str], status: int, field: str, code: str
) -> None:
    api, _root = workspace
    english = api.get("/v1/maps/seed-shop.en/report", params={**params, "lang": "en"})
    russian = api.get("/v1/maps/seed-shop.en/report", params={**params, "lang": "ru"})
    assert english.status_code == russian.status_code == status
    assert english.json()["field"] == field
    assert english.json()["code"] == code
    if code != "invalid_request":  # pydantic's own texts are English only
        assert any("\u0400" <= c <= "\u04ff" for c in russian.json()["message"])
        assert english.json()["message"] != russian.json()["message"]


def test_unknown_map_and_keys(workspace: tuple[ReadApi, Path]) -> None:
    api, _root = workspace
    missing = api.get("/v1/maps/nope/report")
    assert (missing.status_code, missing.json()["field"]) == (404, "name")
    assert api.get("/v1/maps/broken/report").json()["code"] == "invalid_map"
    assert api.get("/v1/maps/seed-shop.en/report", key="write").status_code == 403
    admin = api.get("/v1/maps/seed-shop.en/report", key="admin", params={"segment": "x"})
    assert admin.json()["code"] == "invalid_segment"  # past the key check


def test_a_second_call_is_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.events.ingest import ingest
    from journeymap.report import build
    from journeymap.store import Store

    calls: list[dict[str, Any]] = []
    real = build.build_report

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append({k: kwargs.get(k) for k in ("segments_by", "repeat_by")})
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "build_report", spy)
    settings = make_settings(tmp_path)
    report = "/v1/maps/seed-shop.en/report"
    with serving(settings) as api:
        first = api.get(report, params={"lang": "en"})
        again = api.get(report, params={"lang": "en"})
        assert first.status_code == again.status_code == 200
        assert again.json() == first.json()  # generated_at too: the same built report
        assert len(calls) == 1
        days = api.get(report, params={"lang": "en", "repeat_by": "days"}).json()
        assert days["repeat_by"] == "days"  # the API's own options are part of the key
        assert calls[1:] == [{"segments_by": None, "repeat_by": "days"}]
        row = {"messageId": "late", "type": "track", "userId": "u9", "event": "Product Viewed",
               "timestamp": "2026-03-20T10:00:00Z"}  # fmt: skip
        (tmp_path / "late.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
        with Store.open(settings.store_url) as store:
            ingest(store, [tmp_path / "late.jsonl"])
        fresh = api.get(report, params={"lang": "en"}).json()
        assert len(calls) == 3
        assert fresh["generated_at"] >= first.json()["generated_at"]
        persons = [s["persons"] for s in fresh["stages"]["stages"]]
        before = [s["persons"] for s in first.json()["stages"]["stages"]]
        assert persons != before  # u9 viewed a product


def test_the_apis_options_are_in_the_report_key() -> None:
    from journeymap.model import load_map
    from journeymap.report.report_cache import costs_key, report_key

    journey = load_map(SEED_SHOP / "maps" / "seed-shop.en.yaml")
    scope: dict[str, Any] = {"segment": "", "start": None, "end": None, "language": "en"}
    base = report_key(journey, **scope, data_version="v1", inputs="i")
    variants = [
        report_key(journey, **scope, data_version="v1", inputs="i", segments_by=[]),
        report_key(journey, **scope, data_version="v1", inputs="i", segments_by=["channel"]),
        report_key(journey, **scope, data_version="v1", inputs="i", repeat_by="days"),
        report_key(
            journey, **scope, data_version="v1", inputs="i", costs=costs_key("linear", None)
        ),
        report_key(journey, **{**scope, "language": "ru"}, data_version="v1", inputs="i"),
        report_key(journey, **scope, data_version="v2", inputs="i"),
    ]
    digests = {key.digest() for key in [base, *variants]}
    assert len(digests) == len(variants) + 1
    assert report_key(journey, **scope, data_version="v1", inputs="i").digest() == base.digest()
