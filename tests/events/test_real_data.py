"""Real public process logs (pm4py-eventlogs): exact published counts, CSV and XES agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.events.ingest import ingest_file
from journeymap.store import Store, store_stats
from tests.conftest import dataset
from tests.events.conftest import rows

pytestmark = pytest.mark.data


def _load(path: Path) -> Store:
    store = Store.open("duckdb://:memory:")
    result = ingest_file(store, path)
    assert result.ok, result.error
    assert result.rows_quarantined == 0, result.reasons
    return store


@pytest.mark.slow
def test_bpi_challenge_2012(real_data: Path) -> None:
    with _load(dataset(real_data, "pm4py-eventlogs", "bpic2012.xes.gz")) as store:
        stats = store_stats(store)
        assert (stats["events"], stats["persons"]) == (262_200, 13_087)
        assert stats["event_names"]["A_SUBMITTED"] == 13_087
        lifecycles = rows(
            store,
            "SELECT DISTINCT json_extract_string(properties, '$.\"lifecycle:transition\"')"
            " FROM events ORDER BY 1",
        )
        assert lifecycles == [("COMPLETE",), ("SCHEDULE",), ("START",)]


def test_helpdesk(real_data: Path) -> None:
    with _load(dataset(real_data, "pm4py-eventlogs", "helpdesk.xes.gz")) as store:
        stats = store_stats(store)
        assert (stats["events"], stats["persons"]) == (21_348, 4_580)
        assert stats["first_timestamp"].startswith("2010-")


def test_receipt_csv_and_xes_agree_and_keep_the_case_channel(real_data: Path) -> None:
    folder = dataset(real_data, "pm4py-eventlogs")
    with _load(folder / "receipt.csv") as from_csv, _load(folder / "receipt.xes") as from_xes:
        outcomes = []
        for store in (from_csv, from_xes):
            stats = store_stats(store)
            assert (stats["events"], stats["persons"]) == (8_577, 1_434)
            channels = rows(
                store,
                "SELECT person_id, any_value(channel), count(DISTINCT channel) FROM events "
                "GROUP BY person_id ORDER BY person_id",
            )
            assert all(n == 1 for _, _, n in channels)
            outcomes.append(
                (
                    channels,
                    rows(store, "SELECT person_id, event, timestamp FROM events ORDER BY ALL"),
                    rows(
                        store,
                        "SELECT channel, count(DISTINCT person_id) FROM events "
                        "GROUP BY 1 ORDER BY 1",
                    ),
                )
            )
        assert outcomes[0] == outcomes[1]
        assert dict(outcomes[0][2]) == {
            "Desk": 109,
            "Intern": 1,
            "Internet": 1250,
            "Post": 53,
            "e-mail": 21,
        }
        traits = rows(from_csv, "SELECT traits->>'$.department' FROM persons LIMIT 1")
        assert traits[0][0] is not None
