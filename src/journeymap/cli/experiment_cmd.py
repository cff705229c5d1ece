"""`journeymap experiment analyze|uplift`: A/B statistics and uplift models on a table of units."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import EXIT_FINDINGS, EXIT_USAGE, JsonOption, console, fail, print_json
from journeymap.i18n import N_, format_number, format_percent, ngettext
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.experiments import ExperimentAnalysis, ExperimentInputError, UpliftScore

experiment_app = typer.Typer(
    name="experiment",
    help=N_("A/B and holdout statistics, and uplift models: who should get the message."),
    no_args_is_help=True,
)

EFFECT_HEADERS = (
    N_("metric"),
    N_("variant"),
    N_("method"),
    N_("control"),
    N_("treatment"),
    N_("difference [CI]"),
    N_("lift [CI]"),
)
DECISION_HEADERS = (
    N_("metric"),
    N_("variant"),
    N_("p"),
    N_("p Holm"),
    N_("p BH"),
    N_("lift, always-valid CI"),
    N_("chance to win"),
)
UPLIFT_HEADERS = (N_("learner"), N_("Qini AUC"), N_("fit, s"))


def _input_error(error: ExperimentInputError) -> NoReturn:
    from journeymap.experiments import ExperimentUsageError

    code = EXIT_USAGE if isinstance(error, ExperimentUsageError) else EXIT_FINDINGS
    fail(str(error), hint=error.hint, code=code)


def _num(value: float, decimals: int = 4) -> str:
    return "-" if math.isnan(value) else format_number(value, decimals=decimals)


def _pct(value: float) -> str:
    return "-" if math.isnan(value) else format_percent(value, decimals=1)


def _p(value: float) -> str:
    if math.isnan(value):
        return "-"
    return "<0.0001" if value < 0.0001 else format_number(value, decimals=4)


def analyze(
    data: Annotated[str, typer.Argument(help=N_("CSV (or Parquet) file, one row per unit."))],
    *,
    variant: Annotated[
        str, typer.Option("--variant", help=N_("Column naming each unit's variant."))
    ],
    metric: Annotated[
        list[str], typer.Option("--metric", help=N_("Metric column (0/1 or a number); repeatable."))
    ],
    control: Annotated[
        str | None, typer.Option("--control", help=N_("The control variant's value."))
    ] = None,
    covariate: Annotated[
        str | None,
        typer.Option("--covariate", help=N_("Pre-period column for CUPED variance reduction.")),
    ] = None,
    split: Annotated[
        list[str] | None,
        typer.Option(
            "--split",
            help=N_("Planned share of a variant, NAME=WEIGHT (repeat for every variant)."),
        ),
    ] = None,
    alpha: Annotated[float, typer.Option("--alpha", help=N_("1 - confidence level."))] = 0.05,
    as_json: JsonOption = False,
) -> None:
    from journeymap.experiments import ExperimentInputError, analyze_experiment
    from journeymap.experiments.units_file import read_units

    if not 0 < alpha < 1:
        fail(_("--alpha must be between 0 and 1"), code=EXIT_USAGE)
    weights = _weights(split) if split else None
    try:
        frame = read_units(data)
        result = analyze_experiment(
            frame,
            variant=variant,
            metrics=metric,
            control=control,
            covariate=covariate,
            weights=weights,
            alpha=alpha,
        )
    except ExperimentInputError as error:
        _input_error(error)
    if as_json:
        print_json(result.to_dict())
        return
    _print_analysis(result)


def _weights(split: list[str]) -> dict[str, float]:
    weights: dict[str, float] = {}
    for item in split:
        name, _sep, raw = item.rpartition("=")
        try:
            weight = float(raw)
        except ValueError:
            weight = -1.0
        if not name or weight <= 0:
            fail(
                _("--split takes NAME=WEIGHT with a positive weight, not {value}", value=item),
                code=EXIT_USAGE,
            )
        weights[name] = weight
    return weights


def _print_analysis(result: ExperimentAnalysis) -> None:
    counts = ", ".join(f"{escape(v)} {format_number(n)}" for v, n in result.srm.observed.items())
    console.print(
        _("variants: {counts}; control: {control}", counts=counts, control=escape(result.control))
    )
    if result.srm.mismatch:
        console.print(
            "[yellow]"
            + escape(
                _(
                    "warning: sample ratio mismatch (chi-square p = {p}): the split is not "
                    "the planned one; check assignment and logging before trusting the results",
                    p=_p(result.srm.p_value),
                )
            )
            + "[/yellow]"
        )
    else:
        console.print(_("sample ratio check: ok (p = {p})", p=_p(result.srm.p_value)))
    effects = Table(*[_(h) for h in EFFECT_HEADERS], title=_("Effect"), title_justify="left")
    decisions = Table(*[_(h) for h in DECISION_HEADERS], title=_("Decision"), title_justify="left")
    for comparison in result.comparisons:
        effect = comparison.primary
        shown = _pct if comparison.kind == "binary" else _num
        names = (escape(comparison.metric), escape(comparison.variant))
        effects.add_row(
            *names,
            effect.method,
            shown(comparison.control_arm.baseline_mean),
            shown(comparison.treatment_arm.baseline_mean),
            f"{shown(effect.difference)} [{shown(effect.ci_low)}, {shown(effect.ci_high)}]",
            f"{_pct(effect.lift)} [{_pct(effect.lift_ci_low)}, {_pct(effect.lift_ci_high)}]",
        )
        sequential = comparison.sequential
        decisions.add_row(
            *names,
            _p(effect.p_value),
            _p(comparison.p_holm),
            _p(comparison.p_bh),
            f"[{_pct(sequential.lift_ci_low)}, {_pct(sequential.lift_ci_high)}]",
            _pct(comparison.bayesian.chance_to_win),
        )
    console.print(effects)
    console.print(decisions)
    missing = sum(c.missing for c in result.comparisons)
    if missing:
        console.print(
            ngettext(
                "{count} unit without a value of its metric was left out",
                "{count} units without a value of their metric were left out",
                missing,
                count=missing,
            )
        )


def uplift(
    data: Annotated[str, typer.Argument(help=N_("CSV (or Parquet) file, one row per unit."))],
    *,
    treatment: Annotated[
        str,
        typer.Option("--treatment", help=N_("Column: 0/1, or labels with --treated/--control.")),
    ],
    target: Annotated[str, typer.Option("--target", help=N_("0/1 outcome column."))],
    treated: Annotated[
        str | None, typer.Option("--treated", help=N_("Value of the treatment column for treated."))
    ] = None,
    control: Annotated[
        str | None, typer.Option("--control", help=N_("Value of the treatment column for control."))
    ] = None,
    feature: Annotated[
        list[str] | None,
        typer.Option("--feature", help=N_("Feature column (repeatable); default: all others.")),
    ] = None,
    learner: Annotated[
        list[str] | None,
        typer.Option(
            "--learner", help=N_("s-learner, t-learner, class-transformation; repeatable.")
        ),
    ] = None,
    estimator: Annotated[
        str, typer.Option("--estimator", help=N_("Base classifier: logistic or boosting."))
    ] = "logistic",
    test_size: Annotated[
        float, typer.Option("--test-size", help=N_("Share of units held out for scoring."))
    ] = 0.5,
    seed: Annotated[int, typer.Option("--seed", help=N_("Seed of the split and the models."))] = 42,
    as_json: JsonOption = False,
) -> None:
    from journeymap.experiments import ExperimentInputError, evaluate_uplift, uplift_data
    from journeymap.experiments.units_file import read_units
    from journeymap.experiments.uplift_models import LEARNERS

    learners = tuple(learner or LEARNERS)
    unknown = [name for name in learners if name not in LEARNERS]
    if unknown:
        fail(
            _("unknown learner {names}", names=", ".join(unknown)),
            hint=_("choose from {names}", names=", ".join(LEARNERS)),
            code=EXIT_USAGE,
        )
    if estimator not in ("logistic", "boosting"):
        fail(_("--estimator must be logistic or boosting"), code=EXIT_USAGE)
    if not 0 < test_size < 1:
        fail(_("--test-size must be between 0 and 1"), code=EXIT_USAGE)
    try:
        frame = read_units(data)
        prepared = uplift_data(
            frame,
            treatment=treatment,
            target=target,
            treated=treated,
            control=control,
            features=feature,
        )
        scores = evaluate_uplift(
            prepared,
            learners=learners,
            estimator=estimator,  # type: ignore[arg-type]
            test_size=test_size,
            seed=seed,
        )
    except ExperimentInputError as error:
        _input_error(error)
    if as_json:
        print_json(
            {
                "units": int(prepared.target.size),
                "left_out": prepared.left_out,
                "features": prepared.feature_names,
                "scores": [_score_json(s) for s in scores],
            }
        )
        return
    _print_uplift(scores, units=int(prepared.target.size), left_out=prepared.left_out)


def _score_json(score: UpliftScore) -> dict[str, Any]:
    row = score.row()
    row["uplift_at"] = {str(k): v for k, v in score.uplift_at.items()}
    return row


def _print_uplift(scores: list[UpliftScore], *, units: int, left_out: int) -> None:
    console.print(
        _(
            "{units} units ({left_out} of other variants left out); scored on {test} held out",
            units=format_number(units),
            left_out=format_number(left_out),
            test=format_number(scores[0].test_units),
        )
    )
    ks = list(scores[0].uplift_at)
    headers = [_(UPLIFT_HEADERS[0])]
    headers += [_("uplift@{k}", k=format_percent(k)) for k in ks]
    headers += [_(h) for h in UPLIFT_HEADERS[1:]]
    table = Table(*headers, title_justify="left")
    for score in scores:
        table.add_row(
            score.learner,
            *[_num(score.uplift_at[k]) for k in ks],
            _num(score.qini_auc),
            format_number(score.fit_seconds, decimals=2),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    experiment_app.command(
        "analyze",
        help=N_(
            "Compare every variant with the control on every metric: z or Welch t "
            "(CUPED with a covariate), always-valid intervals, Bayesian chance to "
            "win, SRM check, Holm and BH."
        ),
    )(analyze)
    experiment_app.command(
        "uplift",
        help=N_("Fit uplift models on a stratified split and report uplift@k and the Qini AUC."),
    )(uplift)
    app.add_typer(experiment_app, name="experiment")
