"""Best send hour: the person's own hours, else her segment's, else everyone's (Braze-style)."""

from __future__ import annotations

from journeymap.personalize.profile_settings import ProfileSettings
from journeymap.personalize.send_hour import best_hour, send_hours

SETTINGS = ProfileSettings(min_person_events=3, min_segment_events=10)
EVERYONE = {"email": {9: 40, 18: 60}, "web": {12: 5}}


def test_enough_own_events_use_the_persons_hour() -> None:
    chosen = send_hours({"email": {7: 2, 21: 1}}, {"email": {10: 50}}, EVERYONE, SETTINGS)
    assert chosen["email"].as_dict() == {"hour": 7, "source": "person", "evidence": 2}


def test_too_few_own_events_fall_back_to_the_segment() -> None:
    chosen = send_hours({"email": {7: 2}}, {"email": {10: 8, 11: 3}}, EVERYONE, SETTINGS)
    assert chosen["email"].as_dict() == {"hour": 10, "source": "segment", "evidence": 8}


def test_thin_segment_falls_back_to_everyone() -> None:
    chosen = send_hours({}, {"email": {10: 9}}, EVERYONE, SETTINGS)
    assert chosen["email"].as_dict() == {"hour": 18, "source": "everyone", "evidence": 60}


def test_no_segment_goes_straight_to_everyone_and_every_channel_gets_an_hour() -> None:
    chosen = send_hours({"web": {3: 4}}, {}, EVERYONE, SETTINGS)
    assert chosen["email"].source == "everyone"
    assert chosen["web"].as_dict() == {"hour": 3, "source": "person", "evidence": 4}
    assert set(chosen) == {"email", "web"}


def test_own_events_on_other_channels_do_not_count() -> None:
    chosen = send_hours({"web": {3: 40}}, {}, EVERYONE, SETTINGS)
    assert chosen["email"].source == "everyone"


def test_ties_go_to_the_earliest_hour() -> None:
    assert best_hour({20: 4, 8: 4, 12: 3}) == (8, 4)
