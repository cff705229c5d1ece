"""XES process logs: cases are persons, activities are events, attributes are kept."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

from journeymap.events.ingest import ingest_file
from journeymap.store import Store
from tests.events.conftest import rows

LOG = """<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="concept:name" value="UNKNOWN"/></global>
  <string key="origin" value="test"/>
  <trace>
    <string key="concept:name" value="case-1"/>
    <string key="channel" value="Post"/>
    <int key="amount" value="5000"/>
    <event>
      <string key="concept:name" value="Submit"/>
      <string key="lifecycle:transition" value="complete"/>
      <string key="org:resource" value="112"/>
      <date key="time:timestamp" value="2011-10-01T00:38:44.546+02:00"/>
      <float key="score" value="0.5"/>
      <boolean key="urgent" value="true"/>
    </event>
    <event>
      <string key="concept:name" value="Approve"/>
      <date key="time:timestamp" value="2011-10-02T10:00:00.000+02:00"/>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="case-2"/>
    <event>
      <string key="concept:name" value="Submit"/>
    </event>
    <event>
      <string key="concept:name" value="Submit"/>
      <date key="time:timestamp" value="2011-10-03T10:00:00.000Z"/>
    </event>
  </trace>
</log>
"""


def test_xes_cases_events_and_attributes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "log.xes"
    path.write_text(LOG, encoding="utf-8")
    result = ingest_file(store, path)
    assert (result.format, result.rows_read, result.rows_stored) == ("xes", 4, 3)
    assert result.reasons == {"missing time": 1}
    first = rows(
        store,
        "SELECT person_id, event, timestamp, channel, properties, traits FROM events"
        " WHERE event = 'Submit' AND person_id = 'case-1'",
    )[0]
    assert first[:4] == ("case-1", "Submit", datetime(2011, 9, 30, 22, 38, 44, 546000), "Post")
    assert json.loads(first[4]) == {
        "lifecycle:transition": "complete",
        "org:resource": "112",
        "score": 0.5,
        "urgent": True,
    }
    assert json.loads(first[5]) == {"channel": "Post", "amount": 5000}
    assert rows(
        store, "SELECT person_id, json_extract_string(traits, '$.amount') FROM persons ORDER BY 1"
    ) == [("case-1", "5000"), ("case-2", None)]


def test_gzipped_xes_gives_the_same_events(store: Store, tmp_path: Path) -> None:
    plain = tmp_path / "log.xes"
    plain.write_text(LOG, encoding="utf-8")
    packed = tmp_path / "log.xes.gz"
    packed.write_bytes(gzip.compress(LOG.encode()))
    ingest_file(store, plain)
    again = ingest_file(store, packed)
    assert (again.rows_stored, again.rows_duplicate) == (0, 3)


def test_broken_xml_is_refused_and_nothing_is_stored(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cut.xes"
    path.write_text(LOG[: len(LOG) // 2], encoding="utf-8")
    result = ingest_file(store, path)
    assert not result.ok
    assert "not well-formed" in (result.error or "")
    assert rows(store, "SELECT count(*) FROM events") == [(0,)]
