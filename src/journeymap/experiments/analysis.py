"""A whole A/B (or holdout) analysis of a table with one row per unit: every treatment against
the control on every metric, with the sample-ratio check and p-values adjusted across metrics."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from journeymap.experiments.bayesian import chance_to_win
from journeymap.experiments.columns import is_binary, numeric_column, require_columns
from journeymap.experiments.cuped import cuped_arms
from journeymap.experiments.errors import ExperimentInputError, ExperimentUsageError
from journeymap.experiments.means import welch_t_test
from journeymap.experiments.multiple import benjamini_hochberg, holm
from journeymap.experiments.proportions import two_proportion_test
from journeymap.experiments.results import (
    ArmSummary,
    BayesianEffect,
    Effect,
    SampleRatioCheck,
)
from journeymap.experiments.sequential import sequential_test
from journeymap.experiments.srm import sample_ratio_check
from journeymap.experiments.summary import proportion, summarize
from journeymap.i18n import gettext as _
from journeymap.i18n import ngettext

if TYPE_CHECKING:
    import ibis
    import pandas as pd


@dataclass
class MetricComparison:
    """One metric, one treatment against the control."""

    metric: str
    variant: str
    control: str
    kind: str  # "binary" or "continuous"
    control_arm: ArmSummary
    treatment_arm: ArmSummary
    frequentist: Effect
    sequential: Effect
    bayesian: BayesianEffect
    cuped: Effect | None = None
    missing: int = 0
    """Units of the two variants without a value of this metric (left out, counted here)."""
    p_holm: float = float("nan")
    p_bh: float = float("nan")

    @property
    def primary(self) -> Effect:
        """The estimate the decision rests on: CUPED when a covariate was given."""
        return self.cuped or self.frequentist

    def row(self) -> dict[str, Any]:
        """One tidy row: the primary estimate, its adjusted p-values and the Bayesian view."""
        effect = self.primary
        return {
            "metric": self.metric,
            "variant": self.variant,
            "control": self.control,
            "method": effect.method,
            "n_control": self.control_arm.n,
            "n_variant": self.treatment_arm.n,
            "mean_control": self.control_arm.baseline_mean,
            "mean_variant": self.treatment_arm.baseline_mean,
            "difference": effect.difference,
            "ci_low": effect.ci_low,
            "ci_high": effect.ci_high,
            "lift": effect.lift,
            "lift_ci_low": effect.lift_ci_low,
            "lift_ci_high": effect.lift_ci_high,
            "p_value": effect.p_value,
            "p_holm": self.p_holm,
            "p_bh": self.p_bh,
            "sequential_ci_low": self.sequential.ci_low,
            "sequential_ci_high": self.sequential.ci_high,
            "sequential_p": self.sequential.p_value,
            "chance_to_win": self.bayesian.chance_to_win,
            "missing": self.missing,
        }


@dataclass
class ExperimentAnalysis:
    variant_column: str
    control: str
    variants: list[str]
    srm: SampleRatioCheck
    comparisons: list[MetricComparison] = field(default_factory=list)
    covariate: str | None = None
    alpha: float = 0.05

    def table(self) -> pd.DataFrame:
        """One row per (metric, variant): the tidy result."""
        import pandas as pd

        return pd.DataFrame([c.row() for c in self.comparisons])

    def to_dict(self) -> dict[str, Any]:
        return {
            "variant_column": self.variant_column,
            "control": self.control,
            "variants": self.variants,
            "covariate": self.covariate,
            "alpha": self.alpha,
            "srm": self.srm.row(),
            "comparisons": [
                {
                    "metric": c.metric,
                    "variant": c.variant,
                    "kind": c.kind,
                    "missing": c.missing,
                    "control_arm": asdict(c.control_arm),
                    "variant_arm": asdict(c.treatment_arm),
                    "frequentist": c.frequentist.row(),
                    "cuped": c.cuped.row() if c.cuped else None,
                    "sequential": c.sequential.row(),
                    "bayesian": c.bayesian.row(),
                    "p_holm": c.p_holm,
                    "p_bh": c.p_bh,
                }
                for c in self.comparisons
            ],
        }


def choose_control(variants: list[str], control: str | None) -> str:
    """The named control, else a variant called `control` (any case), else the first in order."""
    if control is not None:
        if control not in variants:
            raise ExperimentUsageError(
                _("no variant {name} in the data", name=repr(control)),
                hint=_("variants: {names}", names=", ".join(variants)),
            )
        return control
    named = [v for v in variants if v.lower() == "control"]
    return named[0] if named else variants[0]


def analyze_experiment(
    frame: pd.DataFrame | ibis.Table,
    *,
    variant: str,
    metrics: list[str],
    control: str | None = None,
    covariate: str | None = None,
    weights: dict[str, float] | None = None,
    alpha: float = 0.05,
) -> ExperimentAnalysis:
    """Compare every variant with the control on every metric (one row per unit in `frame`).

    A 0/1 metric gets the two-proportion z test, any other the Welch t test; with `covariate`
    (the metric's pre-period value) CUPED too. Every comparison also gets the always-valid
    interval and the Bayesian chance to win; Holm and Benjamini-Hochberg adjust the primary
    p-values across all comparisons. `weights` is the planned split for the SRM check (equal
    by default).

    `frame` may be an Ibis table of any backend (DuckDB, PySpark): only the named columns are
    fetched, one row per unit."""
    if not metrics:
        raise ExperimentUsageError(_("no metric given"), hint=_("name at least one metric column"))
    columns = list(dict.fromkeys([variant, *metrics, *([covariate] if covariate else [])]))
    if not hasattr(frame, "iloc"):
        frame = _fetch(frame, columns)
    require_columns(frame, columns)
    labels = frame[variant]
    if labels.isna().any():
        raise ExperimentInputError(
            ngettext(
                "{count} row has no value in the variant column {name}",
                "{count} rows have no value in the variant column {name}",
                int(labels.isna().sum()),
                count=int(labels.isna().sum()),
                name=repr(variant),
            ),
            hint=_("every unit must belong to a variant"),
        )
    labels = labels.astype(str)
    variants = sorted(labels.unique())
    if len(variants) < 2:
        raise ExperimentInputError(
            _(
                "column {name} has only one variant ({variants}); nothing to compare",
                name=repr(variant),
                variants=", ".join(variants) or "-",
            ),
            hint=_("the variant column must name the control and at least one treatment"),
        )
    chosen = choose_control(variants, control)
    counts = {v: int((labels == v).sum()) for v in variants}
    if weights is not None and set(weights) != set(variants):
        raise ExperimentUsageError(
            _(
                "the planned split names {named}; the data has the variants {variants}",
                named=", ".join(sorted(weights)),
                variants=", ".join(variants),
            ),
            hint=_("give a weight for every variant, e.g. --split control=10 --split mail=90"),
        )
    analysis = ExperimentAnalysis(
        variant_column=variant,
        control=chosen,
        variants=variants,
        srm=sample_ratio_check(counts, weights),
        covariate=covariate,
        alpha=alpha,
    )
    covariates = numeric_column(frame, covariate) if covariate else None
    for metric in metrics:
        values = numeric_column(frame, metric)
        for treatment in (v for v in variants if v != chosen):
            analysis.comparisons.append(
                _compare(
                    metric,
                    values=values,
                    covariates=covariates,
                    labels=labels,
                    control=chosen,
                    treatment=treatment,
                    alpha=alpha,
                )
            )
    primary = [c.primary.p_value for c in analysis.comparisons]
    for comparison, p_holm, p_bh in zip(
        analysis.comparisons, holm(primary), benjamini_hochberg(primary), strict=True
    ):
        comparison.p_holm, comparison.p_bh = p_holm, p_bh
    return analysis


def _fetch(table: ibis.Table, columns: list[str]) -> pd.DataFrame:
    """The named columns of an Ibis table as pandas (a missing one is reported as usual)."""
    import pandas as pd

    present = [c for c in columns if c in table.columns]
    if len(present) < len(columns):
        return pd.DataFrame({c: [] for c in table.columns})
    fetched: pd.DataFrame = table.select(*present).to_pandas()
    return fetched


def _compare(
    metric: str,
    *,
    values: pd.Series,
    covariates: pd.Series | None,
    labels: pd.Series,
    control: str,
    treatment: str,
    alpha: float,
) -> MetricComparison:
    in_pair = labels.isin([control, treatment])
    present = values.notna() & (covariates.notna() if covariates is not None else True)
    missing = int((in_pair & ~present).sum())
    c_mask, t_mask = (labels == control) & present, (labels == treatment) & present
    c_values, t_values = values[c_mask].to_numpy(), values[t_mask].to_numpy()
    if min(c_values.size, t_values.size) < 2:
        raise ExperimentInputError(
            _(
                "metric {metric}: fewer than 2 units with a value in {control} or {variant}",
                metric=repr(metric),
                control=control,
                variant=treatment,
            ),
            hint=_("each variant needs at least two units with a value"),
        )
    binary = is_binary(values[in_pair & present])
    if binary:
        control_arm = proportion(int(c_values.sum()), c_values.size)
        treatment_arm = proportion(int(t_values.sum()), t_values.size)
        frequentist = two_proportion_test(control_arm, treatment_arm, alpha=alpha)
    else:
        control_arm, treatment_arm = summarize(c_values), summarize(t_values)
        frequentist = welch_t_test(control_arm, treatment_arm, alpha=alpha)
    cuped = None
    adjusted_control, adjusted_treatment = control_arm, treatment_arm
    if covariates is not None:
        arms = cuped_arms(
            c_values,
            covariates[c_mask].to_numpy(),
            t_values,
            covariates[t_mask].to_numpy(),
        )
        cuped = welch_t_test(arms.control, arms.treatment, alpha=alpha, method="CUPED Welch t")
        # the always-valid interval and the Bayesian view use the adjusted means too (as GrowthBook)
        adjusted_control, adjusted_treatment = arms.control, arms.treatment
    return MetricComparison(
        metric=metric,
        variant=treatment,
        control=control,
        kind="binary" if binary else "continuous",
        control_arm=control_arm,
        treatment_arm=treatment_arm,
        frequentist=frequentist,
        sequential=sequential_test(adjusted_control, adjusted_treatment, alpha=alpha),
        bayesian=chance_to_win(adjusted_control, adjusted_treatment, alpha=alpha),
        cuped=cuped,
        missing=missing,
    )
