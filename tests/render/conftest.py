"""Maps for the renderer tests: the architecture sketch, a full English map, a Russian map."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.model import JourneyMap, load_map

HERE = Path(__file__).resolve().parent
SKETCH = HERE.parent / "model" / "maps" / "architecture_sketch.yaml"
FULL = HERE / "maps" / "seed_shop_full.yaml"
RUSSIAN = HERE / "maps" / "language_school_ru.yaml"


@pytest.fixture(scope="session")
def sketch_map() -> JourneyMap:
    return load_map(SKETCH)


@pytest.fixture(scope="session")
def full_map() -> JourneyMap:
    """Two personas, four stages, barriers, solutions, KPIs and blueprint lanes."""
    return load_map(FULL)


@pytest.fixture(scope="session")
def russian_map() -> JourneyMap:
    return load_map(RUSSIAN)


@pytest.fixture(params=["sketch", "full", "russian"])
def any_map(request: pytest.FixtureRequest) -> JourneyMap:
    return load_map({"sketch": SKETCH, "full": FULL, "russian": RUSSIAN}[request.param])
