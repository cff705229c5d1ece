"""SIGKILL the runner at random points, restart it, and every due message reaches the SMTP
server exactly once by Message-ID (the idempotency key): the distinct Message-IDs the server got
are the due sends, and a second copy can only come from the one send a kill may catch between
the server taking the message and the runner's note of its 250, under the same Message-ID, so a
receiver that drops repeated Message-IDs gets each message once (docs/automations.md, the send
protocol). The test reports the copies it saw over its kills (`make soak`: 25 kills)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from journeymap.store import Store
from tests.orchestrate.helpers import write_folder
from tests.orchestrate.smtp_sink import smtp_sink

REPO = Path(__file__).resolve().parents[2]
PERSONS = 12
KILLS = int(os.environ.get("JOURNEYMAP_SOAK_KILLS", "2"))
"""`make soak` kills the runner 25 times; the suite, twice."""
SEED = int(os.environ.get("JOURNEYMAP_CRASH_SEED", "20261207"))
"""The kill times' seed (fixed: the suite is deterministic; vary it to sample other moments)."""
CHAIN = """
automation: 1
id: three
entry: {event: Go}
steps:
  - {id: a, send: one}
  - {id: wait-a, delay: 1s}
  - {id: b, send: two}
  - {id: wait-b, delay: 1s}
  - {id: c, send: three}
messages:
  one: {channel: email, text: {en: "one"}}
  two: {channel: email, text: {en: "two"}}
  three: {channel: email, text: {en: "three"}}
"""
SETTINGS = """
automations: 1
channels:
  email: {kind: smtp, host: 127.0.0.1, port: PORT}
quiet_hours: null
caps: []
"""


def _child(store: Path, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}"}
    with (folder / "child.log").open("ab") as log:
        return subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("crash_child.py")),
                f"duckdb://{store}",
                str(folder),
                str(PERSONS),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def test_sigkill_and_restart_send_every_message_exactly_once(
    tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    chance = random.Random(SEED)
    store = tmp_path / "store.duckdb"
    with smtp_sink() as (sink, port):
        folder = write_folder(
            tmp_path / "automations", {"three.yaml": CHAIN}, SETTINGS.replace("PORT", str(port))
        )
        kills = 0
        for _attempt in range(KILLS):
            child = _child(store, folder)
            # kill once messages flow: after the first of them, at a random moment
            deadline = time.monotonic() + 15
            while not sink.received and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(chance.uniform(0.0, 0.8))
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                child.wait()
                kills += 1
        final = _child(store, folder)
        final.wait(timeout=60)
        assert final.returncode == 0, (folder / "child.log").read_text(encoding="utf-8")
    expected = {(p, step) for p in (f"p{n:03d}" for n in range(PERSONS)) for step in "abc"}
    with Store.open(f"duckdb://{store}") as opened:
        rows = opened.duckdb.execute(
            "SELECT person_id, step_id, status, send_key FROM automation_sends"
        ).fetchall()
    assert {(p, s) for p, s, _status, _key in rows} == expected
    assert {status for *_rest, status, _key in rows} == {"sent"}
    keys = {f"<{key}@journeymap>" for *_rest, key in rows}
    assert set(sink.received) == keys  # every due message arrived, under its own key
    # every copy of one message (its address and text) carries one and the same Message-ID
    ids_of: dict[tuple[str, str], set[str]] = {}
    for key, to, text in sink.deliveries:
        ids_of.setdefault((to, text), set()).add(key)
    assert len(ids_of) == len(keys)
    assert all(len(ids) == 1 for ids in ids_of.values())
    # a copy can only come from the one send each kill may catch after the 250
    copies = len(sink.deliveries) - len(keys)
    record_property("kills", kills)
    record_property("duplicates", copies)
    print(f"{kills} SIGKILLs, {len(keys)} messages due, {copies} copies (same Message-ID)")
    assert copies <= kills
    assert kills >= 1
