"""A runner process for the crash test: `python crash_child.py STORE FOLDER PERSONS`.

It feeds every person's entry event (again after a restart: persons already in the chain do
not enter twice) and runs until nobody is active."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from journeymap.orchestrate.load import load_automations
from journeymap.orchestrate.profiles import MemoryProfiles
from journeymap.orchestrate.run import open_channels, run_loop
from journeymap.orchestrate.runner import Runner
from journeymap.store import Store


def main() -> None:
    store_url, folder, persons = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    automations = load_automations(folder)
    people = [f"p{n:03d}" for n in range(persons)]
    profiles = MemoryProfiles({p: {"traits": {"email": f"{p}@example.com"}} for p in people})
    with Store.open(store_url) as store:
        runner = Runner(
            store, automations, open_channels(automations.settings, folder), profiles=profiles
        )
        now = datetime.now(UTC)
        runner.feed(
            {"person_id": p, "type": "track", "event": "Go", "timestamp": now} for p in people
        )
        run_loop(runner, threading.Event(), interval=0.05, until_idle=True)


if __name__ == "__main__":
    main()
