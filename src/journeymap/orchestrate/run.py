"""Running a workspace's automations: channels from the settings (or all to the outbox for a
dry run), and the loop that feeds new events and rings timers until told to stop."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from journeymap.orchestrate.channels import Channel, OutboxChannel, open_channel
from journeymap.orchestrate.clock import FakeClock
from journeymap.orchestrate.runner import Runner, RunReport
from journeymap.orchestrate.settings import AutomationSettings

DRY_RUN_OUTBOX = "outbox.dry-run.jsonl"


def open_channels(
    settings: AutomationSettings, root: Path, *, dry_run: bool = False
) -> Mapping[str, Channel]:
    """A channel per name of the settings; a dry run writes every message to one outbox file
    (`outbox.dry-run.jsonl` in `root`) and sends nothing."""
    if dry_run:
        outbox = OutboxChannel(root / DRY_RUN_OUTBOX)
        return dict.fromkeys(settings.channels, outbox)
    return {name: open_channel(config, root) for name, config in settings.channels.items()}


def run_loop(
    runner: Runner,
    stop: threading.Event,
    *,
    interval: float = 1.0,
    until_idle: bool = False,
) -> RunReport:
    """Feed new events and ring due timers until `stop` is set (or, `until_idle`, until no
    person is active any more)."""
    report = RunReport()
    while not stop.is_set():
        report.add(runner.feed_new())
        report.add(runner.tick())
        if until_idle and runner.states.active() == 0:
            break
        wake = runner.states.next_wake()
        pause = interval
        if wake is not None:
            pause = min(interval, max(0.0, (wake - runner.clock.now()).total_seconds()))
        stop.wait(pause)
    return report


def fast_forward(runner: Runner, clock: FakeClock, until: datetime) -> RunReport:
    """Move a fake clock from timer to timer up to `until`, ringing each at its own time (a
    dry run shows the days to come in a moment)."""
    report = RunReport()
    while True:
        wake = runner.states.next_wake()
        if wake is None or wake > until:
            return report
        clock.current = max(wake, clock.now())
        report.add(runner.tick())
