"""Markov chain attribution with removal effects, order 1 to 3, solved exactly.

States are the last `order` labels of a journey (shorter at its beginning), plus `(start)` and
two absorbing states, conversion and null. Transition probabilities are the observed transition
counts divided by each state's outflow (every journey is weighted by its conversions plus nulls).

For the transient part `Q` and the one-step absorption vector `b` (probability of converting
from each state), the conversion probability from every state is `x = (I - Q)^-1 b` and the
chain's conversion probability is `P = s . x` where `s` is the distribution of first states.
Removing a label sends every state that contains it to null (its row of `Q` and `b` become 0):
the removal effect is `RE_c = 1 - P_without_c / P`. Credited conversions are
`total_conversions * RE_c / sum(RE)`.

Value uses the same chain with `b` replaced by the expected value absorbed from each state (the
conversion value leaving the state divided by its outflow), so high-value paths weigh more.
Counting happens in Ibis; only the small state graph reaches Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.linalg import spsolve

from journeymap.i18n import gettext as _

START = "(start)"
STATE_SEPARATOR = " > "
MAX_ORDER = 3

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class StateGraph:
    """Aggregated transitions of a touch table: the whole input of the Markov solver."""

    transitions: list[tuple[str, str, float]]
    """(from state, to state, journeys); `from` may be `(start)`."""
    ends: list[tuple[str, float, float, float]]
    """(last state, conversions, value, nulls)."""


def state_graph(touches: ibis.Table, order: int = 1) -> StateGraph:
    """Count transitions between order-`order` states in Ibis."""
    if not 1 <= order <= MAX_ORDER:
        raise ValueError(
            _("Markov order must be 1..{max_order}, got {order}", max_order=MAX_ORDER, order=order)
        )
    window = ibis.window(group_by=touches.journey, order_by=touches.position)
    state = touches.label
    for back in range(1, order):
        earlier = touches.label.lag(back).over(window)
        state = earlier.isnull().ifelse(state, earlier + STATE_SEPARATOR + state)
    stated = touches.mutate(state=state, weight=touches.conversions + touches.nulls)
    stated = stated.mutate(
        previous=stated.state.lag(1)
        .over(ibis.window(group_by=stated.journey, order_by=stated.position))
        .coalesce(START)
    )
    moves = stated.group_by(["previous", "state"]).aggregate(journeys=stated.weight.sum())
    last = stated.filter(stated.position == stated.n_touches - 1)
    ends = last.group_by("state").aggregate(
        conversions=last.conversions.sum(), value=last.value.sum(), nulls=last.nulls.sum()
    )
    move_rows = moves.order_by(["previous", "state"]).to_pyarrow().to_pylist()
    end_rows = ends.order_by("state").to_pyarrow().to_pylist()
    return StateGraph(
        transitions=[(r["previous"], r["state"], float(r["journeys"])) for r in move_rows],
        ends=[
            (r["state"], float(r["conversions"]), float(r["value"]), float(r["nulls"]))
            for r in end_rows
        ],
    )


@dataclass(frozen=True)
class RemovalEffects:
    conversion_probability: float
    value_per_journey: float
    conversions: dict[str, float]
    """Removal effect on the conversion probability per label."""
    value: dict[str, float]
    """Removal effect on the expected value per label."""


def removal_effects(graph: StateGraph) -> RemovalEffects:
    """Exact removal effects of every label of the graph."""
    states = sorted({s for _, s, _ in graph.transitions} | {s for s, *_ in graph.ends})
    index = {s: k for k, s in enumerate(states)}
    size = len(states)
    if size == 0:
        return RemovalEffects(0.0, 0.0, {}, {})
    outflow = np.zeros(size)
    start = np.zeros(size)
    rows: list[int] = []
    cols: list[int] = []
    counts: list[float] = []
    for source, target, journeys in graph.transitions:
        if source == START:
            start[index[target]] += journeys
            continue
        outflow[index[source]] += journeys
        rows.append(index[source])
        cols.append(index[target])
        counts.append(journeys)
    converted = np.zeros(size)
    valued = np.zeros(size)
    for state, conversions, value, nulls in graph.ends:
        k = index[state]
        outflow[k] += conversions + nulls
        converted[k] += conversions
        valued[k] += value
    safe = np.where(outflow > 0, outflow, 1.0)
    q = sp.csr_matrix(
        (np.asarray(counts) / safe[rows], (rows, cols)), shape=(size, size), dtype=np.float64
    )
    start_share = start / start.sum() if start.sum() > 0 else start
    b_conv = converted / safe
    b_value = valued / safe
    base_conv, base_value = _absorb(q, start_share, b_conv, b_value, np.ones(size))
    by_label: dict[str, list[int]] = {}
    for state, k in index.items():
        for label in set(state.split(STATE_SEPARATOR)):
            by_label.setdefault(label, []).append(k)
    effect_conv: dict[str, float] = {}
    effect_value: dict[str, float] = {}
    for label in sorted(by_label):
        keep = np.ones(size)
        keep[by_label[label]] = 0.0
        conv, value = _absorb(q, start_share, b_conv, b_value, keep)
        effect_conv[label] = 1.0 - conv / base_conv if base_conv > 0 else 0.0
        effect_value[label] = 1.0 - value / base_value if base_value > 0 else 0.0
    return RemovalEffects(base_conv, base_value, effect_conv, effect_value)


def _absorb(
    q: sp.csr_matrix, start: FloatArray, b_conv: FloatArray, b_value: FloatArray, keep: FloatArray
) -> tuple[float, float]:
    """Conversion probability and expected value from start, with rows where keep=0 removed."""
    size = q.shape[0]
    kept = sp.diags(keep) @ q
    system = (sp.identity(size, format="csc") - kept).tocsc()
    rhs = np.column_stack([b_conv * keep, b_value * keep])
    solution = np.asarray(spsolve(system, rhs)).reshape(size, 2)
    conv, value = start @ solution
    return float(conv), float(value)
