"""`journeymap recommend`: prepare, serve with reasons (text and JSON), bad input and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _event(n: int, person: str, event: str, item: str) -> dict[str, object]:
    return {
        "type": "track",
        "event": event,
        "userId": person,
        "channel": "web",
        "messageId": f"m{n}",
        "timestamp": f"2026-03-01T08:{n:02d}:00Z",
        "properties": {"product_id": item},
    }


EVENTS = [
    {
        "type": "identify",
        "userId": "u1",
        "anonymousId": "a1",
        "messageId": "m0",
        "timestamp": "2026-03-01T07:00:00Z",
        "traits": {"region": "siberia", "level": "beginner"},
    },
    _event(1, "u1", "Product Viewed", "tomato-siberian-early"),
    _event(2, "u2", "Product Viewed", "tomato-siberian-early"),
    _event(3, "u2", "Product Viewed", "cucumber-kustovoy"),
    _event(4, "u3", "Product Viewed", "tomato-siberian-early"),
    _event(5, "u3", "Product Viewed", "cucumber-kustovoy"),
]


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "shop"
    shutil.copytree(REPO / "examples" / "seed-shop", root)
    monkeypatch.chdir(root)
    return root


def _ingest(root: Path) -> None:
    events = root / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in EVENTS), encoding="utf-8")
    assert invoke("ingest", str(events)).exit_code == 0


def test_prepare_then_serve_with_reasons(workspace: Path) -> None:
    _ingest(workspace)
    prepared = invoke("recommend", "--prepare", "--json")
    assert prepared.exit_code == 0, prepared.output
    assert json.loads(prepared.output)["persons"] == 3
    assert (workspace / ".journeymap" / "serving.json").is_file()
    result = invoke("recommend", "u1", "-n", "3", "--stage", "research", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["stage"], data["role"]) == ("research", "interest")
    first = data["items"][0]
    assert first["item_id"] == "cucumber-kustovoy"
    assert first["reason"]["kind"] == "similar_to_item"
    assert first["reason_text"] == 'because you viewed “Tomato "Siberian Early", 20 seeds”'
    same = invoke("recommend", "a1", "-n", "3", "--stage", "research", "--json")  # her other id
    assert json.loads(same.output)["items"] == data["items"]
    russian = invoke("recommend", "u1", "-n", "3", "--stage", "research", "--lang", "ru")
    assert russian.exit_code == 0, russian.output
    assert "потому что вы смотрели «Tomato" in russian.output


def test_prepare_again_follows_new_events(workspace: Path) -> None:
    _ingest(workspace)
    assert invoke("recommend", "--prepare").exit_code == 0
    before = json.loads(invoke("recommend", "u1", "--json").output)
    assert before["stage"] == "research"
    more = workspace / "more.jsonl"
    added = _event(30, "u1", "Product Added", "cucumber-kustovoy")
    more.write_text(json.dumps(added) + "\n", encoding="utf-8")
    assert invoke("ingest", str(more)).exit_code == 0
    after = json.loads(invoke("recommend", "u1", "--prepare", "--json").output)
    assert (after["stage"], after["role"]) == ("purchase", "cart")
    assert after["items"][0]["item_id"] == "cucumber-kustovoy"
    assert after["items"][0]["reason"]["kind"] == "in_cart"


def test_unknown_person_stage_and_empty_store(workspace: Path) -> None:
    empty = invoke("recommend", "u1")
    assert empty.exit_code == 1
    assert "the store has no events that name an item" in empty.output
    _ingest(workspace)
    unknown = invoke("recommend", "nobody", "--prepare")
    assert unknown.exit_code == 1
    assert "no person 'nobody'" in unknown.output
    stage = invoke("recommend", "u1", "--stage", "moon")
    assert stage.exit_code == 2
    assert "stages: awareness, research" in stage.output
    assert invoke("recommend").exit_code == 2


def test_catalog_and_policy_errors_point_at_file_and_line(workspace: Path) -> None:
    _ingest(workspace)
    policies = workspace / "content" / "policies.yaml"
    policies.write_text(
        policies.read_text(encoding="utf-8").replace("popular_in_region", "popular_in_regoin", 1),
        encoding="utf-8",
    )
    result = invoke("recommend", "u1", "--prepare")
    assert result.exit_code == 1
    assert "policies.yaml:12:" in result.output
    assert "did you mean 'popular_in_region'?" in result.output
    (workspace / "content" / "more.csv").write_text("id,type,title\nx,gadget,X\n", "utf-8")
    catalog = invoke("recommend", "u1", "--prepare")
    assert catalog.exit_code == 1
    assert "more.csv:2" in catalog.output


def test_without_a_state_file_one_person_is_served_as_the_prepared_state_serves_her(
    workspace: Path,
) -> None:
    _ingest(workspace)
    asked: list[tuple[str, tuple[str, ...]]] = [
        ("u1", ()),
        ("a1", ("--stage", "awareness")),  # her other id
        ("u3", ("--stage", "research")),
    ]
    alone = {(p, s): invoke("recommend", p, *s, "--json") for p, s in asked}
    assert not (workspace / ".journeymap" / "serving.json").exists()  # nobody else prepared
    assert all(result.exit_code == 0 for result in alone.values()), alone
    assert invoke("recommend", "--prepare").exit_code == 0
    for key, result in alone.items():
        prepared = invoke("recommend", key[0], *key[1], "--json")
        assert json.loads(result.output) == json.loads(prepared.output), key
    assert json.loads(alone[("u1", ())].output)["items"]
    assert json.loads(alone[("a1", ("--stage", "awareness"))].output)["person"] == "u1"
