"""`journeymap evaluate`: offline quality of the recommenders on the store or a ratings CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import EXIT_USAGE, fail, print_json, report_map_error
from journeymap.cli.store_access import STORE_HELP, open_store
from journeymap.cli.tables import print_table
from journeymap.i18n import N_, format_number
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.model import JourneyMap
    from journeymap.personalize.evaluation.harness import Evaluation


def evaluate(
    *,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            "-m",
            help=N_(
                "A recommender to evaluate (repeat); default: popularity, item-knn-bm25, "
                "ease, als, covisitation, blend."
            ),
        ),
    ] = None,
    ratings: Annotated[
        str | None,
        typer.Option(
            "--ratings",
            help=N_(
                "A MovieLens-style ratings CSV (userId,movieId,rating,timestamp) instead of "
                "the store."
            ),
        ),
    ] = None,
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    k: Annotated[int, typer.Option("-k", min=1, help=N_("Length of the ranked lists."))] = 10,
    split: Annotated[
        str, typer.Option("--split", help=N_("person (each person's last part) or global."))
    ] = "person",
    test_fraction: Annotated[
        float, typer.Option("--test-fraction", help=N_("Share of interactions held out."))
    ] = 0.2,
    min_interactions: Annotated[
        int,
        typer.Option(
            "--min-interactions", help=N_("Persons with fewer are not tested (person split).")
        ),
    ] = 5,
    map: Annotated[
        str | None,
        typer.Option(
            "--map",
            help=N_(
                "A map: score each stage too (each test interaction in the stage the person "
                "was in)."
            ),
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the results as JSON."))] = False,
) -> None:
    from journeymap.personalize.evaluation.models import (
        DEFAULT_MODELS,
        MODELS,
        SPLITS,
        evaluate_models,
        make_split,
    )
    from journeymap.personalize.evaluation.stages import staged_times, with_stages
    from journeymap.personalize.interactions import (
        InteractionsError,
        read_interactions,
        read_ratings,
    )

    names = model or list(DEFAULT_MODELS)
    unknown = [name for name in names if name not in MODELS]
    if unknown:
        fail(
            _("unknown model {models}", models=", ".join(unknown)),
            hint=_("known: {models}", models=", ".join(MODELS)),
            code=EXIT_USAGE,
        )
    if map and ratings:
        fail(
            _("--map needs the store's events"),
            hint=_("drop --ratings or --map"),
            code=EXIT_USAGE,
        )
    journey = _journey(map) if map else None
    if split not in SPLITS:
        fail(
            _("unknown split {split}", split=repr(split)),
            hint=_("use one of {splits}", splits=", ".join(SPLITS)),
            code=EXIT_USAGE,
        )
    try:
        if ratings:
            interactions = read_ratings(ratings)
        else:
            with open_store(store) as opened:
                interactions = read_interactions(opened)
                if journey is not None and not interactions.empty:
                    staged = staged_times(opened.events(), journey)
                    interactions = with_stages(interactions, staged)
        if interactions.empty:
            fail(
                _("no interactions: no events with an item id in their properties"),
                hint=_("recommenders learn from events such as Product Viewed with a product_id"),
            )
        chosen = make_split(
            interactions, split, test_fraction=test_fraction, min_interactions=min_interactions
        )
        order = [stage.id for stage in journey.stages] if journey else []
        results = evaluate_models(names, chosen, k=k, stage_order=order)
    except InteractionsError as error:
        fail(str(error))
    if as_json:
        print_json(
            {
                "split": chosen.method,
                "test_persons": len(chosen.test_persons),
                "results": [r.as_dict() for r in results],
            }
        )
        return
    table = Table(
        _("model"),
        f"NDCG@{k}",
        f"Recall@{k}",
        f"MAP@{k}",
        _("coverage"),
        _("novelty"),
        _("persons"),
        _("fit s"),
        title=_("Split: {method}", method=escape(chosen.method)),
        title_justify="left",
    )
    for r in results:
        table.add_row(
            r.name,
            format_number(r.ndcg, decimals=4),
            format_number(r.recall, decimals=4),
            format_number(r.map, decimals=4),
            format_number(r.coverage, decimals=3),
            format_number(r.novelty, decimals=2),
            format_number(r.test_persons),
            format_number(r.fit_seconds, decimals=1),
        )
    print_table(table)
    if journey is not None:
        _print_stages(results, k)


def _journey(path: str) -> JourneyMap:
    from journeymap.model import MapError, load_map

    try:
        return load_map(path)
    except MapError as error:
        report_map_error(error)


def _print_stages(results: list[Evaluation], k: int) -> None:
    table = Table(
        _("model"),
        _("stage"),
        f"NDCG@{k}",
        f"Recall@{k}",
        _("persons"),
        title=_("Per stage (each test interaction in the stage the person was in)"),
        title_justify="left",
    )
    for r in results:
        for stage, scores in r.stages.items():
            table.add_row(
                r.name,
                escape(stage),
                format_number(scores["ndcg"], decimals=4),
                format_number(scores["recall"], decimals=4),
                format_number(scores["test_persons"]),
            )
    print_table(table)


def register(app: typer.Typer) -> None:
    app.command(
        help=N_(
            "Evaluate recommenders on a temporal split: NDCG, Recall and MAP at k, "
            "coverage, novelty."
        )
    )(evaluate)
