"""One send step, with every rule a message must pass and the protocol that never sends a
message twice across a crash:

1. checks, each recorded as `skipped` with its reason when it fails: unsubscribe (events,
   the chain's list from an unsubscribe link, and the trait `unsubscribed` /
   `unsubscribed_<channel>`), consent (opt-in workspaces: the trait
   `consent_<channel>: true`), an address; timing (quiet hours, best hour: the step waits on a
   timer instead); frequency caps (non-transactional only);
2. the template is rendered whole; a failure is recorded as `quarantined` with the reason and
   nothing is sent;
3. the intent is recorded (`intent`, committed) *before* the message leaves;
4. the channel gets the message with its idempotency key (e-mail `Message-ID`, webhook
   `Idempotency-Key`, outbox `key`); SMTP in two stages (`channels.SmtpChannel.stage`): the
   session, the envelope and the message but its final "." first, then the "." and the 250;
5. `sent` is recorded, for SMTP right after the 250 and before QUIT; the SMTP channel has
   already noted the key in its fdatasynced journal (`channels.DeliveredJournal`) the moment
   the 250 arrived, and `delivered` finds it after a crash, so only a crash between the
   server taking the message and that note leaves a message the server holds and the runner
   does not know it sent. A channel error leaves `intent` and retries with the same key later
   (5 minutes, then twice as long each time, outside quiet hours); after `MAX_ATTEMPTS` errors
   the send is `failed`.

After a crash the same step runs again and finds its key: `sent`, `skipped` or `quarantined`:
nothing more to do; `intent`: in doubt. The outbox knows whether it holds the key; SMTP and
webhooks do not, so the message goes again with the same key, and the receiver (the SMTP sink
or ESP deduplicating by Message-ID, the webhook by Idempotency-Key) keeps one copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from journeymap.orchestrate.chain import Chain, Message, Step
from journeymap.orchestrate.channels import Channel, ChannelError, Outgoing, StagedSend
from journeymap.orchestrate.conditions import profile_value
from journeymap.orchestrate.settings import AutomationSettings
from journeymap.orchestrate.state import PersonState, StateStore
from journeymap.orchestrate.templates import TemplateRenderError, render_message
from journeymap.orchestrate.timing import after_quiet_hours, best_hour_time, zone
from journeymap.orchestrate.unsubscribe import unsubscribe_token

MAX_ATTEMPTS = 5
"""Channel errors a send may meet before it is recorded as `failed`."""
RETRY_AFTER = timedelta(minutes=5)
"""The first retry's wait after a channel error; each next one waits twice as long."""
Recommend = Callable[[str, Mapping[str, Any]], list[dict[str, Any]]]
"""(person id, profile) -> recommendations as `{item, reason, ...}` for the templates."""


def no_recommendations(person_id: str, profile: Mapping[str, Any]) -> list[dict[str, Any]]:
    return []


def send_key(chain_id: str, person_id: str, entries: int, step_id: str) -> str:
    """The idempotency key of a send: one per chain, person, entry and step."""
    text = "\x1f".join((chain_id, person_id, str(entries), step_id))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class SendOutcome:
    status: str
    """sent, skipped, quarantined, failed or deferred."""
    reason: str | None = None
    wake_at: datetime | None = None


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "yes", "1"))


def blocked_by_consent(
    profile: Mapping[str, Any], channel: str, settings: AutomationSettings, suppressed: bool
) -> str | None:
    """Why the person must not get a message on `channel`, or None."""
    traits = profile.get("traits") or {}
    if suppressed or _truthy(traits.get("unsubscribed")):
        return "unsubscribed"
    if _truthy(traits.get(f"unsubscribed_{channel}")):
        return "unsubscribed"
    if settings.consent == "opt-in" and not _truthy(traits.get(f"consent_{channel}")):
        return "no consent"
    return None


def _localized(parts: dict[str, str], language: str, fallback: str) -> str | None:
    return parts.get(language) or parts.get(fallback) or next(iter(parts.values()), None)


def _utc_send_hour(profile: Mapping[str, Any], channel: str) -> int | None:
    hours = profile.get("send_hours") or {}
    found = hours.get(channel) if isinstance(hours, dict) else None
    hour = found.get("hour") if isinstance(found, dict) else found
    return int(hour) if isinstance(hour, int) else None


@dataclass
class Sender:
    states: StateStore
    settings: AutomationSettings
    channels: Mapping[str, Channel]
    recommend: Recommend = no_recommendations

    def send(
        self,
        chain: Chain,
        step: Step,
        state: PersonState,
        profile: Mapping[str, Any],
        now: datetime,
        *,
        deferred: bool,
    ) -> SendOutcome:
        assert step.send is not None
        message = chain.messages[step.send]
        key = send_key(chain.id, state.person_id, state.entries, step.id)
        status = self.states.send_status(key)
        channel = self.channels[message.channel]
        if status == "intent" and channel.delivered(key):
            self._record(key, state, step, message, "sent", None, now)
            return SendOutcome("sent")
        if status not in (None, "intent"):
            return SendOutcome(status)
        if status is None:
            blocked = self._check(chain, step, state, profile, message, now, deferred=deferred)
            if blocked is not None:
                if blocked.status != "deferred":
                    self._record(key, state, step, message, blocked.status, blocked.reason, now)
                return blocked
        try:
            outgoing = self._compose(chain, message, state, profile, key, now)
        except TemplateRenderError as exc:
            self._record(key, state, step, message, "quarantined", exc.reason, now)
            return SendOutcome("quarantined", exc.reason)
        if status is None:
            self._record(key, state, step, message, "intent", None, now)
        stage = getattr(channel, "stage", None)
        try:
            if stage is None:
                channel.send(outgoing)
            else:  # SMTP: the message waits at the server for its last "." until now
                staged: StagedSend = stage(outgoing)
                try:
                    staged.commit()
                    # "sent" at once after the 250: only this commit is in doubt on a crash
                    self._record(key, state, step, message, "sent", None, now)
                finally:
                    staged.close()
                return SendOutcome("sent")
        except ChannelError as exc:
            return self._retry_or_fail(key, state, step, message, profile, str(exc), now)
        self._record(key, state, step, message, "sent", None, now)
        return SendOutcome("sent")

    def _retry_or_fail(  # noqa: PLR0917 - the facts of one failed send
        self,
        key: str,
        state: PersonState,
        step: Step,
        message: Message,
        profile: Mapping[str, Any],
        reason: str,
        now: datetime,
    ) -> SendOutcome:
        """A channel error: try again later with the same key (backoff from `RETRY_AFTER`,
        doubling, outside quiet hours), `MAX_ATTEMPTS` times in all, then `failed`."""
        attempts = self.states.attempt_failed(key, reason)
        if attempts >= MAX_ATTEMPTS:
            self._record(key, state, step, message, "failed", reason, now)
            return SendOutcome("failed", reason)
        wake = now + RETRY_AFTER * 2 ** (attempts - 1)
        if not message.transactional:
            tz = zone(profile.get("timezone"), self.settings.default_timezone)
            wake = after_quiet_hours(wake, self.settings.quiet_hours, tz)
        return SendOutcome("deferred", reason, wake_at=wake)

    def _check(  # noqa: PLR0917 - the facts a rule may need
        self,
        chain: Chain,
        step: Step,
        state: PersonState,
        profile: Mapping[str, Any],
        message: Message,
        now: datetime,
        *,
        deferred: bool,
    ) -> SendOutcome | None:
        settings = self.settings
        suppressed = self.states.suppressed(state.person_id, message.channel, chain.id)
        reason = blocked_by_consent(profile, message.channel, settings, suppressed)
        if reason is not None:
            return SendOutcome("skipped", reason)
        if not self._address(profile, state, message):
            return SendOutcome("skipped", "no address")
        if message.transactional:
            return None
        tz = zone(profile.get("timezone"), settings.default_timezone)
        moment = now
        if message.best_hour and not deferred:
            hour = _utc_send_hour(profile, message.channel)
            moment = best_hour_time(now, hour, tz, settings.default_send_hour)
        moment = after_quiet_hours(moment, settings.quiet_hours, tz)
        if moment > now:
            return SendOutcome("deferred", wake_at=moment)
        for cap in settings.caps:
            if self.states.marketing_sends_since(state.person_id, now - cap.per) >= cap.messages:
                return SendOutcome("skipped", "cap")
        return None

    def _address(self, profile: Mapping[str, Any], state: PersonState, message: Message) -> str:
        config = self.settings.channels[message.channel]
        if config.address == "person_id":
            return state.person_id
        value = profile_value(profile, config.address)
        return str(value) if value else ""

    def _compose(  # noqa: PLR0917 - the facts of one message
        self,
        chain: Chain,
        message: Message,
        state: PersonState,
        profile: Mapping[str, Any],
        key: str,
        now: datetime,
    ) -> Outgoing:
        language = str(profile.get("preferred_language") or chain.language)[:2]
        if language not in message.text:
            fallback = next(iter(message.text))
            language = chain.language if chain.language in message.text else fallback
        days = self.settings.unsubscribe_token_days
        token = unsubscribe_token(
            state.person_id,
            chain.id,
            self.settings.unsubscribe_secret_env,
            expires_at=now + timedelta(days=days) if days else None,
        )
        unsubscribe_url = self.settings.unsubscribe_url.replace("{token}", token)
        items = state.context.get("products") or state.context.get("items") or []
        context = {
            "profile": profile,
            "person_id": state.person_id,
            "event": state.context,
            "items": items,
            "recommendations": self.recommend(state.person_id, profile),
            "unsubscribe_url": unsubscribe_url,
            "chain": chain.id,
            "language": language,
        }
        subject = _localized(message.subject, language, chain.language) or ""
        text = _localized(message.text, language, chain.language) or ""
        html = _localized(message.html, language, chain.language)
        rendered = render_message(subject, text, html, context)
        return Outgoing(
            key=key,
            chain=chain.id,
            person_id=state.person_id,
            channel=message.channel,
            address=self._address(profile, state, message),
            language=language,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            unsubscribe_url=unsubscribe_url,
        )

    def _record(  # noqa: PLR0917 - one row's facts
        self,
        key: str,
        state: PersonState,
        step: Step,
        message: Message,
        status: str,
        reason: str | None,
        now: datetime,
    ) -> None:
        assert step.send is not None
        self.states.record_send(
            key,
            state,
            step_id=step.id,
            message_id=step.send,
            channel=message.channel,
            transactional=message.transactional,
            status=status,
            reason=reason,
            now=now,
        )
