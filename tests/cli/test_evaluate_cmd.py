"""`journeymap evaluate` on a ratings CSV and on a store; bad input gets a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.store import Store
from tests.analytics.conftest import LIBRARY_WARNINGS, events_frame
from tests.personalize.conftest import synthetic_interactions

pytestmark = [pytest.mark.filterwarnings(spec) for spec in LIBRARY_WARNINGS]
runner = CliRunner()
SEED_SHOP_MAP = Path(__file__).resolve().parents[2] / "examples/seed-shop/maps/seed-shop.en.yaml"


def run(*args: str) -> Result:
    result = runner.invoke(app, ["evaluate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def ratings(tmp_path_factory: pytest.TempPathFactory) -> str:
    frame = synthetic_interactions()
    path = tmp_path_factory.mktemp("evaluate") / "ratings.csv"
    frame.assign(
        userId=frame["person"].str[1:],
        movieId=frame["item"].str[1:],
        rating=4.0,
        timestamp=frame["timestamp"].astype("int64") // 10**9,
    )[["userId", "movieId", "rating", "timestamp"]].to_csv(path, index=False)
    return str(path)


def test_json_on_a_ratings_csv(ratings: str) -> None:
    result = run("--ratings", ratings, "-m", "popularity", "-m", "item-knn", "-k", "5", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["name"] for r in data["results"]] == ["popularity", "item-knn"]
    assert all(0 <= r["ndcg"] <= 1 and r["k"] == 5 for r in data["results"])
    assert data["test_persons"] > 20


def test_table_with_a_global_split(ratings: str) -> None:
    result = run("--ratings", ratings, "-m", "popularity", "--split", "global")
    assert result.exit_code == 0, result.output
    assert "global time cut" in result.output
    assert "NDCG@10" in result.output


def test_on_a_store(tmp_path: Path) -> None:
    frame = synthetic_interactions(persons=20)
    rows = [
        {
            "person_id": r.person,
            "event": "Product Viewed",
            "timestamp": r.timestamp,
            "properties": {"product_id": r.item},
        }
        for r in frame.itertuples()
    ]
    arrow = pa.Table.from_pandas(
        events_frame(rows), schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False
    )
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    with Store.open(url) as store:
        store.backend.insert("events", arrow)
    result = run("--store", url, "-m", "covisitation", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"][0]["test_persons"] > 10
    staged = run("--store", url, "-m", "popularity", "--map", str(SEED_SHOP_MAP), "--json")
    assert staged.exit_code == 0, staged.output
    stages = json.loads(staged.output)["results"][0]["stages"]
    assert list(stages) == ["research"]  # Product Viewed binds the catalog of that stage
    assert stages["research"]["test_persons"] > 10
    table = run("--store", url, "-m", "popularity", "--map", str(SEED_SHOP_MAP))
    assert "Per stage" in table.output


def test_bad_input(tmp_path: Path, ratings: str) -> None:
    empty = run("--store", f"duckdb://{tmp_path / 'empty.duckdb'}")
    assert empty.exit_code == 1
    assert "no interactions" in empty.output
    assert run("--ratings", str(tmp_path / "missing.csv")).exit_code == 1
    unknown = run("--ratings", ratings, "-m", "magic")
    assert unknown.exit_code == 2
    assert "known:" in unknown.output
    assert run("--ratings", ratings, "--split", "random").exit_code == 2
    assert run("--ratings", ratings, "--map", str(SEED_SHOP_MAP)).exit_code == 2
