"""A chain with every kind of step, on simulated events and a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from journeymap.orchestrate.channels import ChannelError, Outgoing
from journeymap.orchestrate.clock import FakeClock
from journeymap.orchestrate.profiles import MemoryProfiles
from journeymap.orchestrate.run import fast_forward
from journeymap.orchestrate.runner import Runner
from journeymap.orchestrate.unsubscribe import UnsubscribeToken, read_token
from journeymap.store import Store
from tests.orchestrate.helpers import START, event, load, make_runner, outbox_lines, write_folder

SETTINGS = """
automations: 1
channels:
  email: {kind: outbox}
quiet_hours: {start: "22:00", end: "08:00"}
default_timezone: UTC
caps: [{messages: 10, per: 1d}]
"""

EVERY_STEP = """
automation: 1
id: every-step
entry: {event: Checkout Started}
re_entry: {allowed: true, after: 3d}
exit:
  - event: Account Deleted
goal: {event: Order Completed, window: 5d}
steps:
  - id: pause
    delay: 1h
  - id: first
    send: hello
  - id: click
    wait: {event: Email Link Clicked, timeout: 1d, on_timeout: by-segment, on_match: thanks}
  - id: thanks
    send: thanks
    goto: exit
  - id: by-segment
    branch:
      - when: {profile: {segment: vip}}
        goto: ab
      - goto: weekday
  - id: ab
    split: [{weight: 1, goto: morning}, {weight: 1, goto: weekday}]
  - id: morning
    delay: {until: "09:00"}
  - id: weekday
    delay: {weekday: sat, until: "11:00"}
  - id: last
    send: last
  - id: stop
    exit: true
messages:
  hello:
    channel: email
    subject: {en: "Hi {{ profile.traits.name }}", ru: "Привет, {{ profile.traits.name }}"}
    text:
      en: "{% for item in items %}{{ item.name }};{% endfor %} {{ unsubscribe_url }}"
      ru: "{% for item in items %}{{ item.name }};{% endfor %} {{ unsubscribe_url }}"
    html: {en: "<b>{{ profile.traits.name }}</b>"}
  thanks:
    channel: email
    text: {en: "thanks"}
  last:
    channel: email
    text: {en: "last call {{ recommendations[0].item }} because {{ recommendations[0].reason }}"}
"""

PROFILES = {
    "ann": {
        "traits": {"email": "ann@example.com", "name": "Ann"},
        "segment": "vip",
        "preferred_language": "ru",
    },
    "bob": {"traits": {"email": "bob@example.com", "name": "Bob & Co"}, "segment": "basic"},
    "cid": {"traits": {"email": "cid@example.com"}, "segment": "basic"},
}


def _one(store: Store, sql: str) -> tuple[Any, ...]:
    row = store.duckdb.execute(sql).fetchone()
    assert row is not None
    return row


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open("duckdb://:memory:") as opened:
        yield opened


def _recommend(person_id: str, profile: object) -> list[dict[str, str]]:
    return [{"item": "tomato-seeds", "reason": "popular in your region"}]


def _runner(store: Store, tmp_path: Path) -> tuple[Runner, FakeClock]:
    folder = write_folder(tmp_path / "automations", {"every.yaml": EVERY_STEP}, SETTINGS)
    return make_runner(
        store, load(folder), tmp_path / "outbox.jsonl", PROFILES, recommend=_recommend
    )


def _walk(runner: Runner, clock: FakeClock, hours: int) -> None:
    for _hour in range(hours * 4):
        clock.advance(timedelta(minutes=15))
        runner.tick()


def test_every_step_kind_on_a_fake_clock(store: Store, tmp_path: Path) -> None:
    runner, clock = _runner(store, tmp_path)
    cart = [{"name": "Tomato"}, {"name": "Basil"}]
    runner.feed([event(p, "Checkout Started", START, products=cart) for p in PROFILES])
    _walk(runner, clock, 1)
    sent = outbox_lines(tmp_path / "outbox.jsonl")
    by_person = {line["person_id"]: line for line in sent}
    # cid has no name: the template fails for her and nothing half-filled goes out
    assert set(by_person) == {"ann", "bob"}
    assert by_person["ann"]["subject"] == "Привет, Ann"
    assert by_person["ann"]["text"].startswith("Tomato;Basil;")
    token = by_person["ann"]["unsubscribe_url"].split("token=")[1]
    assert read_token(token, "JOURNEYMAP_UNSUBSCRIBE_SECRET") == UnsubscribeToken(
        "ann", "every-step"
    )
    assert by_person["bob"]["html"] == "<b>Bob &amp; Co</b>"  # HTML parts are escaped
    quarantined = _one(
        store, "SELECT person_id, reason FROM automation_sends WHERE status = 'quarantined'"
    )
    assert quarantined[0] == "cid"
    assert "name" in quarantined[1]

    # bob clicks: the wait ends at once and he is thanked, then leaves
    runner.feed([event("bob", "Email Link Clicked", clock.now())])
    assert [line["text"] for line in outbox_lines(tmp_path / "outbox.jsonl")][-1] == "thanks"
    assert _one(store, "SELECT status FROM automation_states WHERE person_id = 'bob'") == (
        "exited",
    )

    # ann's wait times out after a day; vip -> split -> a delay until a time or a weekday;
    # by Saturday 11:00 (UTC) she has had the last call
    _walk(runner, clock, 24 * 6)
    last = [line for line in outbox_lines(tmp_path / "outbox.jsonl") if line["person_id"] == "ann"][
        -1
    ]
    assert last["text"] == "last call tomato-seeds because popular in your region"
    sent_at = _one(
        store, "SELECT sent_at FROM automation_sends WHERE person_id = 'ann' AND step_id = 'last'"
    )[0]
    assert sent_at.hour in (9, 11)
    assert _one(
        store, "SELECT status, exit_reason FROM automation_states WHERE person_id = 'ann'"
    ) == ("exited", "exit step")


def test_goal_exit_criteria_and_re_entry(store: Store, tmp_path: Path) -> None:
    runner, clock = _runner(store, tmp_path)
    runner.feed([event("ann", "Checkout Started", START)])
    runner.feed([event("ann", "Checkout Started", START)])  # no second entry while active
    runner.feed([event("ann", "Order Completed", START + timedelta(hours=2))])
    runner.feed([event("ann", "Account Deleted", START + timedelta(hours=2))])
    row = _one(
        store, "SELECT entries, status, converted_at FROM automation_states WHERE person_id = 'ann'"
    )
    assert row[:2] == (1, "exited")
    assert row[2] is not None
    clock.advance(timedelta(days=1))
    runner.feed([event("ann", "Checkout Started", clock.now())])
    assert _one(store, "SELECT entries FROM automation_states WHERE person_id = 'ann'") == (
        1,
    )  # re-entry only after 3 days
    clock.advance(timedelta(days=3))
    runner.feed([event("ann", "Checkout Started", clock.now())])
    assert _one(
        store, "SELECT entries, status, converted_at FROM automation_states WHERE person_id = 'ann'"
    ) == (2, "active", None)


def test_a_restart_resumes_waiting_persons(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    with Store.open(url) as store:
        runner, clock = _runner(store, tmp_path)
        runner.feed([event("bob", "Checkout Started", START)])
    with Store.open(url) as store:
        runner, clock = _runner(store, tmp_path)
        clock.advance(timedelta(hours=1))
        runner.tick()
        runner.tick()
    assert [line["person_id"] for line in outbox_lines(tmp_path / "outbox.jsonl")] == ["bob"]


class _Flaky:
    """A channel that fails `failures` times, then takes messages."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.sent: list[str] = []

    def send(self, message: Outgoing) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise ChannelError("server down")
        self.sent.append(message.key)

    def delivered(self, key: str) -> bool | None:
        return None


@pytest.mark.parametrize(("failures", "status"), [(2, "sent"), (9, "failed")])
def test_channel_errors_are_retried_with_the_same_key(
    store: Store, tmp_path: Path, failures: int, status: str
) -> None:
    chain = "automation: 1\nid: t\nentry: {event: Go}\nsteps:\n  - {id: s, send: m}\n"
    chain += "messages:\n  m: {channel: email, transactional: true, text: {en: hi}}\n"
    folder = write_folder(tmp_path / "automations", {"t.yaml": chain}, SETTINGS)
    automations = load(folder)
    flaky = _Flaky(failures)
    runner = Runner(
        store,
        automations,
        {"email": flaky},
        clock=(clock := FakeClock(START)),
        profiles=MemoryProfiles(PROFILES),
    )
    runner.feed([event("bob", "Go", START)])
    fast_forward(runner, clock, START + timedelta(days=1))
    row = _one(store, "SELECT status, attempts FROM automation_sends")
    assert row == (status, min(failures, 5))
    assert len(flaky.sent) == (1 if status == "sent" else 0)


class _Staged:
    """A two-stage channel (as SMTP): notes what the runner recorded at each stage."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seen: list[tuple[str, object]] = []

    def _status(self) -> object:
        return _one(self.store, "SELECT status FROM automation_sends")[0]

    def stage(self, message: Outgoing) -> _Staged:
        self.seen.append(("stage", self._status()))
        return self

    def commit(self) -> None:
        self.seen.append(("commit", self._status()))

    def close(self) -> None:
        self.seen.append(("close", self._status()))

    def send(self, message: Outgoing) -> None:  # not used: the runner stages
        raise AssertionError

    def delivered(self, key: str) -> bool | None:
        return None


def test_a_staged_send_is_recorded_sent_before_the_session_ends(
    store: Store, tmp_path: Path
) -> None:
    """The intent is durable before the last step (SMTP's "."), "sent" before QUIT."""
    chain = "automation: 1\nid: t\nentry: {event: Go}\nsteps:\n  - {id: s, send: m}\n"
    chain += "messages:\n  m: {channel: email, transactional: true, text: {en: hi}}\n"
    automations = load(write_folder(tmp_path / "automations", {"t.yaml": chain}, SETTINGS))
    staged = _Staged(store)
    runner = Runner(
        store,
        automations,
        {"email": staged},
        clock=FakeClock(START),
        profiles=MemoryProfiles(PROFILES),
    )
    runner.feed([event("bob", "Go", START)])
    assert staged.seen == [("stage", "intent"), ("commit", "intent"), ("close", "sent")]
