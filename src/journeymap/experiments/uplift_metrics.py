"""Uplift metrics: does the model rank the persuadable first?

`y` is the binary outcome, `treatment` 1 for treated and 0 for control, `score` the predicted
uplift (higher = treat first). The definitions follow scikit-uplift (Radcliffe 2007):

- Qini curve at the top n units: Y_t(n) - Y_c(n) * N_t(n) / N_c(n), the treated responders
  minus the control responders scaled to the treated count, at every distinct score;
- Qini AUC (Qini coefficient): the area between the model's curve and the random line,
  divided by the same area of the perfect curve (1 = perfect, 0 = random);
- uplift@k: the response rate of the treated minus that of the control among the top k
  share of units ranked by score (`by_group`: top k of each group separately).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

Array = npt.ArrayLike
Strategy = Literal["overall", "by_group"]


@dataclass(frozen=True)
class QiniCurve:
    """Points of the curve: units targeted and incremental responders."""

    targeted: npt.NDArray[np.float64]
    gain: npt.NDArray[np.float64]


def _arrays(
    y: Array, treatment: Array, score: Array | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    y_arr = np.asarray(y, dtype=float)
    t_arr = np.asarray(treatment, dtype=float)
    s_arr = np.asarray(score, dtype=float) if score is not None else np.zeros_like(y_arr)
    if not (y_arr.shape == t_arr.shape == s_arr.shape) or y_arr.ndim != 1:
        raise ValueError("y, treatment and score must be 1-d arrays of the same length")
    for name, values in (("y", y_arr), ("treatment", t_arr)):
        if not np.isin(values, (0.0, 1.0)).all():
            raise ValueError(f"{name} must be 0/1")
    if not (t_arr.any() and (1 - t_arr).any()):
        raise ValueError("both treated and control units are needed")
    return y_arr, t_arr, s_arr


def qini_curve(y: Array, treatment: Array, score: Array) -> QiniCurve:
    """The Qini curve at every distinct score (ties are taken together), from (0, 0)."""
    y_arr, t_arr, s_arr = _arrays(y, treatment, score)
    order = np.argsort(s_arr, kind="mergesort")[::-1]
    y_arr, t_arr, s_arr = y_arr[order], t_arr[order], s_arr[order]
    ends = np.r_[np.nonzero(np.diff(s_arr))[0], s_arr.size - 1]
    n_treated = np.cumsum(t_arr)[ends]
    n_control = ends + 1 - n_treated
    y_treated = np.cumsum(y_arr * t_arr)[ends]
    y_control = np.cumsum(y_arr * (1 - t_arr))[ends]
    ratio = np.divide(n_treated, n_control, out=np.zeros_like(n_treated), where=n_control != 0)
    gain = y_treated - y_control * ratio
    return QiniCurve(
        targeted=np.r_[0.0, ends + 1.0],
        gain=np.r_[0.0, gain],
    )


def perfect_qini_curve(y: Array, treatment: Array) -> QiniCurve:
    """The best possible ranking: treated responders first, control responders last."""
    y_arr, t_arr, _ = _arrays(y, treatment)
    return qini_curve(y_arr, t_arr, y_arr * t_arr - y_arr * (1 - t_arr))


def qini_auc(y: Array, treatment: Array, score: Array) -> float:
    """The Qini coefficient: (area under the model's curve - random) / (perfect - random)."""
    from scipy.integrate import trapezoid

    actual = qini_curve(y, treatment, score)
    perfect = perfect_qini_curve(y, treatment)
    random_area = perfect.targeted[-1] * perfect.gain[-1] / 2
    perfect_area = float(trapezoid(perfect.gain, perfect.targeted)) - random_area
    actual_area = float(trapezoid(actual.gain, actual.targeted)) - random_area
    return actual_area / perfect_area if perfect_area else float("nan")


def uplift_at_k(
    y: Array, treatment: Array, score: Array, *, k: float = 0.3, strategy: Strategy = "by_group"
) -> float:
    """Treated minus control response rate among the top `k` share of units by score.

    `by_group` takes the top k of the treated and the top k of the control separately (the
    figure scikit-uplift's tutorials report), `overall` the top k of everyone."""
    if not 0 < k < 1:
        raise ValueError("k must be a share between 0 and 1")
    y_arr, t_arr, s_arr = _arrays(y, treatment, score)
    order = np.argsort(s_arr, kind="mergesort")[::-1]
    y_arr, t_arr = y_arr[order], t_arr[order]
    if strategy == "overall":
        top = int(y_arr.size * k)
        y_top, t_top = y_arr[:top], t_arr[:top]
        return float(y_top[t_top == 1].mean() - y_top[t_top == 0].mean())
    treated, control = y_arr[t_arr == 1], y_arr[t_arr == 0]
    return float(treated[: int(treated.size * k)].mean() - control[: int(control.size * k)].mean())
