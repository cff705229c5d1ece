"""Recommenders with scikit-learn's grammar (see `base`), one module per model."""

from journeymap.personalize.recommenders.base import (
    RESULT_COLUMNS,
    Recommender,
    RecommenderError,
)
from journeymap.personalize.recommenders.blend import BlendRecommender
from journeymap.personalize.recommenders.content import ContentRecommender
from journeymap.personalize.recommenders.covisitation import CoVisitationRecommender
from journeymap.personalize.recommenders.ease import EASERecommender
from journeymap.personalize.recommenders.implicit_models import ALSRecommender, BPRRecommender
from journeymap.personalize.recommenders.item_knn import ItemKNNRecommender
from journeymap.personalize.recommenders.popularity import PopularityRecommender
from journeymap.personalize.recommenders.spark_als import SparkALSRecommender

__all__ = [
    "RESULT_COLUMNS",
    "ALSRecommender",
    "BPRRecommender",
    "BlendRecommender",
    "CoVisitationRecommender",
    "ContentRecommender",
    "EASERecommender",
    "ItemKNNRecommender",
    "PopularityRecommender",
    "Recommender",
    "RecommenderError",
    "SparkALSRecommender",
]
