"""The runner: moves persons through chains as events arrive and as their timers come due.

It is event-driven: `feed(events)` takes new events (the loader calls `feed_new(store)` after
each batch, which reads only the events stored since the runner's cursor), and `tick()` runs
the timers that are due (and date entries). There is no scan of everyone: a person is touched
when one of her events arrives or her timer rings. Every change is written to the store before
the next one, so a restart resumes every waiting person where she was.

Order of things for one event and one chain: the goal (conversion within the window), then the
exit criteria, then a wait that the event ends, then entry (when re-entry rules allow it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from journeymap.model.journey import JourneyMap
from journeymap.orchestrate.chain import EXIT, Chain, Criterion, Step, When
from journeymap.orchestrate.channels import Channel
from journeymap.orchestrate.clock import Clock, SystemClock
from journeymap.orchestrate.conditions import EventMatch, ProfileMatch, profile_value
from journeymap.orchestrate.entries import starts
from journeymap.orchestrate.holdout import in_global_holdout, in_holdout, pick_arm
from journeymap.orchestrate.load import Automations
from journeymap.orchestrate.profiles import Profile, Profiles, StoreProfiles
from journeymap.orchestrate.sending import Recommend, Sender, no_recommendations
from journeymap.orchestrate.state import PersonState, StateStore, chain_scope
from journeymap.orchestrate.timing import delay_until, zone
from journeymap.orchestrate.unsubscribe import UNSUBSCRIBE_EVENT
from journeymap.store import Store

MAX_STEPS_AT_ONCE = 200
"""A guard against a chain whose gotos loop without a delay or a wait."""
CURSOR = "runner"


@dataclass
class RunReport:
    """What a `feed` or `tick` did."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, other: RunReport) -> RunReport:
        self.counts.update(other.counts)
        return self


def normalize(event: Mapping[str, Any]) -> dict[str, Any]:
    """A store row or a Segment-style dict as the runner reads it: decoded properties, an
    aware UTC timestamp and a person id."""
    row = dict(event)
    for column in ("properties", "context", "traits"):
        if isinstance(row.get(column), str):
            try:
                row[column] = json.loads(row[column])
            except ValueError:
                row[column] = {}
    stamp = row.get("timestamp")
    if isinstance(stamp, str):
        stamp = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if isinstance(stamp, datetime):
        row["timestamp"] = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp
    row["person_id"] = row.get("person_id") or row.get("user_id") or row.get("anonymous_id")
    return row


class Runner:
    def __init__(
        self,
        store: Store,
        automations: Automations,
        channels: Mapping[str, Channel],
        *,
        clock: Clock | None = None,
        profiles: Profiles | None = None,
        recommend: Recommend = no_recommendations,
        maps: Mapping[str, JourneyMap] | None = None,
        events: Store | None = None,
    ) -> None:
        """`store` keeps the runner's state (a DuckDB store); `events` is the store whose
        events and profiles it reads (default: the same; a Spark store reads through Ibis,
        `ibis_source`)."""
        self.store = store
        self.events_store = events or store
        self.automations = automations
        self.clock = clock or SystemClock()
        self.states = StateStore(store)
        if profiles is None and self.events_store.engine != "duckdb":
            from journeymap.orchestrate.ibis_source import IbisProfiles

            profiles = IbisProfiles(self.events_store)
        self.profiles = profiles or StoreProfiles(self.events_store)
        self.maps = dict(maps or {})
        self.sender = Sender(self.states, automations.settings, channels, recommend)
        self._dates_scanned: datetime | None = None
        """The hour of the last pass over the profiles for date entries (once an hour)."""

    # events

    def feed(self, events: Iterable[Mapping[str, Any]]) -> RunReport:
        report = RunReport()
        for raw in events:
            event = normalize(raw)
            if event["person_id"]:
                self._one_event(event, report)
        return report

    def feed_new(self, batch: int = 10_000) -> RunReport:
        """Feed the events stored since the last call (by `events.seq`): the loader's hook."""
        report = RunReport()
        while True:
            rows = self._events_after(self.states.cursor(CURSOR), batch)
            if not rows:
                return report
            self._prefetch(str(normalize(row)["person_id"]) for row in rows)
            report.add(self.feed(rows))
            self.states.set_cursor(CURSOR, int(rows[-1]["seq"]))

    def _events_after(self, last: int, batch: int) -> list[dict[str, Any]]:
        if self.events_store.engine != "duckdb":
            from journeymap.orchestrate.ibis_source import events_after

            return events_after(self.events_store, last, batch)
        cursor = self.events_store.duckdb.execute(
            "SELECT person_id, user_id, anonymous_id, type, event, channel, timestamp, "
            "properties, seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
            [last, batch],
        )
        names = [column[0] for column in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _prefetch(self, person_ids: Iterable[str]) -> None:
        """Profiles read a batch at a time where one query per person is slow (Spark)."""
        prefetch = getattr(self.profiles, "prefetch", None)
        if prefetch is not None:
            prefetch(person_ids)

    def _one_event(self, event: dict[str, Any], report: RunReport) -> None:
        person_id = str(event["person_id"])
        now = self.clock.now()
        if event.get("event") == UNSUBSCRIBE_EVENT:
            self._unsubscribe(person_id, event.get("properties") or {}, now)
            report.counts["unsubscribed"] += 1
        profile = self.profiles.get(person_id) or {}
        for chain in self.automations.chains:
            state = self.states.get(chain.id, person_id)
            if state is not None:
                self._goal(chain, state, event, now, report)
                if state.active and self._exits(chain.exit, event, profile):
                    self._finish(state, "exited", "exit criteria", now, report)
                elif state.active and state.waiting:
                    self._wait_match(chain, state, event, profile, now, report)
            if starts(chain, event, profile, self.maps) and self._may_enter(chain, state, now):
                self._enter(chain, person_id, event.get("properties") or {}, profile, now, report)

    def _unsubscribe(self, person_id: str, properties: Mapping[str, Any], now: datetime) -> None:
        """Suppress the person for one chain (`chain`, the list of an unsubscribe link), one
        channel (`channel`) or everything; `person_id` of the properties (a signed link's
        person) wins over the event's."""
        person = str(properties.get("person_id") or person_id)
        if properties.get("chain"):
            scope = chain_scope(str(properties["chain"]))
        else:
            scope = str(properties.get("channel") or "*")
        self.states.suppress(person, scope, "event", now)

    def _goal(
        self,
        chain: Chain,
        state: PersonState,
        event: Mapping[str, Any],
        now: datetime,
        report: RunReport,
    ) -> None:
        goal = chain.goal
        if goal is None or state.converted_at is not None:
            return
        stamp = event.get("timestamp") or now
        if (
            goal.as_match().matches(event)
            and state.entered_at <= stamp <= state.entered_at + goal.window
        ):
            state.converted_at = stamp
            self.states.put(state, now)
            report.counts["converted"] += 1

    @staticmethod
    def _exits(criteria: list[Criterion], event: Mapping[str, Any], profile: Profile) -> bool:
        for criterion in criteria:
            if criterion.event is not None and not EventMatch(
                event=criterion.event, properties=criterion.properties
            ).matches(event):
                continue
            if ProfileMatch(profile=criterion.profile).matches(profile):
                return True
        return False

    def _wait_match(  # noqa: PLR0917 - the facts of one event
        self,
        chain: Chain,
        state: PersonState,
        event: Mapping[str, Any],
        profile: Profile,
        now: datetime,
        report: RunReport,
    ) -> None:
        step = chain.steps[state.step]
        if step.wait is None or not step.wait.as_match().matches(event):
            return
        state.waiting = False
        state.wake_at = None
        report.counts["wait matched"] += 1
        self._goto(chain, state, step.wait.on_match, now, report)
        self._advance(chain, state, profile, now, report)

    def _may_enter(self, chain: Chain, state: PersonState | None, now: datetime) -> bool:
        if state is None:
            return True
        if state.active or not chain.re_entry.allowed:
            return False
        rules = chain.re_entry
        if rules.max_entries is not None and state.entries >= rules.max_entries:
            return False
        return rules.after is None or now - state.entered_at >= rules.after

    def _enter(  # noqa: PLR0917 - the facts of one entry
        self,
        chain: Chain,
        person_id: str,
        context: Mapping[str, Any],
        profile: Profile,
        now: datetime,
        report: RunReport,
    ) -> None:
        previous = self.states.get(chain.id, person_id)
        entries = previous.entries + 1 if previous else 1
        settings = self.automations.settings
        if in_global_holdout(person_id, settings.global_holdout):
            group = "global-holdout"
        elif in_holdout(person_id, chain.id, chain.holdout):
            group = "holdout"
        else:
            group = "treatment"
        state = PersonState(
            chain_id=chain.id,
            person_id=person_id,
            entries=entries,
            grp=group,
            status="active" if group == "treatment" else "held",
            step=0,
            wake_at=None,
            waiting=False,
            context=dict(context),
            entered_at=now,
        )
        report.counts[f"entered {group}"] += 1
        self.states.put(state, now)
        self._advance(chain, state, profile, now, report)

    # timers

    def tick(self) -> RunReport:
        """Run every timer that is due now (and the date entries of today)."""
        now = self.clock.now()
        report = RunReport()
        self._date_entries(now, report)
        due = self.states.due(now)
        self._prefetch(state.person_id for state in due)
        for state in due:
            chain = self._chain(state.chain_id)
            if chain is None:
                continue  # the chain's file was removed: its persons wait until it is back
            profile = self.profiles.get(state.person_id) or {}
            self._advance(chain, state, profile, now, report)
        return report

    def _chain(self, chain_id: str) -> Chain | None:
        return next((c for c in self.automations.chains if c.id == chain_id), None)

    def _date_entries(self, now: datetime, report: RunReport) -> None:
        chains = [c for c in self.automations.chains if c.entry.date is not None]
        hour = now.replace(minute=0, second=0, microsecond=0)
        if not chains or self._dates_scanned == hour:
            return
        self._dates_scanned = hour
        for profile in self.profiles.all():
            person_id = str(profile.get("person_id"))
            for chain in chains:
                if self._date_due(chain, profile, now):
                    state = self.states.get(chain.id, person_id)
                    if state is not None and state.entered_at.date() == now.date():
                        continue
                    if self._may_enter(chain, state, now):
                        self._enter(chain, person_id, {}, profile, now, report)

    def _date_due(self, chain: Chain, profile: Profile, now: datetime) -> bool:
        entry = chain.entry
        value = profile_value(profile, entry.date or "")
        try:
            day = datetime.fromisoformat(str(value)).date()
        except ValueError:
            return False
        local = now.astimezone(
            zone(profile.get("timezone"), self.automations.settings.default_timezone)
        )
        target = local.date() + entry.before if entry.before else local.date()
        if entry.yearly:
            return (day.month, day.day) == (target.month, target.day)
        return day == target

    # steps

    def _goto(
        self,
        chain: Chain,
        state: PersonState,
        target: str | None,
        now: datetime,
        report: RunReport,
    ) -> None:
        if target == EXIT:
            self._finish(state, "exited", "goto exit", now, report)
        elif target is None:
            state.step += 1
        else:
            state.step = chain.step_index(target)

    def _finish(
        self,
        state: PersonState,
        status: str,
        reason: str | None,
        now: datetime,
        report: RunReport,
    ) -> None:
        state.status = status
        state.exit_reason = reason
        state.wake_at = None
        state.waiting = False
        self.states.put(state, now)
        report.counts[status] += 1

    def _advance(
        self,
        chain: Chain,
        state: PersonState,
        profile: Profile,
        now: datetime,
        report: RunReport,
    ) -> None:
        for _guard in range(MAX_STEPS_AT_ONCE):
            if not state.active:
                return
            if state.step >= len(chain.steps):
                self._finish(state, "done", None, now, report)
                return
            if state.wake_at is not None and state.wake_at > now:
                self.states.put(state, now)
                return
            step = chain.steps[state.step]
            if not self._run_step(chain, step, state, profile, now, report):
                self.states.put(state, now)
                return
        self._finish(state, "exited", "too many steps without a delay", now, report)

    def _run_step(  # noqa: PLR0917 - one return per kind of step
        self,
        chain: Chain,
        step: Step,
        state: PersonState,
        profile: Profile,
        now: datetime,
        report: RunReport,
    ) -> bool:
        """Run one step; False when the person now waits (on a timer or an event)."""
        timer_rang = state.wake_at is not None
        state.wake_at = None
        if step.delay is not None:
            if not timer_rang:
                tz = zone(profile.get("timezone"), self.automations.settings.default_timezone)
                state.wake_at = delay_until(now, step.delay, tz)
                return False
            self._goto(chain, state, step.goto, now, report)
            return True
        if step.wait is not None:
            if not timer_rang:
                state.wake_at = now + step.wait.timeout
                state.waiting = True
                return False
            state.waiting = False
            report.counts["wait timed out"] += 1
            self._goto(chain, state, step.wait.on_timeout, now, report)
            return True
        if step.branch is not None:
            target = next(
                (
                    case.goto
                    for case in step.branch
                    if case.when is None or self._holds(case.when, state, profile)
                ),
                None,
            )
            self._goto(chain, state, target or step.goto, now, report)
            return True
        if step.split is not None:
            arm = pick_arm(
                [a.weight for a in step.split],
                chain.id,
                state.person_id,
                str(state.entries),
                step.id,
            )
            self._goto(chain, state, step.split[arm].goto, now, report)
            return True
        if step.send is not None:
            outcome = self.sender.send(chain, step, state, profile, now, deferred=timer_rang)
            if outcome.status == "deferred":
                state.wake_at = outcome.wake_at
                report.counts["deferred"] += 1
                return False
            report.counts[outcome.status] += 1
            self._goto(chain, state, step.goto, now, report)
            return True
        self._finish(state, "exited", "exit step", now, report)
        return True

    def _holds(self, when: When, state: PersonState, profile: Profile) -> bool:
        if not ProfileMatch(profile=when.profile).matches(profile):
            return False
        if when.event is None:
            return True
        return self._did_since(state, EventMatch(event=when.event, properties=when.properties))

    def _did_since(self, state: PersonState, match: EventMatch) -> bool:
        """Whether the person did the event since she entered (read from the store)."""
        since = state.entered_at.replace(tzinfo=None)
        if self.events_store.engine != "duckdb":
            from journeymap.orchestrate.ibis_source import person_events

            rows = person_events(self.events_store, state.person_id, match.event, since)
        else:
            rows = self.events_store.duckdb.execute(
                "SELECT event, properties FROM events WHERE person_id = ? AND event = ? "
                "AND timestamp >= ?",
                [state.person_id, match.event, since],
            ).fetchall()
        return any(
            match.matches({"event": e, "properties": json.loads(p or "{}")}) for e, p in rows
        )
