"""What the customer 360 page shows of one person, gathered from library functions: her record
and profile (`personalize`), her timeline laid onto the map's stages, her survey answers and her
recommendations with reasons (`serving_source`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymap.web.serving_source import recommend, serving_for

if TYPE_CHECKING:
    import ibis

    from journeymap.model import JourneyMap
    from journeymap.model.workspace import Workspace
    from journeymap.personalize.profile_one import OneProfile
    from journeymap.store import Store

TIMELINE = 200
"""Latest events shown."""


def profile_here(
    store: Store, journey: JourneyMap, workspace: Workspace, person_id: str
) -> OneProfile:
    """Her stored profile for the map, or, when the map's profiles were never computed, hers
    built alone (seconds at a million events, then kept in memory for her next visits until
    new events arrive: `profile_memory`; everyone's build is `journeymap profiles`, which the
    page names instead of running it)."""
    from journeymap.personalize.catalog import CatalogError, load_catalog
    from journeymap.personalize.strategies.one_person import profile_inputs
    from journeymap.web.profile_memory import kept_profile

    try:
        catalog = load_catalog(workspace)
    except CatalogError:
        catalog = None
    inputs = profile_inputs(store, journey, catalog)
    return kept_profile(store, workspace, journey, inputs, person_id)


def person_360(
    store: Store, workspace: Workspace, journey: JourneyMap, person_id: str, language: str
) -> dict[str, Any]:
    from journeymap.analytics.bind import bind_events
    from journeymap.analytics.person_timeline import person_timeline
    from journeymap.analytics.segmentation import person_column
    from journeymap.personalize.person_search import person_record

    profile = profile_here(store, journey, workspace, person_id)
    # her events first, then bound and read: the engine does not push the person filter below
    # the binding, which then ran over every event (seconds at a million)
    everyone = store.events()
    mine = everyone.filter(person_column(everyone) == person_id)
    events = person_timeline(bind_events(mine, journey), person_id, limit=TIMELINE)
    serving = serving_for(workspace, store, journey)
    state = serving.for_person(store, person_id, profile)
    items = recommend(state, person_id, stage=None, language=language) if state is not None else []
    return {
        "person": person_record(store, person_id),
        "profile": _profile(profile.profile),
        "profile_source": "stored" if profile.stored else "alone",
        "timeline": by_stage(events, journey),
        "timeline_limit": TIMELINE,
        "timeline_count": len(events),
        "feedback": _feedback(mine, person_id),
        "recommendations": {
            "source": "prepared" if serving.prepared else "computed",
            "problem": serving.problem,
            "items": items,
        },
    }


def by_stage(events: list[dict[str, Any]], journey: JourneyMap) -> list[dict[str, Any]]:
    """The events grouped by the stage each binds to, in the map's order; unbound ones last."""
    groups: list[dict[str, Any]] = [
        {"stage": s.id, "name": s.name, "events": [e for e in events if e.get("stage") == s.id]}
        for s in journey.stages
    ]
    known = {s.id for s in journey.stages}
    groups.append(
        {"stage": None, "name": None, "events": [e for e in events if e.get("stage") not in known]}
    )
    return [g for g in groups if g["events"]]


def _profile(profile: dict[str, Any] | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    keep = (
        "stage", "stage_since", "last_touchpoint", "events", "segment", "interests",
        "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score",
        "preferred_channel", "preferred_language", "timezone", "send_hours", "stage_history",
    )  # fmt: skip
    return {key: profile.get(key) for key in keep}


def _feedback(events: ibis.Table, person_id: str) -> list[dict[str, Any]]:
    from journeymap.analytics.feedback.from_events import feedback_from_events

    answers = feedback_from_events(events)
    mine = answers.filter(answers.person_id == person_id).order_by("timestamp")
    columns = ("timestamp", "kind", "score", "text", "touchpoint", "stage")
    rows: list[dict[str, Any]] = mine.select(*columns).to_pyarrow().to_pylist()
    return rows
