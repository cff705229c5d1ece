"""`journeymap evaluate`: offline quality of the recommenders on the store or a ratings CSV."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import EXIT_USAGE, fail, print_json
from journeymap.cli.store_access import STORE_HELP, open_store
from journeymap.cli.tables import print_table


def evaluate(
    *,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            "-m",
            help="A recommender to evaluate (repeat); default: popularity, item-knn-bm25, "
            "ease, als, covisitation, blend.",
        ),
    ] = None,
    ratings: Annotated[
        str | None,
        typer.Option(
            "--ratings",
            help="A MovieLens-style ratings CSV (userId,movieId,rating,timestamp) instead of "
            "the store.",
        ),
    ] = None,
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    k: Annotated[int, typer.Option("-k", min=1, help="Length of the ranked lists.")] = 10,
    split: Annotated[
        str, typer.Option("--split", help="person (each person's last part) or global.")
    ] = "person",
    test_fraction: Annotated[
        float, typer.Option("--test-fraction", help="Share of interactions held out.")
    ] = 0.2,
    min_interactions: Annotated[
        int,
        typer.Option(
            "--min-interactions", help="Persons with fewer are not tested (person split)."
        ),
    ] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Evaluate recommenders on a temporal split: NDCG, Recall and MAP at k, coverage, novelty."""
    from journeymap.personalize.evaluation.models import (
        DEFAULT_MODELS,
        MODELS,
        SPLITS,
        evaluate_models,
        make_split,
    )
    from journeymap.personalize.interactions import (
        InteractionsError,
        read_interactions,
        read_ratings,
    )

    names = model or list(DEFAULT_MODELS)
    unknown = [name for name in names if name not in MODELS]
    if unknown:
        fail(
            f"unknown model {', '.join(unknown)}",
            hint=f"known: {', '.join(MODELS)}",
            code=EXIT_USAGE,
        )
    if split not in SPLITS:
        fail(f"unknown split {split!r}", hint=f"use one of {', '.join(SPLITS)}", code=EXIT_USAGE)
    try:
        if ratings:
            interactions = read_ratings(ratings)
        else:
            with open_store(store) as opened:
                interactions = read_interactions(opened)
        if interactions.empty:
            fail(
                "no interactions: no events with an item id in their properties",
                hint="recommenders learn from events such as Product Viewed with a product_id",
            )
        chosen = make_split(
            interactions, split, test_fraction=test_fraction, min_interactions=min_interactions
        )
        results = evaluate_models(names, chosen, k=k)
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
        "model",
        f"NDCG@{k}",
        f"Recall@{k}",
        f"MAP@{k}",
        "coverage",
        "novelty",
        "persons",
        "fit s",
        title=f"Split: {escape(chosen.method)}",
        title_justify="left",
    )
    for r in results:
        table.add_row(
            r.name,
            f"{r.ndcg:.4f}",
            f"{r.recall:.4f}",
            f"{r.map:.4f}",
            f"{r.coverage:.3f}",
            f"{r.novelty:.2f}",
            f"{r.test_persons:,}",
            f"{r.fit_seconds:.1f}",
        )
    print_table(table)


def register(app: typer.Typer) -> None:
    app.command()(evaluate)
