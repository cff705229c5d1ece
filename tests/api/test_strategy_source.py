"""The read API serves the per-stage strategies' prepared state when the workspace has one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from journeymap.api.read_state import ReadState
from journeymap.api.recommendation_source import FittedRecommenderSource
from journeymap.api.strategy_source import StrategySource
from journeymap.i18n import use_language
from journeymap.model import load_map
from journeymap.personalize.catalog import load_catalog
from journeymap.personalize.strategies import prepare
from journeymap.personalize.strategies.serving import serve
from journeymap.service import settings as service_settings
from journeymap.store import Store
from tests.api.read_server import make_settings


def test_the_state_file_path_is_the_strategies_one() -> None:
    assert service_settings.STATE_FILE == prepare.STATE_FILE


def test_a_prepared_state_is_served_and_without_one_the_fitted_recommender(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path)
    assert isinstance(ReadState(settings).build().source, FittedRecommenderSource)
    state_file = tmp_path / "serving.json"
    journey = load_map(tmp_path / "maps" / "seed-shop.en.yaml")
    with Store.open(settings.store_url) as store:
        state = prepare.prepare_serving(
            store, journey=journey, catalog=load_catalog(tmp_path / "content"), path=state_file
        )
    prepared = dataclasses.replace(settings, serving_state=state_file)
    source = ReadState(prepared).build().source
    assert isinstance(source, StrategySource)
    person = next(iter(state.persons))
    for language in ("en", "ru"):
        with use_language(language):
            served = source.recommend(person, n=3, stage=None)
        expected = serve(state, person, n=3, language=language)
        assert [r.item for r in served] == [e.item_id for e in expected]
        assert [r.reason.text for r in served] == [e.reason_text for e in expected]
    assert source.recommend("nobody", n=3, stage=None) == []
    action = source.next_best_action(person, map_id=journey.id, stage=None)
    assert action.action in ("offer_item", "none")
