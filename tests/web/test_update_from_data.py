"""Update the map from data in the app: a field-level preview first, then applying it with the
version and the previewed numbers checked; simulated numbers are refused unless asked."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.analytics.kpi import KPIResult
from journeymap.model import load_map
from journeymap.model.map_history import versions
from journeymap.report.data import ReportData
from journeymap.report.update_map import SimulatedDataError
from journeymap.report.update_preview import preview_update
from journeymap.templates.catalog import get_template
from tests.web.analytics_workspace import make_analytics_workspace
from tests.web.conftest import signed_in_client

UPDATE = "/maps/seed-shop.en/update"
JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_analytics_workspace(tmp_path_factory.mktemp("update") / "ws")


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "shop"))


@pytest.fixture
def shop(root: Path) -> Iterator[TestClient]:
    with signed_in_client(root) as client:
        yield client


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_the_preview_shows_each_change_and_applying_writes_it(shop: TestClient, root: Path) -> None:
    client = shop
    file = root / "maps" / "seed-shop.en.yaml"
    before = file.read_text(encoding="utf-8")
    page = client.get(f"{UPDATE}?since=2026-03-02")
    assert page.status_code == 200
    # u1..u7 viewed the catalog from the 2nd; u2, u3, u5, u6 and u7 added to the cart
    assert (
        "Choosing seeds: Product view to cart not measured → 57.1% <small>(7 persons)" in page.text
    )
    assert "Data:</strong> 2026-03-02 … …" in page.text
    assert 'id="update-from-data"' not in page.text
    assert file.read_text(encoding="utf-8") == before  # a preview writes nothing
    form = {
        "csrf": _csrf(page.text),
        "token": re.findall(r'name="token" value="([^"]+)"', page.text)[0],
        "digest": re.findall(r'name="digest" value="([^"]+)"', page.text)[0],
        "scope": "since=2026-03-05",  # not the numbers previewed
    }
    moved = client.post(UPDATE, data=form, headers=JSON)
    assert moved.status_code == 409
    assert "numbers changed since the preview" in moved.json()["notice"]["conflict"]
    assert file.read_text(encoding="utf-8") == before
    form["scope"] = "since=2026-03-02"
    applied = client.post(UPDATE, data=form)
    assert applied.status_code == 303, applied.text
    assert applied.headers["location"] == "/maps/seed-shop.en/history"
    after = file.read_text(encoding="utf-8")
    assert after.startswith("# Worked example: an online seed and plant shop")
    assert "# her second and later orders" in after
    measured = {
        kpi.id: kpi.measured for stage in load_map(file).stages for kpi in stage.kpis
    }  # fmt: skip
    assert measured["view-to-cart"] is not None
    assert measured["view-to-cart"].value == pytest.approx(4 / 7, abs=1e-6)
    assert versions(root, file)[0].author == "olga"
    # the same form again: the map is no longer the version previewed
    again = client.post(UPDATE, data=form)
    assert again.status_code == 409
    assert "changed by someone else" in again.text
    assert file.read_text(encoding="utf-8") == after


def test_a_viewer_gets_no_preview(
    workspace: Path, sign_in: Callable[[str], str], client: TestClient
) -> None:
    sign_in("vera")
    assert client.get("/maps/retail/update").status_code == 403


def _data(simulated: bool) -> ReportData:
    journey = load_map(get_template("retail").map_resource("en"))
    result = KPIResult(
        kpi="site-to-visit", stage="choosing-company", name="Site visitors who book",
        measure="conversion(website -> store)", value=0.07, unit="share", target=0.05,
        direction="increase", status="on_track", persons=100,
    )  # fmt: skip
    facts = {"events": 10, "simulated": simulated}
    return ReportData(journey=journey, generated_at="", facts=facts, kpis=[result])


def test_simulated_numbers_are_refused_unless_asked() -> None:
    text = get_template("retail").map_text("en")
    with pytest.raises(SimulatedDataError):
        preview_update(text, _data(simulated=True))
    allowed = preview_update(text, _data(simulated=True), allow_simulated=True)
    assert allowed.simulated
    assert "simulated: true" in allowed.text
    plain = preview_update(text, _data(simulated=False))
    assert [c.line() for c in plain.kpis] == [
        "Studying the site and social media: Site visitors who book a store visit"
        " not measured → 7.0%"
    ]
    assert plain.digest != allowed.digest
    assert "simulated" not in plain.text


def test_numbers_the_update_does_not_change_keep_their_spelling() -> None:
    text = get_template("retail").map_text("en").replace("target: 0.05", "target: 4", 1)
    plain = preview_update(text, _data(simulated=False))
    assert "target: 4\n" in plain.text
    assert "target: 4.0" not in plain.text


def test_the_report_tools_and_the_preview_speak_russian(
    sign_in: Callable[[str], str], client: TestClient
) -> None:
    sign_in("egor")
    russian = {"Accept-Language": "ru-RU,ru;q=0.9"}
    report = client.get("/maps/retail/report?since=2026-03-01", headers=russian).text
    assert "Какие данные" in report
    assert "Поделиться этим видом" in report
    assert "Обновить карту по данным" in report
    preview = client.get("/maps/retail/update?since=2026-03-01", headers=russian).text
    assert "Обновление карты по данным: предпросмотр" in preview
    assert "Ни одно значение KPI не меняется" in preview
