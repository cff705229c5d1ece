"""The unsubscribe link under `journeymap serve`: a signed token per person and list, a
confirmation page (EN/RU), a POST that goes through the spool and the loader to the runner, which
then sends that person nothing more of the list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.api.app import create_app
from journeymap.model.serve_config import ServeSettings
from journeymap.orchestrate.unsubscribe import read_token, unsubscribe_token
from journeymap.service.loader import Loader
from journeymap.service.settings import ServiceSettings
from journeymap.store import Store
from tests.orchestrate.helpers import START, event, load, make_runner, outbox_lines, write_folder

ENV = "JM_TEST_UNSUBSCRIBE_SECRET"
SETTINGS = f"""
automations: 1
channels:
  email: {{kind: outbox}}
quiet_hours: null
unsubscribe_secret_env: {ENV}
unsubscribe_url: "https://shop.example/unsubscribe?token={{token}}"
"""
CHAIN = """
automation: 1
id: {id}
entry: {{event: Cart Abandoned}}
steps:
  - id: remind
    send: reminder
messages:
  reminder:
    channel: email
    text: {{en: "{id}: {{{{ unsubscribe_url }}}}"}}
"""


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Path]]:
    monkeypatch.setenv(ENV, "a long random secret")
    folder = write_folder(
        tmp_path / "automations",
        {"a.yaml": CHAIN.format(id="cart-reminder"), "b.yaml": CHAIN.format(id="welcome")},
        SETTINGS,
    )
    settings = ServiceSettings(
        store_url=f"duckdb://{tmp_path / 'store.duckdb'}",
        spool=tmp_path / "spool",
        keys=tmp_path / "keys.json",
        serve=ServeSettings(spool_max_seconds=60),
    )
    settings = replace(settings, automations=folder)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, tmp_path


def _tampered(token: str) -> list[str]:
    payload, signature = token.split(".")
    other = unsubscribe_token("bob", "cart-reminder", ENV).split(".")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return [f"{payload}.{flipped}", f"{other[0]}.{signature}", payload, "", "x.y"]


def test_tokens_name_person_and_list_and_refuse_tampering(served: tuple[TestClient, Path]) -> None:
    token = unsubscribe_token("ann", "cart-reminder", ENV)
    found = read_token(token, ENV)
    assert found is not None
    assert (found.person_id, found.list_id) == ("ann", "cart-reminder")
    assert all(read_token(bad, ENV) is None for bad in _tampered(token))
    assert read_token(token, "JM_NO_SUCH_SECRET") is None  # another secret


def test_page_post_loader_and_runner_skip_the_person(served: tuple[TestClient, Path]) -> None:
    client, root = served
    token = unsubscribe_token("ann", "cart-reminder", ENV)
    page = client.get("/unsubscribe", params={"token": token})
    assert page.status_code == 200
    assert "Unsubscribe from these messages" in page.text
    assert "cart-reminder" in page.text
    russian = client.get("/unsubscribe", params={"token": token, "lang": "ru"})
    assert "Отписаться от этих писем" in russian.text
    for bad in _tampered(token):
        assert client.get("/unsubscribe", params={"token": bad}).status_code == 400
        refused = client.post("/unsubscribe", data={"token": bad, "scope": "all"})
        assert refused.status_code == 400
    done = client.post("/unsubscribe", data={"token": token, "scope": "list"})
    assert done.status_code == 200
    assert "no more messages of “cart-reminder”" in done.text
    # a mail client's one-click unsubscribe (RFC 8058) of another person: from its list
    carl = unsubscribe_token("carl", "welcome", ENV)
    one_click = client.post(
        f"/unsubscribe?token={carl}",
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert one_click.status_code == 200
    client.app.state.service.spool.close()  # type: ignore[attr-defined]

    automations = load(root / "automations")
    with Store.open(f"duckdb://{root / 'store.duckdb'}") as store:
        Loader(store.url, root / "spool").run_once(store)
        stored = store.duckdb.execute(
            "SELECT count(*) FROM events WHERE event = 'Unsubscribed'"
        ).fetchone()
        assert stored == (2,)  # only the two good tokens
        profiles = {p: {"traits": {"email": f"{p}@example.com"}} for p in ("ann", "bob", "carl")}
        runner, _clock = make_runner(store, automations, root / "outbox.jsonl", profiles)
        assert runner.feed_new().counts["unsubscribed"] == 2
        runner.feed(event(p, "Cart Abandoned", START) for p in ("ann", "bob", "carl"))
    sent = {(line["chain"], line["person_id"]) for line in outbox_lines(root / "outbox.jsonl")}
    # ann left the cart reminder's list only; carl's one-click named the welcome list
    assert sent == {("cart-reminder", "bob"), ("welcome", "bob"), ("welcome", "ann"),
                    ("cart-reminder", "carl")}  # fmt: skip
    links = [line["unsubscribe_url"] for line in outbox_lines(root / "outbox.jsonl")]
    assert all(read_token(link.split("token=")[1], ENV) is not None for link in links)
