"""The language of API messages, step by step: `?lang=`, then `Accept-Language`, then the
workspace's `language`, then the map's `language:` (on a route about one map), then English,
never the server's locale."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.api.app import create_app
from journeymap.model.serve_config import ServeSettings
from journeymap.service.keys import KeyRing
from journeymap.service.settings import ServiceSettings

BROKEN = "journeymap: 1\nid: {id}\nlanguage: {language}\n"
"""A map that names its language and does not load (its route then answers with a message)."""


def _russian(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def _client(root: Path, workspace_language: str | None) -> TestClient:
    (root / "maps").mkdir(exist_ok=True)
    for language in ("en", "ru"):
        text = BROKEN.format(id=f"broken-{language}", language=language)
        (root / "maps" / f"broken-{language}.yaml").write_text(text, encoding="utf-8")
    settings = ServiceSettings(
        store_url=f"duckdb://{root / 'store.duckdb'}",
        spool=root / "spool",
        keys=root / "keys.json",
        serve=ServeSettings(spool_max_seconds=60),
        maps=root / "maps",
        language=workspace_language,
    )
    key = KeyRing(settings.keys).create("read")[1]
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    client.auth = (key, "")
    return client


@pytest.fixture
def plain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A workspace without `language`, served on a Russian machine (the locale must not count)."""
    monkeypatch.setenv("LANGUAGE", "ru")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    with _client(tmp_path, None) as client:
        yield client


@pytest.fixture
def russian(tmp_path: Path) -> Iterator[TestClient]:
    """A workspace with `language = "ru"`."""
    with _client(tmp_path, "ru") as client:
        yield client


def _message(client: TestClient, path: str, **options: object) -> str:
    answer = client.get(path, **options)  # type: ignore[arg-type]
    assert answer.status_code in (404, 422), answer.text
    return str(answer.json()["message"])


def test_the_query_wins_over_the_header(russian: TestClient) -> None:
    headers = {"Accept-Language": "ru"}
    assert not _russian(_message(russian, "/v1/maps/nope?lang=en", headers=headers))
    assert _russian(_message(russian, "/v1/maps/nope", headers=headers))


def test_the_header_wins_over_the_workspace(russian: TestClient) -> None:
    assert not _russian(_message(russian, "/v1/maps/nope", headers={"Accept-Language": "en"}))
    # A header naming no supported language leaves the choice to the workspace.
    assert _russian(_message(russian, "/v1/maps/nope", headers={"Accept-Language": "de"}))


def test_the_workspace_wins_over_the_map(russian: TestClient) -> None:
    assert _russian(_message(russian, "/v1/maps/nope"))
    assert _russian(_message(russian, "/v1/maps/broken-en"))


def test_the_map_then_english_never_the_server_locale(plain: TestClient) -> None:
    assert _russian(_message(plain, "/v1/maps/broken-ru"))
    english = _message(plain, "/v1/maps/broken-en")
    assert "broken-en" in english
    assert not _russian(english)
    assert not _russian(_message(plain, "/v1/maps/nope"))  # no map: English
    assert not _russian(_message(plain, "/v1/maps/broken-ru", headers={"Accept-Language": "en"}))


def test_an_unknown_lang_is_refused_in_the_language_that_is_left(
    plain: TestClient, russian: TestClient
) -> None:
    for client, headers, in_russian in (
        (plain, {}, False),
        (plain, {"Accept-Language": "ru"}, True),
        (russian, {}, True),
        (russian, {"Accept-Language": "en"}, False),
    ):
        answer = client.get("/v1/maps", params={"lang": "de"}, headers=headers)
        assert answer.status_code == 422
        body = answer.json()
        assert body["code"] == "invalid_language"
        assert body["field"] == "lang"
        assert "en, ru" in body["message"]
        assert _russian(body["message"]) is in_russian


def test_the_service_reads_the_workspace_language_once_and_hands_it_to_workers(
    tmp_path: Path,
) -> None:
    from journeymap.model.workspace import load_workspace

    (tmp_path / "journeymap.toml").write_text('language = "ru"\n', encoding="utf-8")
    settings = ServiceSettings.of(load_workspace(tmp_path))
    assert settings.language == "ru"
    assert ServiceSettings.from_env(settings.to_env()).language == "ru"
    (tmp_path / "journeymap.toml").write_text("", encoding="utf-8")
    assert ServiceSettings.of(load_workspace(tmp_path)).language is None
