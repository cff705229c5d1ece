"""The analytics endpoints take the options of `journeymap analyze ...` and give the same JSON:
the funnel's exclusions, optional steps, breakdown, attribution and counting, transitions out of
core, repeat purchases, segments, KPIs and barriers; option mistakes are 422 naming the
parameter, in the request's language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from tests.api.read_server import ReadApi, make_settings, serving

MAP = "{root}/maps/seed-shop.en.yaml"
STEPS = ["Product List Viewed", "Product Viewed", "Order Completed"]
CASES: dict[str, tuple[list[str], dict[str, Any]]] = {
    "funnel optional, breakdown, attribution, conversions": (
        [
            *("funnel", *STEPS, "--optional", "2", "--breakdown", "product_id"),
            *("--attribution", "last_touch", "--count", "conversions"),
        ],
        {
            "steps": STEPS,
            "optional": 2,
            "breakdown": "product_id",
            "attribution": "last_touch",
            "count": "conversions",
        },
    ),
    "funnel exclusion, window": (
        ["funnel", STEPS[0], STEPS[2], "--exclude", "Product Added", "--window", "1h"],
        {"steps": [STEPS[0], STEPS[2]], "exclude": "Product Added", "window": "1h"},
    ),
    "transitions out of core": (["transitions", "--out-of-core"], {"out_of_core": True}),
    "repeat by days": (
        ["repeat", "--purchase", "Order Completed", "--repeat-by", "days"],
        {"purchase": "Order Completed", "repeat_by": "days"},
    ),
    "segments": (
        [
            *("segments", "--segment", "property:product_id", "--conversion", "Order Completed"),
            *("--start", "Product Viewed", "--window", "7d"),
        ],
        {
            "segment": "property:product_id",
            "conversion": "Order Completed",
            "start": "Product Viewed",
            "window": "7d",
        },
    ),
    "kpis": (["kpis", MAP, "--repeat-by", "days"], {"map": "seed-shop.en", "repeat_by": "days"}),
    "barriers": (
        ["barriers", MAP, "--min-persons", "1"],
        {"map": "seed-shop.en", "min_persons": 1},
    ),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReadApi, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("analytics-options")
    settings = make_settings(root)
    cli: dict[str, Any] = {}
    for name, (arguments, _params) in CASES.items():
        command = ["--lang", "en", "analyze", *arguments, "--json", "--store", settings.store_url]
        command = [part.replace("{root}", str(root)) for part in command]
        result = CliRunner().invoke(app, command)
        assert result.exit_code in (0, 1), result.output  # 1: a KPI could not be measured
        cli[name] = json.loads(result.stdout)
    with serving(settings) as api:
        yield api, cli


@pytest.mark.parametrize("name", list(CASES))
def test_the_answer_is_the_commands_json(served: tuple[ReadApi, dict[str, Any]], name: str) -> None:
    api, cli = served
    arguments, params = CASES[name]
    response = api.get(f"/v1/analytics/{arguments[0]}", params=params)
    assert response.status_code == 200, response.text
    assert response.json() == cli[name]


def test_the_options_change_the_answer(served: tuple[ReadApi, dict[str, Any]]) -> None:
    api, cli = served
    options = CASES["funnel optional, breakdown, attribution, conversions"][1]
    plain = api.get("/v1/analytics/funnel", params={"steps": STEPS}).json()
    assert "breakdown" not in plain or not plain["breakdown"]
    assert cli["funnel optional, breakdown, attribution, conversions"]["breakdown"]
    assert api.get("/v1/analytics/funnel", params=options).json() != plain


@pytest.mark.parametrize(
    ("path", "params", "field", "code"),
    [
        ("repeat", {"purchase": "Order Complete"}, "purchase", "unknown_name"),
        ("segments", {"conversion": "Order Completed"}, "segment", "missing_segment"),
        ("kpis", {}, "map", "missing_map"),
        ("barriers", {"map": "seed-shop.en", "min_persons": 0}, "query.min_persons", None),
    ],
)
def test_more_analytics_refusals_name_the_parameter(
    served: tuple[ReadApi, dict[str, Any]],
    path: str,
    params: dict[str, Any],
    field: str,
    code: str | None,
) -> None:
    api, _cli = served
    russian = api.get(f"/v1/analytics/{path}", params={**params, "lang": "ru"})
    assert russian.status_code == 422
    assert russian.json()["field"] == field
    if code is not None:
        assert russian.json()["code"] == code
        assert any("\u0400" <= c <= "\u04ff" for c in russian.json()["message"])


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"attribution": "step:9"}, "attribution", "invalid_attribution"),
        ({"attribution": "middle"}, "attribution", "invalid_attribution"),
        ({"optional": 1}, "optional", "invalid_optional"),
        ({"optional": 2, "order": "strict"}, "optional", "invalid_optional"),
        ({"exclude": "Product Added", "order": "unordered"}, "order", "invalid_order"),
        ({"count": "sessions"}, "query.count", "invalid_request"),
    ],
)
def test_option_mistakes_name_the_parameter(
    served: tuple[ReadApi, dict[str, Any]], params: dict[str, Any], field: str, code: str
) -> None:
    api, _cli = served
    query = {"steps": STEPS, **params}
    english = api.get("/v1/analytics/funnel", params={**query, "lang": "en"})
    russian = api.get("/v1/analytics/funnel", params={**query, "lang": "ru"})
    assert english.status_code == russian.status_code == 422
    assert (english.json()["field"], english.json()["code"]) == (field, code)
    if code != "invalid_request":  # pydantic's own texts are English only
        assert any("\u0400" <= c <= "\u04ff" for c in russian.json()["message"])
