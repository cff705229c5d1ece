"""Rich output of `journeymap profiles`: the run summary and one readable profile."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import console
from journeymap.i18n import N_, format_number, ngettext, pgettext
from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap
from journeymap.personalize.catalog import Catalog

NO_STAGE = N_("(no stage on the map)")
PREFERRED = {"channel": N_("channel"), "device": N_("device"), "language": N_("language")}
"""The profile's preferences, by the profile field's suffix (`preferred_channel`, ...)."""


def print_summary(data: dict[str, Any]) -> None:
    written, total = format_number(data["written"]), format_number(data["profiles"])
    if data["mode"] == "update":
        line = _("[bold]profiles[/bold] updated: {written} written, {total} in the store")
    else:
        line = _("[bold]profiles[/bold] computed: {written} written, {total} in the store")
    line = line.format(written=written, total=total)
    if data["map"]:
        line += " · " + _("map {map}", map=escape(data["map"]))
    else:
        line += " · " + _("no map (no stages)")
    console.print(line)
    table = Table(_("stage"), _("persons"), title=_("Persons per stage"), title_justify="left")
    for row in data["stages"]:
        label = f"{row['name']} ({row['stage']})" if row["stage"] else _(NO_STAGE)
        table.add_row(escape(label), format_number(row["persons"]))
    console.print(table)
    catalog = data["catalog"]
    if catalog is None:
        return
    console.print(
        _(
            "catalog: {items}; {events} name {seen}",
            items=_items(catalog["items"]),
            events=ngettext(
                "{count} event",
                "{count} events",
                catalog["events_with_items"],
                count=format_number(catalog["events_with_items"]),
            ),
            seen=_items(catalog["items_seen"]),
        )
    )
    if catalog["missing_items"]:
        examples = ", ".join(
            f"{e['item']} ({format_number(e['events'])})" for e in catalog["examples"]
        )
        console.print(
            _(
                "[yellow]{events} events name {items} items missing from the catalog[/yellow] "
                "(kept in interests), e.g. {examples}",
                events=format_number(catalog["missing_events"]),
                items=format_number(catalog["missing_items"]),
                examples=escape(examples),
            )
        )


def print_profile(
    profile: dict[str, Any], journey: JourneyMap | None, catalog: Catalog | None
) -> None:
    console.print(f"[bold]{escape(str(profile['person_id']))}[/bold]")
    console.print(_stage_line(profile, journey))
    console.print(
        _(
            "events {events} · last seen {last_seen} UTC · segment {segment}",
            events=format_number(profile["events"]),
            last_seen=profile["last_seen"],
            segment=escape(str(profile["segment"])),
        )
    )
    _interests(profile["interests"] or {}, catalog)
    _traits(profile["traits"] or {})
    console.print(_rfm_line(profile))
    preferred = [
        f"{_(word)} {escape(str(profile[f'preferred_{kind}']))}"
        for kind, word in PREFERRED.items()
        if profile[f"preferred_{kind}"]
    ]
    if profile["timezone"]:
        preferred.append(_("time zone {zone}", zone=escape(profile["timezone"])))
    if preferred:
        console.print(_("prefers {preferences}", preferences=" · ".join(preferred)))
    _send_hours(profile["send_hours"] or {})


def _stage_line(profile: dict[str, Any], journey: JourneyMap | None) -> str:
    if not profile["stage"]:
        return _("stage: {stage}", stage=_(NO_STAGE))
    stages = {s.id: s.name for s in journey.stages} if journey else {}
    touchpoints = {t.id: t.name for t in journey.touchpoints} if journey else {}
    stage = profile["stage"]
    text = _(
        "stage: [bold]{name}[/bold] ({stage}) since {since} UTC",
        name=escape(stages.get(stage, stage)),
        stage=escape(stage),
        since=profile["stage_since"],
    )
    if profile["last_touchpoint"]:
        touchpoint = profile["last_touchpoint"]
        name = escape(touchpoints.get(touchpoint, touchpoint))
        text += " · " + _("last touchpoint {touchpoint}", touchpoint=name)
    history = profile["stage_history"] or []
    if len(history) > 1:
        path = " → ".join(escape(h["name"]) for h in history)
        text += "\n" + _("path: {path}", path=path)
    return text


def _interests(interests: dict[str, Any], catalog: Catalog | None) -> None:
    items = interests.get("items", [])
    categories = interests.get("categories", [])
    if not items and not categories:
        console.print(_("interests: none yet (no item events)"))
        return
    table = Table(_("interest"), _("kind"), _("score"), title=_("Interests"), title_justify="left")
    for entry in items:
        item = catalog.get(entry["id"]) if catalog else None
        label = f"{item.title} ({entry['id']})" if item else str(entry["id"])
        table.add_row(
            escape(label), pgettext("interest", "item"), format_number(entry["score"], decimals=3)
        )
    for entry in categories:
        score = format_number(entry["score"], decimals=3)
        table.add_row(escape(str(entry["id"])), pgettext("interest", "category"), score)
    console.print(table)


def _traits(traits: dict[str, Any]) -> None:
    if not traits:
        console.print(_("traits: none"))
        return
    shown = " · ".join(f"{escape(str(k))} {escape(str(v))}" for k, v in sorted(traits.items()))
    console.print(_("traits: {traits}", traits=shown))


def _rfm_line(profile: dict[str, Any]) -> str:
    if not profile["frequency"]:
        return _("purchases: none")
    return _(
        "purchases {purchases} · revenue {revenue} · last {days} ago · RFM {rfm}",
        purchases=format_number(profile["frequency"]),
        revenue=format_number(profile["monetary"], decimals=2),
        days=_days(profile["recency_days"]),
        rfm=f"{profile['r_score']}{profile['f_score']}{profile['m_score']}",
    )


def _days(days: float) -> str:
    """`2.5 days`, `2,5 дня`: a number with a decimal takes one form in Russian."""
    return pgettext("with a decimal", "{days} days", days=format_number(days, decimals=1))


def _items(count: int) -> str:
    return ngettext("{count} item", "{count} items", count, count=format_number(count))


def _send_hours(hours: dict[str, Any]) -> None:
    if not hours:
        return
    table = Table(
        _("channel"),
        _("best hour"),
        _("from"),
        _("events"),
        title=_("Send hours"),
        title_justify="left",
    )
    for channel, hour in sorted(hours.items()):
        table.add_row(
            escape(channel),
            f"{hour['hour']:02d}:00 UTC",
            hour["source"],
            format_number(hour["evidence"]),
        )
    console.print(table)
