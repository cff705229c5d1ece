"""The report's personalization section: per stage, what is recommended and why; how much of
the catalog that reaches; and the offline quality of the recommenders on the same events.

Shown only when the workspace has a content catalog. What a stage is recommended is the
default available today: among the catalog items in stock that suit the stage (their `stages`
name it, or name none), those most interacted with by persons while in that stage (each
interaction attributed to the stage the person was in, as in `personalize.evaluation.stages`;
reason `popular_in_group`, group `stage`), then those popular overall (`popular`), then the
others the catalog assigns to the stage (`catalog_stage`), ties by item id. Offline quality is the
evaluation harness (per-person temporal split) on the events of the report's scope, for
popularity and item-kNN (BM25), the two cheapest models, so the section stays well under a
second on the demo store (`seconds` keeps the measured time).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from journeymap.personalize.evaluation.stages import UNSTAGED, staged_times, with_stages
from journeymap.personalize.recommenders.reasons import POPULAR, POPULAR_IN_GROUP

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from markupsafe import Markup

    from journeymap.model import JourneyMap
    from journeymap.personalize.catalog import Catalog

TOP_ITEMS: Final = 5
"""Items shown per stage."""
K: Final = 10
QUALITY_MODELS: Final = ("popularity", "item-knn-bm25")
CATALOG_STAGE: Final = "catalog_stage"
"""Reason of an item nobody interacted with, shown because its catalog `stages` name the stage."""


@dataclass(frozen=True)
class StageItem:
    item: str
    title: str
    score: float
    """Summed interaction weight (in the stage, or overall for `popular`)."""
    reason: str
    reason_group: str | None = None
    reason_value: str | None = None


@dataclass(frozen=True)
class StageRecommendations:
    stage: str
    persons: int
    """Persons with interactions while in the stage."""
    items: list[StageItem]


@dataclass
class PersonalizationSection:
    stages: list[StageRecommendations]
    catalog_items: int
    catalog_products: int
    interacted_items: int
    """Catalog items named by at least one interaction."""
    missing_items: int
    """Items named by interactions that the catalog lacks."""
    recommended_coverage: float
    """Share of the catalog's items in stock shown in some stage's list."""
    stage_names: dict[str, str] = field(default_factory=dict)
    split: str | None = None
    quality: list[dict[str, Any]] = field(default_factory=list)
    """Per model: `name`, `ndcg`, `recall`, `coverage`, `test_persons` (at `k`)."""
    k: int = K
    simulated: bool = False
    seconds: float = 0.0
    note: str | None = None
    """Why the quality is missing, when it is."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def html(self, language: str) -> Markup:
        from journeymap.report.personalization_html import section_html

        return section_html(self, language)


def personalization_section(
    events: ir.Table,
    bound: ir.Table,
    journey: JourneyMap,
    catalog: Catalog | None,
    *,
    simulated: bool = False,
) -> PersonalizationSection | None:
    """The section, or None without a catalog (or an empty one)."""
    if catalog is None or len(catalog) == 0:
        return None
    from journeymap.personalize.interactions import interactions_table
    from journeymap.store.arrow import to_arrow

    started = time.perf_counter()
    frame: pd.DataFrame = to_arrow(interactions_table(bound)).to_pandas()
    products = [item for item in catalog if item.type == "product"]
    offered = {item.id for item in catalog if item.in_stock}
    section = PersonalizationSection(
        stages=[],
        catalog_items=len(catalog),
        catalog_products=len(products),
        interacted_items=len(set(frame["item"]) & set(catalog.items)),
        missing_items=len(set(frame["item"]) - set(catalog.items)),
        recommended_coverage=0.0,
        stage_names={stage.id: stage.name for stage in journey.stages},
        simulated=simulated,
    )
    if frame.empty:
        section.note = "no interactions: no events name an item"
    else:
        frame = with_stages(frame, staged_times(bound, journey))
        section.stages = _stage_lists(frame, journey, catalog, offered)
        _add_quality(section, frame, [stage.id for stage in journey.stages])
    shown = {i.item for s in section.stages for i in s.items}
    section.recommended_coverage = len(shown) / len(offered) if offered else 0.0
    section.seconds = time.perf_counter() - started
    return section


def _stage_lists(
    frame: pd.DataFrame, journey: JourneyMap, catalog: Catalog, offered: set[str]
) -> list[StageRecommendations]:
    overall = frame.groupby("item")["weight"].sum()
    by_stage = frame.groupby(["stage", "item"])["weight"].sum()
    persons = frame.groupby("stage")["person"].nunique()
    lists = []
    for stage in journey.stages:
        in_stage = by_stage.xs(stage.id, level="stage") if stage.id in persons.index else None
        suited = [
            item.id
            for item in catalog
            if item.id in offered and (not item.stages or stage.id in item.stages)
        ]
        ranked = sorted(
            (
                -_weight(in_stage, item),
                -_weight(overall, item),
                item,
            )
            for item in suited
        )
        items = [
            _stage_item(catalog, stage.id, item, -stage_weight, -overall_weight)
            for stage_weight, overall_weight, item in ranked[:TOP_ITEMS]
        ]
        lists.append(StageRecommendations(stage.id, int(persons.get(stage.id, 0)), items))
    return lists


def _weight(weights: pd.Series | None, item: str) -> float:
    return float(weights.get(item, 0.0)) if weights is not None else 0.0


def _stage_item(
    catalog: Catalog, stage: str, item: str, stage_weight: float, overall_weight: float
) -> StageItem:
    """Popular in the stage, else popular overall, else chosen for the stage by the catalog."""
    title = _title(catalog, item)
    if stage_weight > 0:
        return StageItem(item, title, round(stage_weight, 3), POPULAR_IN_GROUP, "stage", stage)
    if overall_weight > 0:
        return StageItem(item, title, round(overall_weight, 3), POPULAR)
    return StageItem(item, title, 0.0, CATALOG_STAGE, "stage", stage)


def _title(catalog: Catalog, item: str) -> str:
    found = catalog.get(item)
    return found.title if found else item


def _add_quality(section: PersonalizationSection, frame: pd.DataFrame, order: list[str]) -> None:
    from journeymap.personalize.evaluation.models import evaluate_models, make_split
    from journeymap.personalize.interactions import InteractionsError

    try:
        split = make_split(frame.drop(columns=["event"], errors="ignore"))
        results = evaluate_models(QUALITY_MODELS, split, k=K, stage_order=order)
    except InteractionsError as error:
        section.note = str(error)
        return
    section.split = split.method
    section.quality = [
        {
            "name": r.name,
            "ndcg": r.ndcg,
            "recall": r.recall,
            "coverage": r.coverage,
            "test_persons": r.test_persons,
            "stages": {s: v for s, v in r.stages.items() if s != UNSTAGED},
        }
        for r in results
    ]
