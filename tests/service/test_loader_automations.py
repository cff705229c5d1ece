"""The loader runs the workspace's automations after every pass (`journeymap serve`)."""

from __future__ import annotations

import json
from pathlib import Path

from journeymap.events.ingest import ingest
from journeymap.events.options import IngestOptions
from journeymap.service.automations_hook import automations_pass
from journeymap.service.loader import Loader
from journeymap.store import Store

CHAIN = """automation: 1
id: hello
entry: {event: Signed Up}
steps:
  - {id: greet, send: welcome}
messages:
  welcome: {channel: email, transactional: true, text: {en: "Welcome {{ person_id }}"}}
"""


def test_each_loader_pass_feeds_new_events_once(tmp_path: Path) -> None:
    folder = tmp_path / "automations"
    folder.mkdir()
    (folder / "hello.yaml").write_text(CHAIN, encoding="utf-8")
    (folder / "settings.yaml").write_text(
        "automations: 1\nchannels:\n  email: {kind: outbox, address: person_id}\n",
        encoding="utf-8",
    )
    events = tmp_path / "events.jsonl"
    events.write_text(
        json.dumps(
            {
                "type": "track",
                "event": "Signed Up",
                "userId": "u1",
                "messageId": "m1",
                "timestamp": "2026-03-02T10:00:00Z",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    loader = Loader(
        "duckdb://:memory:", tmp_path / "spool", after_pass=automations_pass(folder, [])
    )
    with Store.open("duckdb://:memory:") as store:
        ingest(store, [events], IngestOptions(format="jsonl"))
        loader.run_once(store)
        loader.run_once(store)  # the cursor: the event is not fed twice
    lines = (tmp_path / "outbox.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["Welcome u1"]
