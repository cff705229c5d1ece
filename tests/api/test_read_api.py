"""The read API over HTTP (uvicorn on loopback, httpx): maps, analytics, profiles and
recommendations, key kinds, errors as JSON naming the field, messages in RU and EN."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.read_server import ReadApi, make_settings, serving


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadApi]:
    root: Path = tmp_path_factory.mktemp("read-api")
    with serving(make_settings(root)) as served:
        yield served


def test_maps_are_listed_with_their_validity(api: ReadApi) -> None:
    maps = {m["name"]: m for m in api.get("/v1/maps").json()}
    assert set(maps) == {"broken", "seed-shop.en", "seed-shop.ru"}
    assert maps["seed-shop.en"]["valid"]
    assert maps["seed-shop.en"]["id"]
    assert maps["broken"]["valid"] is False


def test_one_map_two_faces(api: ReadApi) -> None:
    as_json = api.get("/v1/maps/seed-shop.en")
    assert as_json.headers["content-type"].startswith("application/json")
    stages = [s["id"] for s in as_json.json()["map"]["stages"]]
    html = api.get("/v1/maps/seed-shop.en.html")
    negotiated = api.get("/v1/maps/seed-shop.en", headers={"Accept": "text/html"})
    for page in (html, negotiated):
        assert page.headers["content-type"].startswith("text/html")
        assert "<html" in page.text.lower()
        assert stages[0] in page.text


def test_validate_and_lint_give_the_cli_results(api: ReadApi) -> None:
    good = api.get("/v1/maps/seed-shop.en/validate").json()
    broken = api.get("/v1/maps/broken/validate").json()
    assert good["valid"] is True
    assert broken["valid"] is False
    assert broken["problems"]
    lint = api.get("/v1/maps/seed-shop.en/lint").json()
    assert lint["summary"]["errors"] == 0
    assert lint["ok"] is True
    bad_rule = api.get("/v1/maps/seed-shop.en/lint", params={"disable": "JM999"})
    assert bad_rule.status_code == 422
    assert bad_rule.json()["field"] == "disable"


def test_messages_follow_the_requested_language(api: ReadApi) -> None:
    english = api.get("/v1/maps/broken/validate", params={"lang": "en"}).json()
    russian = api.get("/v1/maps/broken/validate", headers={"Accept-Language": "ru-RU,en;q=0.5"})
    assert english["problems"][0]["message"] != russian.json()["problems"][0]["message"]
    missing = api.get("/v1/maps/nope", headers={"Accept-Language": "ru"}).json()
    assert missing["field"] == "name"
    assert "nope" in missing["message"]
    assert any("\u0400" <= c <= "\u04ff" for c in missing["message"])
    assert api.get("/v1/maps", params={"lang": "de"}).json()["field"] == "lang"


def test_funnel_counts_the_customers(api: ReadApi) -> None:
    steps = ["Product List Viewed", "Product Viewed", "Order Completed"]
    data = api.get("/v1/analytics/funnel", params={"steps": steps}).json()
    assert [s["persons"] for s in data["steps"]] == [6, 4, 1]
    march_3 = {"steps": steps, "since": "2026-03-03", "until": "2026-03-04"}
    cut = api.get("/v1/analytics/funnel", params=march_3).json()
    assert cut["steps"][0]["persons"] == 2


def test_analytics_errors_name_the_field(api: ReadApi) -> None:
    unknown = api.get("/v1/analytics/funnel", params={"steps": ["Nope Viewed"]})
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "steps"
    swapped = api.get(
        "/v1/analytics/stages",
        params={"map": "seed-shop.en", "since": "2026-04-01", "until": "2026-03-01"},
    )
    assert swapped.status_code == 422
    assert swapped.json()["field"] == "since"
    no_map = api.get("/v1/analytics/stages")
    assert no_map.status_code == 422
    assert no_map.json()["field"] == "map"
    segment = api.get("/v1/analytics/transitions", params={"segment": "nonsense:"})
    assert segment.status_code == 422
    assert segment.json()["field"] == "segment"


def test_stage_paths_transitions_retention(api: ReadApi) -> None:
    stages = api.get("/v1/analytics/stages", params={"map": "seed-shop.en"}).json()
    assert stages["map"]
    assert stages["stages"]
    edges = api.get("/v1/analytics/transitions").json()["edges"]
    assert {"source", "target", "count"} <= set(edges[0])
    paths = api.get("/v1/analytics/paths", params={"max_steps": 3}).json()
    assert paths["variants"]
    assert paths["links"]
    retention = api.get(
        "/v1/analytics/retention",
        params={"start": "Product List Viewed", "return": "Product Viewed", "period": "day"},
    ).json()
    assert retention["period"] == "day"
    assert retention["cells"]


def test_profile_recommendations_and_next_best_action(api: ReadApi) -> None:
    profile = api.get("/v1/profiles/u3").json()
    assert profile["person_id"]
    assert profile["stage"]
    assert api.get("/v1/profiles/nobody").status_code == 404
    recs = api.get("/v1/recommendations/u1", params={"n": 2}).json()
    assert 1 <= len(recs["items"]) <= 2
    assert recs["stage"] == api.get("/v1/profiles/u1").json()["stage"]
    assert all(r["reason"]["text"] for r in recs["items"])
    russian = api.get("/v1/recommendations/u1", params={"n": 2, "lang": "ru"}).json()
    assert russian["items"][0]["reason"]["text"] != recs["items"][0]["reason"]["text"]
    action = api.get("/v1/next-best-action/u1").json()
    assert action["action"] in ("offer_item", "none")
    assert action["text"]
    assert api.get("/v1/recommendations/u1", params={"n": 0}).json()["field"] == "query.n"


@pytest.mark.parametrize(
    "path", ["/v1/maps", "/v1/profiles/u1", "/v1/recommendations/u1", "/v1/analytics/stages"]
)
def test_only_read_and_admin_keys_read(api: ReadApi, path: str) -> None:
    assert api.get(path, key="write").status_code == 403
    assert httpx_get_without_key(api, path).status_code == 401
    assert api.get(path, key="admin").status_code != 403


def httpx_get_without_key(api: ReadApi, path: str):  # type: ignore[no-untyped-def]
    import httpx

    return httpx.get(api.url + path, timeout=30)


def test_key_errors_are_translated(api: ReadApi) -> None:
    english = api.get("/v1/maps", key="write").json()
    russian = api.get("/v1/maps", key="write", headers={"Accept-Language": "ru"}).json()
    assert english["code"] == russian["code"] == "wrong_key_kind"
    assert "write" in english["message"]
    assert any("\u0400" <= c <= "\u04ff" for c in russian["message"])
