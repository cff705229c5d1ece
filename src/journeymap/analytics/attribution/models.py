"""One entry point for every attribution model over a touch table."""

from __future__ import annotations

import ibis

from journeymap.analytics.attribution.heuristic import credit_by_label, touch_weights
from journeymap.analytics.attribution.markov import removal_effects, state_graph
from journeymap.analytics.attribution.result import AttributionResult, ChannelCredit
from journeymap.analytics.attribution.shapley import MAX_LABELS, label_sets, shapley_values
from journeymap.analytics.option_names import ATTRIBUTION_MODELS, HEURISTIC_MODELS
from journeymap.i18n import gettext as _

MODELS = ATTRIBUTION_MODELS
DEFAULT_HALF_LIFE = 7.0
"""Days for event data, steps for aggregated paths."""


def attribute(
    touches: ibis.Table,
    model: str,
    *,
    half_life: float = DEFAULT_HALF_LIFE,
    order: int = 1,
    max_labels: int = MAX_LABELS,
) -> AttributionResult:
    """Credit conversions and value of a touch table to its labels with `model`.

    `half_life` is in the unit of the table's `age` column (days for event data, steps for
    aggregated paths); `order` is the Markov order (1..3).
    """
    totals = _totals(touches)
    if model in HEURISTIC_MODELS:
        credited = credit_by_label(touch_weights(touches, model, half_life=half_life))
        rows = credited.to_pyarrow().to_pylist()
        credits = [
            ChannelCredit(str(r["label"]), float(r["conversions"]), float(r["value"])) for r in rows
        ]
        return AttributionResult(model, credits, *totals)
    if model == "markov":
        effects = removal_effects(state_graph(touches, order))
        sum_conv = sum(effects.conversions.values())
        sum_value = sum(effects.value.values())
        credits = [
            ChannelCredit(
                label,
                totals[0] * effects.conversions[label] / sum_conv if sum_conv > 0 else 0.0,
                totals[1] * effects.value[label] / sum_value if sum_value > 0 else 0.0,
            )
            for label in sorted(effects.conversions)
        ]
        details = {
            label: {
                "removal_effect": effects.conversions[label],
                "removal_effect_value": effects.value[label],
            }
            for label in effects.conversions
        }
        return AttributionResult(f"markov_order_{order}", credits, *totals, details=details)
    if model == "shapley":
        sets = label_sets(touches, max_labels=max_labels)
        conv, value = shapley_values(sets)
        credits = [
            ChannelCredit(label, float(conv[k]), float(value[k]))
            for k, label in enumerate(sets.labels)
        ]
        return AttributionResult(model, credits, *totals)
    raise ValueError(
        _(
            "unknown attribution model {model!r}; known: {models}",
            model=model,
            models=", ".join(MODELS),
        )
    )


def _totals(touches: ibis.Table) -> tuple[float, float]:
    journeys = touches.filter(touches.position == 0)
    row = (
        journeys.aggregate(
            conversions=journeys.conversions.sum().coalesce(0.0),
            value=journeys.value.sum().coalesce(0.0),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    return float(row["conversions"]), float(row["value"])
