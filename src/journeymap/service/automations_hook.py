"""The automations under `journeymap serve`: the loader (the store's one writer) runs the
chains after each pass, on its own store connection: new events start and move persons, due
timers ring. On a Spark store the runner reads the events from Spark and keeps its state in the
workspace's DuckDB side file (`orchestrate.ibis_source`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from journeymap.orchestrate.ibis_source import side_state_url
from journeymap.orchestrate.load import load_automations, workspace_maps
from journeymap.orchestrate.recommend import workspace_recommend
from journeymap.orchestrate.run import open_channels
from journeymap.orchestrate.runner import Runner
from journeymap.service.settings import STATE_FILE
from journeymap.store import Store


def automations_pass(folder: Path, map_paths: Sequence[Path]) -> Callable[[Store], None]:
    """A function for `Loader(after_pass=...)`; chains are loaded once, the runner is made on
    the first call (with the loader's store). A chain folder with problems raises at once."""
    maps = workspace_maps(map_paths)
    automations = load_automations(folder, maps)
    runners: dict[int, Runner] = {}

    def run(store: Store) -> None:
        runner = runners.get(id(store))
        if runner is None:
            channels = open_channels(automations.settings, folder.parent)
            recommend = workspace_recommend(folder.parent / STATE_FILE)
            state, events = store, None
            if store.engine != "duckdb":  # a Spark store: the runner's state in a side file
                state, events = Store.open(side_state_url(folder.parent)), store
            runner = Runner(
                state, automations, channels, maps=maps, recommend=recommend, events=events
            )
            runners[id(store)] = runner
        runner.feed_new()
        runner.tick()

    return run
