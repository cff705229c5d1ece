"""Every rule in the registry has a map that triggers it and a near-miss map that does not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from journeymap.lint import RULES
from tests.lint.mapbuilder import TODAY, Edit, as_text, codes, drop, edits, lint_text, put


def _text(replace: str, by: str) -> Edit:
    """An edit on the YAML text (for problems only text can show, like bad YAML)."""

    def edit(data: dict[str, Any]) -> str:
        text = as_text(lambda _: data)
        assert replace in text
        return text.replace(replace, by, 1)

    return edit


def _no_evidence(data: dict[str, Any]) -> dict[str, Any]:
    for item in [*data["personas"], *data["stages"]]:
        item.pop("evidence", None)
    for stage in data["stages"]:
        for barrier in stage.get("barriers", []):
            barrier["evidence"] = ["assumption"]
            barrier["severity"] = "low"
    return data


def _no_personas(data: dict[str, Any]) -> dict[str, Any]:
    data["personas"] = []
    for stage in data["stages"]:
        stage.pop("emotions")
    return data


def _one_persona(data: dict[str, Any]) -> dict[str, Any]:
    data["personas"] = data["personas"][:1]
    for stage in data["stages"]:
        stage["emotions"].pop("oleg")
    return data


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


PURCHASE = "stages.1"
BARRIER = "stages.1.barriers.0"
KPI = "stages.1.kpis.0"
APP = {"id": "app", "name": "Mobile app", "bindings": [{"event": "Application Opened"}]}

# code: (an edit of the baseline map that triggers the rule, a near miss that must not)
CASES: dict[str, tuple[Edit, Edit]] = {
    "JM000": (_text("id: seed-shop", "id: [seed-shop"), _text("id: seed-shop", "id: 'seed-shop'")),
    "JM001": (
        _text("title: Seed shop, first purchase", "title: Seed shop: first purchase"),
        _text("title: Seed shop, first purchase", 'title: "Seed shop: first purchase"'),
    ),
    "JM002": (put("lint", {"disable": ["JM999"]}), put("lint", {"disable": ["JM105"]})),
    "JM101": (drop("goal"), put("goal", "Больше повторных покупок")),
    "JM102": (drop("segment"), put("segment", "начинающие садоводы")),
    "JM103": (_no_personas, _one_persona),
    "JM104": (put("stages", []), drop("stages.0")),
    "JM105": (drop("owner"), put("owner", "Anna Petrova")),
    "JM106": (
        put("personas.0.occupation", "Замените на её работу, например медсестра"),
        put("personas.0.occupation", "replaces the seeds every spring"),
    ),
    "JM201": (put("personas.0.age", "18-65"), put("personas.0.age", "30-45")),
    "JM202": (
        put("personas.0.name", "Young mothers"),
        drop("personas.0.occupation"),  # the context alone is concrete enough
    ),
    "JM203": (drop("personas.0.goals"), put("personas.0.goals", ["вырастить зелень"])),
    "JM204": (put("personas.1.fears", []), put("personas.1.fears", ["бояться ошибиться"])),
    "JM301": (put("stages.0.touchpoints", []), put("stages.0.touchpoints", ["catalog", "email"])),
    "JM302": (drop("stages.2.actions"), put("stages.2.actions", ["recommends the shop"])),
    "JM303": (drop("stages.0.emotions"), _no_personas),
    "JM304": (
        put("touchpoints.4", APP),
        edits(put("touchpoints.4", APP), put("stages.0.touchpoints", ["catalog", "app"])),
    ),
    "JM305": (put("touchpoints.2.kind", "online"), put("touchpoints.2.kind", "offline")),
    "JM306": (drop("stages.2"), put("stages.2.name", "Повторная покупка")),
    "JM307": (put("touchpoints.0.bindings", []), put("touchpoints.0.bindings", [{"type": "page"}])),
    "JM308": (drop("stages.0.emotions.oleg"), put("stages.0.emotions.oleg", -2)),
    "JM309": (drop("stages.0.customer_goals"), put("stages.0.customer_goals", ["понять цены"])),
    "JM401": (put(f"{BARRIER}.solutions", []), put(f"{BARRIER}.solutions.0.status", "planned")),
    "JM402": (
        drop(f"{BARRIER}.solutions.0.owner"),
        edits(
            drop(f"{BARRIER}.solutions.0.owner"), put(f"{BARRIER}.solutions.0.status", "rejected")
        ),
    ),
    "JM403": (drop(f"{KPI}.target"), put(f"{KPI}.target", 0)),
    "JM404": (
        put(f"{BARRIER}.evidence", ["assumption"]),
        edits(put(f"{BARRIER}.evidence", ["assumption"]), put(f"{BARRIER}.severity", "medium")),
    ),
    "JM405": (drop(f"{KPI}.measure"), put(f"{KPI}.measure", "rate(Order Completed)")),
    "JM406": (
        edits(put(f"{KPI}.measure", "cac(yandex)"), put(f"{KPI}.direction", "increase")),
        edits(put(f"{KPI}.measure", "cac(yandex)"), put(f"{KPI}.direction", "decrease")),
    ),
    "JM501": (_no_evidence, drop("personas.0.evidence")),
    "JM502": (put("reviewed", _days(-91)), put("reviewed", _days(-90))),
    "JM503": (drop("reviewed"), put("reviewed", TODAY)),
    "JM504": (put("reviewed", _days(1)), put("reviewed", TODAY)),
    "JM505": (put(f"{BARRIER}.suggested", True), put(f"{BARRIER}.suggested", False)),
}


def test_every_rule_has_cases() -> None:
    assert set(CASES) == set(RULES)


def test_baseline_map_has_no_findings(tmp_path: Path) -> None:
    report = lint_text(tmp_path, as_text())
    assert report.findings == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_triggers(tmp_path: Path, code: str) -> None:
    report = lint_text(tmp_path, as_text(CASES[code][0]))
    assert code in codes(report), [str(f) for f in report.findings]
    if code != "JM000":
        assert report.loaded, [str(f) for f in report.findings]
    for finding in report.findings:
        if finding.code == code:
            assert finding.severity == RULES[code].severity
            assert finding.file == str(tmp_path / "map.yaml")
            assert finding.line is not None
            assert finding.message


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_near_miss_is_clean(tmp_path: Path, code: str) -> None:
    report = lint_text(tmp_path, as_text(CASES[code][1]))
    assert report.loaded, [str(f) for f in report.findings]
    assert code not in codes(report), [str(f) for f in report.findings]
