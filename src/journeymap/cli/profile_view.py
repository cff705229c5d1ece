"""Rich output of `journeymap profiles`: the run summary and one readable profile."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import console
from journeymap.model import JourneyMap
from journeymap.personalize.catalog import Catalog

NO_STAGE = "(no stage on the map)"


def print_summary(data: dict[str, Any]) -> None:
    mode = "updated" if data["mode"] == "update" else "computed"
    console.print(
        f"[bold]profiles[/bold] {mode}: {data['written']:,} written, "
        f"{data['profiles']:,} in the store"
        + (f" · map {escape(data['map'])}" if data["map"] else " · no map (no stages)")
    )
    table = Table("stage", "persons", title="Persons per stage", title_justify="left")
    for row in data["stages"]:
        label = f"{row['name']} ({row['stage']})" if row["stage"] else NO_STAGE
        table.add_row(escape(label), f"{row['persons']:,}")
    console.print(table)
    catalog = data["catalog"]
    if catalog is None:
        return
    console.print(
        f"catalog: {catalog['items']:,} items; {catalog['events_with_items']:,} events name "
        f"{catalog['items_seen']:,} items"
    )
    if catalog["missing_items"]:
        examples = ", ".join(f"{e['item']} ({e['events']:,})" for e in catalog["examples"])
        console.print(
            f"[yellow]{catalog['missing_events']:,} events name {catalog['missing_items']:,} "
            f"items missing from the catalog[/yellow] (kept in interests), e.g. {escape(examples)}"
        )


def print_profile(
    profile: dict[str, Any], journey: JourneyMap | None, catalog: Catalog | None
) -> None:
    console.print(f"[bold]{escape(str(profile['person_id']))}[/bold]")
    console.print(_stage_line(profile, journey))
    console.print(
        f"events {profile['events']:,} · last seen {profile['last_seen']} UTC · "
        f"segment {escape(str(profile['segment']))}"
    )
    _interests(profile["interests"] or {}, catalog)
    _traits(profile["traits"] or {})
    console.print(_rfm_line(profile))
    preferred = [
        f"{kind} {escape(str(profile[f'preferred_{kind}']))}"
        for kind in ("channel", "device", "language")
        if profile[f"preferred_{kind}"]
    ]
    if profile["timezone"]:
        preferred.append(f"time zone {escape(profile['timezone'])}")
    if preferred:
        console.print("prefers " + " · ".join(preferred))
    _send_hours(profile["send_hours"] or {})


def _stage_line(profile: dict[str, Any], journey: JourneyMap | None) -> str:
    if not profile["stage"]:
        return f"stage: {NO_STAGE}"
    stages = {s.id: s.name for s in journey.stages} if journey else {}
    touchpoints = {t.id: t.name for t in journey.touchpoints} if journey else {}
    stage = profile["stage"]
    text = f"stage: [bold]{escape(stages.get(stage, stage))}[/bold] ({escape(stage)})"
    text += f" since {profile['stage_since']} UTC"
    if profile["last_touchpoint"]:
        touchpoint = profile["last_touchpoint"]
        text += f" · last touchpoint {escape(touchpoints.get(touchpoint, touchpoint))}"
    history = profile["stage_history"] or []
    if len(history) > 1:
        text += "\npath: " + " → ".join(escape(h["name"]) for h in history)
    return text


def _interests(interests: dict[str, Any], catalog: Catalog | None) -> None:
    items = interests.get("items", [])
    categories = interests.get("categories", [])
    if not items and not categories:
        console.print("interests: none yet (no item events)")
        return
    table = Table("interest", "kind", "score", title="Interests", title_justify="left")
    for entry in items:
        item = catalog.get(entry["id"]) if catalog else None
        label = f"{item.title} ({entry['id']})" if item else str(entry["id"])
        table.add_row(escape(label), "item", f"{entry['score']:.3f}")
    for entry in categories:
        table.add_row(escape(str(entry["id"])), "category", f"{entry['score']:.3f}")
    console.print(table)


def _traits(traits: dict[str, Any]) -> None:
    if not traits:
        console.print("traits: none")
        return
    shown = " · ".join(f"{escape(str(k))} {escape(str(v))}" for k, v in sorted(traits.items()))
    console.print(f"traits: {shown}")


def _rfm_line(profile: dict[str, Any]) -> str:
    if not profile["frequency"]:
        return "purchases: none"
    return (
        f"purchases {profile['frequency']:,} · revenue {profile['monetary']:,.2f} · last "
        f"{profile['recency_days']:.1f} days ago · RFM {profile['r_score']}"
        f"{profile['f_score']}{profile['m_score']}"
    )


def _send_hours(hours: dict[str, Any]) -> None:
    if not hours:
        return
    table = Table(
        "channel", "best hour", "from", "events", title="Send hours", title_justify="left"
    )
    for channel, hour in sorted(hours.items()):
        table.add_row(
            escape(channel), f"{hour['hour']:02d}:00 UTC", hour["source"], f"{hour['evidence']:,}"
        )
    console.print(table)
