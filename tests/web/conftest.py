"""A workspace with the Russian retail map and three users, and a client signed in as each; the
analytics workspace (seed-shop with events, `analytics_workspace`) and a client signed in to it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.service.accounts import Accounts
from journeymap.templates.catalog import get_template
from journeymap.web.app import create_web_app
from tests.web.analytics_workspace import make_analytics_workspace

PASSWORD = "correct-horse"


def make_workspace(root: Path) -> Path:
    (root / "maps").mkdir(parents=True)
    (root / "journeymap.toml").write_text('name = "shop"\n', encoding="utf-8")
    text = get_template("retail").map_text("ru")
    (root / "maps" / "retail.yaml").write_text(text, encoding="utf-8")
    accounts = Accounts(root)
    for name, role in (("vera", "viewer"), ("egor", "editor"), ("adam", "admin")):
        accounts.add(name, role, PASSWORD)
    return root


@pytest.fixture(scope="session")
def workspace_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Made once: hashing three passwords with scrypt takes a moment."""
    return make_workspace(tmp_path_factory.mktemp("web") / "ws")


@pytest.fixture
def workspace(workspace_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(workspace_template, tmp_path / "ws"))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


@pytest.fixture
def client(workspace: Path) -> TestClient:
    return TestClient(create_web_app(workspace), follow_redirects=False)


@pytest.fixture
def sign_in(client: TestClient) -> Callable[[str], str]:
    """Sign the client in as a user; returns the CSRF token of the new session."""

    def run(name: str) -> str:
        token = csrf_of(client.get("/login").text)
        answer = client.post(
            "/login", data={"csrf": token, "name": name, "password": PASSWORD, "next": "/maps"}
        )
        assert answer.status_code == 303, answer.text
        return csrf_of(client.get("/maps").text)

    return run


@contextmanager
def signed_in_client(root: Path, name: str = "olga") -> Iterator[TestClient]:
    """A client of the app on the workspace `root`, signed in as `name` (password `PASSWORD`)."""
    with TestClient(create_web_app(root), follow_redirects=False) as client:
        data = {"csrf": csrf_of(client.get("/login").text), "name": name, "password": PASSWORD}
        assert client.post("/login", data=data | {"next": "/maps"}).status_code == 303
        yield client


@pytest.fixture(scope="module")
def analytics_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analytics workspace, made once per test module (its store takes a moment)."""
    return make_analytics_workspace(tmp_path_factory.mktemp("analytics") / "ws")


@pytest.fixture(scope="module")
def analytics_client(analytics_root: Path) -> Iterator[TestClient]:
    """A client signed in to the analytics workspace as its admin, olga."""
    with signed_in_client(analytics_root) as client:
        yield client
