"""`journeymap` answers at once: the command line loads its heavy libraries only in the commands
that need them (the speed itself is measured in benchmarks/bench_cli.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE_MAP = Path(__file__).resolve().parents[2] / "examples/seed-shop/maps/seed-shop.en.yaml"
HEAVY = {"ibis", "duckdb", "pandas", "pyarrow", "playwright", "scipy", "jinja2", "openpyxl"}
"""Libraries no command line start-up may import (`validate` needs pydantic, nothing more)."""
HELP_NEVER_DRAWS_WITH = {"rich.markdown", "rich.traceback", "markdown_it", "pygments"}
"""What Typer's Rich help imports but our help never uses (see journeymap.cli.rich_help)."""


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


def _validate_modules(map_file: Path, code: int) -> set[str]:
    program = (
        "from typer.testing import CliRunner\n"
        "from journeymap.cli.app import app\n"
        f"result = CliRunner().invoke(app, ['validate', {str(map_file)!r}])\n"
        f"assert result.exit_code == {code}, result.output\n"
    )
    return _top_level_modules(program)


def test_validate_of_a_clean_map_loads_no_model(tmp_path: Path) -> None:
    loaded = _validate_modules(EXAMPLE_MAP, 0)
    assert not loaded & HEAVY
    # a map without problems is read by libyaml's C parser (journeymap.model.quick_yaml) and
    # checked against the stored schema (journeymap.model.quick_check); pydantic and the
    # round-trip reader, pure Python, only find and place problems and keep comments for edits
    assert "yaml" in loaded
    assert not loaded & {"pydantic", "pydantic_core", "ruamel"}
    broken = tmp_path / "broken.yaml"
    broken.write_text(EXAMPLE_MAP.read_text(encoding="utf-8").replace("id: ", "id: -", 1))
    assert {"pydantic", "ruamel"} <= _validate_modules(broken, 1)  # the check is real


def _run_journeymap(
    arguments: list[str], before: str = "", env: dict[str, str] | None = None
) -> tuple[str, set[str]]:
    """The output of `journeymap ARGUMENTS` run as the console script runs it, in a fresh
    Python (after running `before`), and the modules it loaded."""
    code = (
        f"{before}\n"
        "import json, sys\n"
        f"sys.argv = ['journeymap', *{arguments!r}]\n"
        "from journeymap.cli.launch import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
    )
    loaded: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return done.stdout, set(loaded)


def _packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules} | modules


@pytest.mark.parametrize("arguments", [["--help"], ["--lang", "ru", "analyze", "funnel", "--help"]])
def test_help_is_drawn_without_markdown_or_tracebacks_and_reads_the_same(
    arguments: list[str],
) -> None:
    light, loaded = _run_journeymap(arguments)
    assert "typer.rich_utils" in loaded  # the check is real: the Rich help was drawn
    assert not _packages(loaded) & (HELP_NEVER_DRAWS_WITH | HEAVY | {"pydantic", "numpy"})
    # Typer's ordinary import of its help module (Markdown and Traceback loaded) draws the same
    ordinary, loaded = _run_journeymap(arguments, before="import typer.rich_utils")
    assert "rich.markdown" in loaded
    assert light == ordinary
    assert ("Usage:" if "ru" not in arguments else "Использование:") in light


def test_the_deferred_rich_classes_are_the_real_ones_when_used() -> None:
    code = (
        "import sys\n"
        "from journeymap.cli.rich_help import rich_utils\n"
        "module = rich_utils()\n"
        "assert 'rich.markdown' not in sys.modules and 'rich.traceback' not in sys.modules\n"
        "from rich.markdown import Markdown\n"
        "from rich.traceback import Traceback\n"
        "assert type(module.Markdown('*x*')) is Markdown\n"
        "try:\n"
        "    raise ValueError('x')\n"
        "except ValueError as error:\n"
        "    shown = module.Traceback.from_exception(ValueError, error, error.__traceback__)\n"
        "assert type(shown) is Traceback\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_validate_starts_with_its_own_command_module_only() -> None:
    output, loaded = _run_journeymap(["validate", str(EXAMPLE_MAP)])
    assert "1 map" in output
    commands = {name for name in loaded if name.startswith("journeymap.cli.") and "_cmd" in name}
    assert commands == {"journeymap.cli.maps_cmd"}
    assert not _packages(loaded) & (HEAVY | {"ruamel", "numpy"})


def test_russian_help_reads_the_compiled_catalog_from_the_cache(tmp_path: Path) -> None:
    cache = {"JOURNEYMAP_CACHE_DIR": str(tmp_path)}
    first, loaded = _run_journeymap(["--lang", "ru", "--help"], env=cache)
    assert "babel.messages.pofile" in loaded  # compiled once...
    assert list(tmp_path.glob("catalogs/journeymap-ru-*.mo"))
    again, loaded = _run_journeymap(["--lang", "ru", "--help"], env=cache)
    assert "babel.messages.pofile" not in loaded  # ...then read back
    assert again == first
    assert "Использование:" in again
