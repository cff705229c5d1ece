"""`analyze_experiment` on a table of units: every variant against the control, adjusted
p-values, missing values counted, bad input explained."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journeymap.experiments import (
    ExperimentInputError,
    ExperimentUsageError,
    analyze_experiment,
    benjamini_hochberg,
    holm,
)


def _units(seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 3000
    variant = np.array(["Control", "a", "b"])[np.arange(n) % 3]
    clicks = rng.poisson(np.where(variant == "b", 3.4, 3.0)).astype(float)
    clicks[:30] = np.nan
    bought = (rng.random(n) < np.where(variant == "a", 0.2, 0.12)).astype(int)
    return pd.DataFrame({"variant": variant, "clicks": clicks, "bought": bought})


def test_every_variant_against_the_control_on_every_metric() -> None:
    result = analyze_experiment(_units(), variant="variant", metrics=["bought", "clicks"])
    assert result.control == "Control"
    assert [(c.metric, c.variant, c.kind) for c in result.comparisons] == [
        ("bought", "a", "binary"),
        ("bought", "b", "binary"),
        ("clicks", "a", "continuous"),
        ("clicks", "b", "continuous"),
    ]
    p_values = [c.primary.p_value for c in result.comparisons]
    assert [c.p_holm for c in result.comparisons] == pytest.approx(holm(p_values))
    assert [c.p_bh for c in result.comparisons] == pytest.approx(benjamini_hochberg(p_values))
    by_key = {(c.metric, c.variant): c for c in result.comparisons}
    assert by_key["bought", "a"].p_holm < 0.001
    assert by_key["clicks", "b"].bayesian.chance_to_win > 0.99
    assert by_key["clicks", "a"].missing == 20  # 30 missing rows spread over three variants
    assert not result.srm.mismatch
    table = result.table()
    assert list(table["metric"]) == ["bought", "bought", "clicks", "clicks"]
    assert {"lift", "p_holm", "chance_to_win", "sequential_p"} <= set(table.columns)


def test_control_can_be_named() -> None:
    result = analyze_experiment(_units(), variant="variant", metrics=["bought"], control="b")
    assert [c.variant for c in result.comparisons] == ["Control", "a"]


def test_bad_input_is_explained() -> None:
    units = _units()
    with pytest.raises(ExperimentUsageError, match="no column 'revenue'"):
        analyze_experiment(units, variant="variant", metrics=["revenue"])
    with pytest.raises(ExperimentUsageError, match="no variant 'z'"):
        analyze_experiment(units, variant="variant", metrics=["bought"], control="z")
    with pytest.raises(ExperimentInputError, match="only one variant"):
        analyze_experiment(units[units.variant == "a"], variant="variant", metrics=["bought"])
    units["clicks"] = units["clicks"].astype(object)
    units.loc[5, "clicks"] = "many"
    with pytest.raises(ExperimentInputError, match="not numeric: 1 value such as 'many'"):
        analyze_experiment(units, variant="variant", metrics=["clicks"])


def test_an_ibis_table_gives_the_same_answer() -> None:
    import ibis

    units = _units()
    from_pandas = analyze_experiment(units, variant="variant", metrics=["bought", "clicks"])
    table = ibis.duckdb.connect().create_table("units", units)
    from_ibis = analyze_experiment(table, variant="variant", metrics=["bought", "clicks"])
    assert from_ibis.table().equals(from_pandas.table())
    with pytest.raises(ExperimentUsageError, match="no column 'revenue'"):
        analyze_experiment(table, variant="variant", metrics=["revenue"])
