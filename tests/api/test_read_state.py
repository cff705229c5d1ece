"""The read state is built once, served while fresh and rebuilt in the background when stale."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from journeymap.api.read_state import Precomputed, ReadState
from journeymap.model.serve_config import ServeSettings
from journeymap.service.profile_snapshot import ProfileSnapshot
from journeymap.service.settings import ServiceSettings
from tests.api.conftest import Api


def _state(tmp_path: Path, max_age: float, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    settings = ServiceSettings(
        f"duckdb://{tmp_path / 's.duckdb'}",
        tmp_path / "spool",
        tmp_path / "k.json",
        ServeSettings(),
    )
    state = ReadState(settings, max_age=max_age)
    builds: list[float] = []

    def build() -> Precomputed:
        builds.append(time.time())
        return Precomputed(ProfileSnapshot(), None, time.time())  # type: ignore[arg-type]

    monkeypatch.setattr(state, "build", build)
    for _ in range(3):
        state.current()
    deadline = time.monotonic() + 5
    while max_age == 0 and len(builds) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    return builds


def test_a_fresh_state_is_built_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(_state(tmp_path, 300, monkeypatch)) == 1


def test_a_stale_state_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(_state(tmp_path, 0, monkeypatch)) >= 2


def test_worker_settings_carry_the_maps_and_content_folders(tmp_path: Path) -> None:
    settings = ServiceSettings(
        "duckdb://s.duckdb",
        tmp_path / "spool",
        tmp_path / "k.json",
        ServeSettings(),
        maps=tmp_path / "maps",
        content=tmp_path / "content",
    )
    assert ServiceSettings.from_env(settings.to_env()) == settings
    bare = ServiceSettings(
        "duckdb://s.duckdb", tmp_path / "spool", tmp_path / "k.json", ServeSettings()
    )
    assert ServiceSettings.from_env(bare.to_env()) == bare


def test_reads_of_a_store_without_tables_answer_503(api: Api) -> None:
    for path in ("/v1/profiles/u1", "/v1/analytics/transitions"):
        response = api.client.get(path, auth=(api.read, ""))
        assert response.status_code == 503
        assert response.json()["code"] == "store_unavailable"


def test_built_never_waits_for_the_first_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Async routes read `built()`: None before the first build, then the state itself."""
    settings = ServiceSettings(
        f"duckdb://{tmp_path / 's.duckdb'}",
        tmp_path / "spool",
        tmp_path / "k.json",
        ServeSettings(),
    )
    state = ReadState(settings)
    built = Precomputed(ProfileSnapshot(), None, time.time())  # type: ignore[arg-type]
    monkeypatch.setattr(state, "build", lambda: built)
    assert state.built() is None
    assert state.current() is built
    assert state.built() is built
