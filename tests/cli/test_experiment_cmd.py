"""`journeymap experiment analyze|uplift` on small CSV files; bad input exits 1 or 2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app

runner = CliRunner()
ANALYZE = ["experiment", "analyze"]


@pytest.fixture
def ab_file(tmp_path: Path) -> Path:
    rng = np.random.default_rng(4)
    n = 3000
    variant = np.where(np.arange(n) % 2 == 0, "control", "reminder")
    before = rng.gamma(2, 20, n)
    revenue = before * 0.7 + rng.normal(0, 10, n) + (variant == "reminder") * 4
    converted = (rng.random(n) < np.where(variant == "control", 0.10, 0.16)).astype(int)
    path = tmp_path / "ab.csv"
    pd.DataFrame(
        {
            "variant": variant,
            "converted": converted,
            "revenue": revenue.round(2),
            "revenue_before": before.round(2),
        }
    ).to_csv(path, index=False)
    return path


def test_analyze_prints_both_metrics_and_the_srm_check(ab_file: Path) -> None:
    result = runner.invoke(
        app,
        [
            *ANALYZE,
            str(ab_file),
            "--variant",
            "variant",
            "--metric",
            "converted",
            "--metric",
            "revenue",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "sample ratio check: ok" in result.output
    for word in ("Effect", "Decision", "converted", "revenue", "reminder"):
        assert word in result.output
    as_json = runner.invoke(
        app,
        [
            *ANALYZE,
            str(ab_file),
            "--variant",
            "variant",
            "--metric",
            "converted",
            "--metric",
            "revenue",
            "--json",
        ],
    )
    methods = [c["frequentist"]["method"] for c in json.loads(as_json.output)["comparisons"]]
    assert methods == ["two-proportion z", "Welch t"]


def test_analyze_json_with_cuped(ab_file: Path) -> None:
    result = runner.invoke(
        app,
        [
            *ANALYZE,
            str(ab_file),
            "--variant",
            "variant",
            "--metric",
            "revenue",
            "--covariate",
            "revenue_before",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["control"] == "control"
    [comparison] = data["comparisons"]
    cuped, plain = comparison["cuped"], comparison["frequentist"]
    assert cuped["ci_low"] < 4 < cuped["ci_high"]
    assert cuped["ci_high"] - cuped["ci_low"] < plain["ci_high"] - plain["ci_low"]
    assert comparison["bayesian"]["chance_to_win"] > 0.99
    assert comparison["p_holm"] == pytest.approx(cuped["p_value"])


def test_analyze_warns_about_a_sample_ratio_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "skewed.csv"
    pd.DataFrame({"v": ["a"] * 600 + ["b"] * 400, "m": [0, 1] * 500}).to_csv(path, index=False)
    result = runner.invoke(
        app, ["experiment", "analyze", str(path), "--variant", "v", "--metric", "m"]
    )
    assert result.exit_code == 0, result.output
    assert "sample ratio mismatch" in result.output


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["--variant", "variant", "--metric", "nope"], 2, "no column 'nope'"),
        (["--variant", "variant", "--metric", "revenue", "--control", "x"], 2, "no variant 'x'"),
        (["--variant", "converted", "--metric", "variant"], 1, "is not numeric"),
    ],
)
def test_analyze_bad_input(ab_file: Path, arguments: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, ["experiment", "analyze", str(ab_file), *arguments])
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_analyze_one_variant_only(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    pd.DataFrame({"v": ["a"] * 10, "m": range(10)}).to_csv(path, index=False)
    result = runner.invoke(
        app, ["experiment", "analyze", str(path), "--variant", "v", "--metric", "m"]
    )
    assert result.exit_code == 1
    assert "only one variant" in result.output


def test_analyze_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["experiment", "analyze", str(tmp_path / "x.csv"), "--variant", "v", "--metric", "m"]
    )
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_analyze_speaks_russian(ab_file: Path) -> None:
    result = runner.invoke(
        app,
        ["--lang", "ru", *ANALYZE, str(ab_file), "--variant", "variant", "--metric", "converted"],
    )
    assert result.exit_code == 0, result.output
    assert "проверка соотношения выборок: в порядке" in result.output
    assert "Решение" in result.output


@pytest.fixture
def uplift_file(tmp_path: Path) -> Path:
    rng = np.random.default_rng(9)
    n = 4000
    x = rng.normal(size=n)
    group = np.where(rng.random(n) < 0.5, "mail", "none")
    visit = (rng.random(n) < 0.1 + 0.25 * (group == "mail") * (x > 0)).astype(int)
    path = tmp_path / "uplift.csv"
    pd.DataFrame(
        {"group": group, "visit": visit, "x": x, "city": rng.choice(["a", "b"], n)}
    ).to_csv(path, index=False)
    return path


def test_uplift_reports_every_learner(uplift_file: Path) -> None:
    result = runner.invoke(
        app,
        [
            "experiment",
            "uplift",
            str(uplift_file),
            "--treatment",
            "group",
            "--target",
            "visit",
            "--treated",
            "mail",
            "--control",
            "none",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["features"] == ["x", "city_a", "city_b"]
    learners = {s["learner"]: s for s in data["scores"]}
    assert set(learners) == {"s-learner", "t-learner", "class-transformation"}
    assert all(s["qini_auc"] > 0.2 for s in learners.values())
    assert all(s["uplift_at"]["0.3"] > 0.1 for s in learners.values())


def test_uplift_table_and_bad_input(uplift_file: Path) -> None:
    base = ["experiment", "uplift", str(uplift_file), "--target", "visit"]
    result = runner.invoke(
        app, [*base, "--treatment", "group", "--treated", "mail", "--learner", "t-learner"]
    )
    assert result.exit_code == 0, result.output
    assert "uplift@30%" in result.output
    assert "t-learner" in result.output
    result = runner.invoke(app, [*base, "--treatment", "group"])
    assert result.exit_code == 1
    assert "is not 0/1" in result.output
    result = runner.invoke(app, [*base, "--treatment", "group", "--learner", "magic"])
    assert result.exit_code == 2
    assert "unknown learner magic" in result.output


def test_a_planned_holdout_split_is_not_a_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "holdout.csv"
    pd.DataFrame({"v": ["holdout"] * 100 + ["mail"] * 900, "m": [0, 1] * 500}).to_csv(
        path, index=False
    )
    base = [*ANALYZE, str(path), "--variant", "v", "--metric", "m", "--control", "holdout"]
    assert "sample ratio mismatch" in runner.invoke(app, base).output
    result = runner.invoke(app, [*base, "--split", "holdout=10", "--split", "mail=90"])
    assert result.exit_code == 0, result.output
    assert "sample ratio check: ok (p = 1.0000)" in result.output
    result = runner.invoke(app, [*base, "--split", "holdout=10"])
    assert result.exit_code == 2
    assert "the planned split names holdout" in result.output
    result = runner.invoke(app, [*base, "--split", "holdout"])
    assert result.exit_code == 2
    assert "NAME=WEIGHT" in result.output
