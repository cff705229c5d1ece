"""Offline evaluation of recommenders: temporal splits, ranking metrics, one harness."""

from journeymap.personalize.evaluation.harness import Evaluation, evaluate
from journeymap.personalize.evaluation.metrics import (
    catalog_coverage,
    map_at_k,
    ndcg_at_k,
    novelty,
    recall_at_k,
)
from journeymap.personalize.evaluation.splits import Split, global_time_split, per_person_split

__all__ = [
    "Evaluation",
    "Split",
    "catalog_coverage",
    "evaluate",
    "global_time_split",
    "map_at_k",
    "ndcg_at_k",
    "novelty",
    "per_person_split",
    "recall_at_k",
]
