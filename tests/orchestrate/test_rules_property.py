"""Property tests: whatever the settings, profiles and events, no message breaks quiet hours,
frequency caps, consent and unsubscribe, or reaches a person of a control group."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.channels import OutboxChannel
from journeymap.orchestrate.clock import FakeClock
from journeymap.orchestrate.holdout import in_global_holdout, in_holdout
from journeymap.orchestrate.load import Automations
from journeymap.orchestrate.profiles import MemoryProfiles
from journeymap.orchestrate.runner import Runner
from journeymap.orchestrate.settings import AutomationSettings, QuietHours
from journeymap.orchestrate.timing import in_quiet_hours, zone
from journeymap.store import Store

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
ZONES = ["UTC", "Europe/Moscow", "Asia/Vladivostok", "America/New_York", None]


def _chain(holdout: float, transactional: bool) -> Chain:
    return Chain.model_validate(
        {
            "id": "prop",
            "entry": {"event": "Go"},
            "re_entry": {"allowed": True, "after": "1d"},
            "holdout": holdout,
            "steps": [
                {"id": "a", "send": "m1"},
                {"id": "pause", "delay": "30m"},
                {"id": "b", "send": "m2"},
                {"id": "morning", "delay": {"until": "07:00"}},
                {"id": "c", "send": "m3"},
            ],
            "messages": {
                "m1": {"channel": "email", "text": {"en": "one"}},
                "m2": {"channel": "email", "text": {"en": "two"}, "transactional": transactional},
                "m3": {"channel": "email", "text": {"en": "three"}, "best_hour": True},
            },
        }
    )


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store.open("duckdb://:memory:") as opened:
        yield opened


def _clear(store: Store) -> None:
    for table in ("automation_states", "automation_sends", "automation_suppressions"):
        store.duckdb.execute(f"DELETE FROM {table}")


def _ring_timers(runner: Runner, clock: FakeClock, until: datetime) -> None:
    """Move the clock from timer to timer (each one rings at its own time) up to `until`."""
    while True:
        wake = runner.states.next_wake()
        if wake is None or wake > until:
            return
        clock.current = max(wake, clock.now())
        runner.tick()


profile_strategy = st.fixed_dictionaries(
    {
        "timezone": st.sampled_from(ZONES),
        "unsubscribed": st.booleans(),
        "consent": st.booleans(),
        "hour": st.none() | st.integers(0, 23),
    }
)
event_strategy = st.tuples(
    st.integers(0, 5), st.integers(0, 60 * 24 * 3), st.sampled_from(["Go", "Go", "Unsubscribed"])
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(profile_strategy, min_size=6, max_size=6),
    events=st.lists(event_strategy, min_size=1, max_size=25),
    quiet_start=st.integers(0, 23),
    quiet_end=st.integers(0, 23),
    cap=st.integers(1, 3),
    cap_hours=st.sampled_from([1, 6, 24, 72]),
    consent=st.sampled_from(["opt-out", "opt-in"]),
    holdout=st.sampled_from([0.0, 0.3, 0.6]),
    global_holdout=st.sampled_from([0.0, 0.2]),
    transactional=st.booleans(),
)
def test_no_message_breaks_the_rules(  # noqa: PLR0917 - hypothesis draws each input
    store: Store,
    tmp_path_factory: pytest.TempPathFactory,
    people: list[dict[str, Any]],
    events: list[tuple[int, int, str]],
    quiet_start: int,
    quiet_end: int,
    cap: int,
    cap_hours: int,
    consent: str,
    holdout: float,
    global_holdout: float,
    transactional: bool,
) -> None:
    _clear(store)
    quiet = QuietHours(start=time(quiet_start), end=time(quiet_end))
    config = AutomationSettings.model_validate(
        {
            "channels": {"email": {"kind": "outbox"}},
            "quiet_hours": quiet.model_dump(),
            "caps": [{"messages": cap, "per": f"{cap_hours}h"}],
            "consent": consent,
            "global_holdout": global_holdout,
        }
    )
    chain = _chain(holdout, transactional)
    profiles = {
        f"p{n}": {
            "timezone": p["timezone"],
            "traits": {
                "email": f"p{n}@example.com",
                "unsubscribed": p["unsubscribed"],
                "consent_email": p["consent"],
            },
            "send_hours": {"email": {"hour": p["hour"]}} if p["hour"] is not None else {},
        }
        for n, p in enumerate(people)
    }
    outbox = Path(tmp_path_factory.mktemp("outbox")) / "outbox.jsonl"
    clock = FakeClock(START)
    runner = Runner(
        store,
        Automations(settings=config, chains=[chain]),
        {"email": OutboxChannel(outbox)},
        clock=clock,
        profiles=MemoryProfiles(profiles),
    )
    unsubscribed_at: dict[str, datetime] = {}
    for person, minute, name in sorted(events, key=lambda e: e[1]):
        at = START + timedelta(minutes=minute)
        _ring_timers(runner, clock, until=at)
        clock.current = at
        runner.feed([{"person_id": f"p{person}", "event": name, "timestamp": at}])
        if name == "Unsubscribed":
            unsubscribed_at.setdefault(f"p{person}", at)
    _ring_timers(runner, clock, until=START + timedelta(days=8))

    sends = store.duckdb.execute(
        "SELECT person_id, message_id, transactional, sent_at FROM automation_sends "
        "WHERE status = 'sent' ORDER BY sent_at"
    ).fetchall()
    marketing: dict[str, list[datetime]] = {}
    for person, message, is_transactional, sent_at in sends:
        moment = sent_at.replace(tzinfo=UTC)
        profile = profiles[person]
        traits = profile["traits"]
        assert not traits["unsubscribed"], "sent to an unsubscribed person"
        assert person not in unsubscribed_at or moment < unsubscribed_at[person]
        assert consent == "opt-out" or traits["consent_email"], "sent without consent"
        assert not in_holdout(person, chain.id, holdout), "sent to the chain's control group"
        assert not in_global_holdout(person, global_holdout), "sent to the global control group"
        if not is_transactional:
            tz = zone(profile["timezone"], config.default_timezone)
            assert not in_quiet_hours(moment, quiet, tz), f"{message} in quiet hours"
            marketing.setdefault(person, []).append(moment)
    window = timedelta(hours=cap_hours)
    for moments in marketing.values():
        for index, moment in enumerate(moments):
            inside = [m for m in moments[: index + 1] if moment - m < window]
            assert len(inside) <= cap, "frequency cap broken"
