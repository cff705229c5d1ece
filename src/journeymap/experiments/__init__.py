"""A/B and holdout statistics and uplift models (layer 2: may use analytics, store, events,
model, i18n).

A/B: `analyze_experiment` runs everything on a table of units; the methods are one module
each (`proportions`, `means`, `bayesian`, `cuped`, `srm`, `sequential`, `multiple`).
Uplift: `uplift_models` (S-, T-learner, class transformation), `uplift_metrics` (Qini,
uplift@k), `uplift_evaluation` (the split-fit-score protocol). See docs/experiments.md.
"""

from __future__ import annotations

from journeymap.experiments.analysis import (
    ExperimentAnalysis,
    MetricComparison,
    analyze_experiment,
)
from journeymap.experiments.bayesian import chance_to_win
from journeymap.experiments.cuped import cuped_arms, cuped_theta
from journeymap.experiments.errors import ExperimentInputError, ExperimentUsageError
from journeymap.experiments.means import welch_t_test
from journeymap.experiments.multiple import adjust_p_values, benjamini_hochberg, holm
from journeymap.experiments.proportions import two_proportion_test
from journeymap.experiments.results import ArmSummary, BayesianEffect, Effect, SampleRatioCheck
from journeymap.experiments.sequential import sequential_test
from journeymap.experiments.srm import sample_ratio_check
from journeymap.experiments.summary import proportion, summarize
from journeymap.experiments.uplift_data import UpliftData, uplift_data
from journeymap.experiments.uplift_evaluation import UpliftScore, evaluate_uplift
from journeymap.experiments.uplift_metrics import qini_auc, qini_curve, uplift_at_k
from journeymap.experiments.uplift_models import ClassTransformation, SLearner, TLearner

__all__ = [
    "ArmSummary",
    "BayesianEffect",
    "ClassTransformation",
    "Effect",
    "ExperimentAnalysis",
    "ExperimentInputError",
    "ExperimentUsageError",
    "MetricComparison",
    "SLearner",
    "SampleRatioCheck",
    "TLearner",
    "UpliftData",
    "UpliftScore",
    "adjust_p_values",
    "analyze_experiment",
    "benjamini_hochberg",
    "chance_to_win",
    "cuped_arms",
    "cuped_theta",
    "evaluate_uplift",
    "holm",
    "proportion",
    "qini_auc",
    "qini_curve",
    "sample_ratio_check",
    "sequential_test",
    "summarize",
    "two_proportion_test",
    "uplift_at_k",
    "uplift_data",
    "welch_t_test",
]
