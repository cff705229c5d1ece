"""`journeymap` answers at once: the command line loads its heavy libraries only in the commands
that need them (the speed itself is measured in benchmarks/bench_cli.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE_MAP = Path(__file__).resolve().parents[2] / "examples/seed-shop/maps/seed-shop.en.yaml"
HEAVY = {"ibis", "duckdb", "pandas", "pyarrow", "playwright", "scipy", "jinja2", "openpyxl"}
"""Libraries no command line start-up may import (`validate` needs pydantic, nothing more)."""


def _top_level_modules(code: str) -> set[str]:
    """The top-level packages loaded by running `code` in a fresh Python."""
    report = "import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{report}"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return set(loaded)


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    loaded = _top_level_modules("import journeymap.cli.app")
    assert "journeymap" in loaded
    assert not loaded & (HEAVY | {"pydantic", "numpy"})


def test_help_builds_every_command_without_a_heavy_library() -> None:
    code = (
        "from typer.testing import CliRunner\n"
        "from journeymap.cli.app import app\n"
        "for args in (['--help'], ['analyze', 'funnel', '--help'], ['feedback', '--help']):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0\n"
    )
    loaded = _top_level_modules(code)
    assert not loaded & (HEAVY | {"numpy"})


def test_validate_loads_the_map_model_only() -> None:
    code = (
        "from typer.testing import CliRunner\n"
        "from journeymap.cli.app import app\n"
        f"result = CliRunner().invoke(app, ['validate', {str(EXAMPLE_MAP)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
    )
    loaded = _top_level_modules(code)
    assert "pydantic" in loaded  # the check is real: the map model was loaded
    assert not loaded & HEAVY
