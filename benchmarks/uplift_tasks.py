"""Child tasks of the uplift benchmark: fit one learner (ours or scikit-uplift's) on Hillstrom
with the published protocol and score it on the held-out half."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FEATURES = ["recency", "history", "mens", "womens", "zip_code", "newbie", "channel"]


def hillstrom_path() -> Path:
    root = Path(os.environ.get("JOURNEYMAP_DATA", REPO.parent / "shared" / "data"))
    return root / "hillstrom" / "hillstrom.csv"


def _split(rows: int) -> Any:
    """Womens E-Mail vs No E-Mail, target visit, 50/50 split stratified by treatment and
    target, seed 42 (the first `rows` units of the two arms; 0 = all)."""
    import pandas as pd

    from journeymap.experiments import uplift_data
    from journeymap.experiments.uplift_evaluation import stratified_split

    frame = pd.read_csv(hillstrom_path())
    frame = frame[frame["segment"].isin(["Womens E-Mail", "No E-Mail"])]
    if rows:
        frame = frame.head(rows)
    data = uplift_data(
        frame,
        treatment="segment",
        target="visit",
        treated="Womens E-Mail",
        control="No E-Mail",
        features=FEATURES,
    )
    split = stratified_split(data, test_size=0.5, seed=42)
    return data, split.train, split.test


def _scores(y: Any, t: Any, uplift: Any) -> dict[str, float]:
    import warnings

    from journeymap.experiments import qini_auc, uplift_at_k

    with warnings.catch_warnings():
        # scikit-uplift 0.5.1 calls a scikit-learn helper deprecated in 1.8
        warnings.simplefilter("ignore", FutureWarning)
        from sklift.metrics import qini_auc_score
        from sklift.metrics import uplift_at_k as sklift_uplift_at_k

        theirs_at_30 = float(sklift_uplift_at_k(y, uplift, t, strategy="by_group", k=0.3))
        theirs_qini = float(qini_auc_score(y, uplift, t))
    return {
        "uplift_at_30": uplift_at_k(y, t, uplift, k=0.3),
        "qini": qini_auc(y, t, uplift),
        "sklift_uplift_at_30": theirs_at_30,
        "sklift_qini": theirs_qini,
    }


def fit_and_score(library: str, learner: str, estimator: str, rows: int) -> dict[str, Any]:
    """Child: one model of `library` (journeymap or sklift), timed fit, scored by both metric
    implementations (they must agree)."""
    import warnings

    from journeymap.experiments.uplift_evaluation import make_estimator
    from journeymap.experiments.uplift_models import LEARNERS

    data, train, test = _split(rows)
    x_train, y_train, t_train = data.features[train], data.target[train], data.treatment[train]
    base = make_estimator(estimator, 42)  # type: ignore[arg-type]
    if library == "journeymap":
        model: Any = LEARNERS[learner](base)
    else:
        from sklearn.base import clone
        from sklift.models import ClassTransformation, SoloModel, TwoModels

        model = {
            "s-learner": lambda: SoloModel(base),
            "t-learner": lambda: TwoModels(base, clone(base), method="vanilla"),
            "class-transformation": lambda: ClassTransformation(base),
        }[learner]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        started = time.perf_counter()
        model.fit(x_train, y_train, t_train)
        seconds = time.perf_counter() - started
        uplift = model.predict(data.features[test])
    return {"fit": seconds, "units": int(data.target.size)} | _scores(
        data.target[test], data.treatment[test], uplift
    )
