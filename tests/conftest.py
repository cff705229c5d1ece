"""Fixtures shared by every test package: real data sets, local PySpark, headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

from journeymap.render.chromium import CHROMIUM_ARGS, DEFAULT_CHROMIUM

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = DEFAULT_CHROMIUM


# Shared machines stall now and then: no per-example deadline, and in CI a fixed example
# sequence so a run that passed once passes again (locally hypothesis keeps exploring).
settings.register_profile("journeymap", deadline=None, derandomize=IN_CI)
settings.load_profile("journeymap")


def data_root() -> Path:
    return Path(os.environ.get("JOURNEYMAP_DATA", REPO.parent / "shared" / "data"))


def require(condition: bool, reason: str) -> None:
    """Skip when a prerequisite is missing, except in CI where it must be there."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The folder of real public data sets (JOURNEYMAP_DATA, default ../shared/data)."""
    root = data_root()
    require(root.is_dir(), f"real data sets not found at {root} (set JOURNEYMAP_DATA)")
    return root


def dataset(root: Path, *parts: str) -> Path:
    path = root.joinpath(*parts)
    require(path.exists(), f"data set file {path} is missing")
    return path


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local PySpark session for the whole run (starting the JVM takes seconds)."""
    pyspark = pytest.importorskip("pyspark.sql")
    session = (
        pyspark.SparkSession.builder.master("local[2]")
        .appName("journeymap-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.warehouse.dir", str(REPO / ".pytest_cache" / "spark-warehouse"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
        )
        yield instance
        instance.close()


@pytest.fixture(autouse=True, scope="session")
def catalog_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled message catalogs go to a folder of this test run, not the user's cache (see
    journeymap.i18n.catalog); subprocesses inherit it."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("cache")
        patch.setenv("JOURNEYMAP_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages default to the locale's language: pin it to English so a developer's Russian
    locale does not change what the tests read (tests of Russian output ask for it)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
