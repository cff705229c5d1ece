"""Errors raised by the library layers, their map problems and result notes, and the demo's
progress steps reach the user in their language: no English literal is raised, shown as a step,
a problem or a note without going through the catalog, and the Russian text comes out where the
CLI prints them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.i18n import use_language

SRC = Path(__file__).resolve().parents[2] / "src" / "journeymap"
LIBRARY = (
    "analytics",
    "events",
    "orchestrate",
    "personalize",
    "render",
    "report",
    "service",
    "simulate",
    "store",
    "templates",
)
"""Packages whose errors the CLI, the API or the web app print to the user."""
INTERNAL = {
    # invariants of our own code, never caused by a user's input or data
    ("events/ingest.py", "ValueError"),  # one set of options per file, from our own callers
    ("events/mapping.py", "_missing"),  # given the option's name; it writes the message itself
    ("events/staging.py", "ValueError"),  # row numbers assigned by the staging code itself
    ("orchestrate/timing.py", "AssertionError"),
    ("personalize/recommenders/gram.py", "np.linalg.LinAlgError"),  # caught and retried
    ("render/labels.py", "ValueError"),  # the labels of a language the map model accepted
    ("render/templating.py", "ValueError"),  # our own vendored static assets
    ("simulate/json_text.py", "ValueError"),  # the simulator writes every timestamp
}
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
runner = CliRunner()


def _is_text(node: ast.expr) -> bool:
    """A literal text, an f-string, or texts glued with `+` (none of them translatable)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _shown_call(node: ast.AST) -> ast.Call | None:
    """The call whose text reaches the user: a raise, a progress step, a map problem (shown as
    `file:line: message`, hint) or a note appended to a result."""
    if isinstance(node, ast.Raise):
        return node.exc if isinstance(node.exc, ast.Call) else None
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Name) and func.id in ("step", "on_step", "Problem"):
        return node
    if isinstance(func, ast.Attribute) and func.attr == "append":
        owner = func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if name in ("notes", "warnings"):
            return node
    return None


def _untranslated(source: str, relative: str) -> list[str]:
    """`relative:line call` of every raise, progress step, problem or note given a text that
    does not come from the catalog."""
    found = []
    for node in ast.walk(ast.parse(source)):
        call = _shown_call(node)
        if call is None:
            continue
        name = ast.unparse(call.func)
        if (relative, name) in INTERNAL:
            continue
        texts = [*call.args[:1], *(k.value for k in call.keywords if k.arg in ("hint", "message"))]
        found += [f"{relative}:{call.lineno} {name}" for text in texts if _is_text(text)]
    return sorted(found)


def test_the_scan_finds_untranslated_texts() -> None:
    source = (
        "def f(p, step):\n"
        '    step("loading")\n'
        '    step(_("loading"))\n'
        '    raise IngestError(f"{p} is missing", hint="x")\n'
        '    raise IngestError(_("{p} is missing", p=p), hint=_("x"))\n'
        '    raise IngestError("a " + p)\n'
        "    raise IngestError(message)\n"
        '    return Problem(f"bad {p}", file=p, hint=_("x"))\n'
        '    result.notes.append("no events")\n'
        '    notes.append(_("no events"))\n'
    )
    assert _untranslated(source, "events/probe.py") == [
        "events/probe.py:2 step",
        "events/probe.py:4 IngestError",
        "events/probe.py:4 IngestError",
        "events/probe.py:6 IngestError",
        "events/probe.py:8 Problem",
        "events/probe.py:9 result.notes.append",
    ]
    assert _untranslated('raise ValueError(f"{x}")', "events/staging.py") == []  # internal


@pytest.mark.parametrize("package", LIBRARY)
def test_library_errors_go_through_the_catalog(package: str) -> None:
    found = [
        item
        for path in sorted((SRC / package).rglob("*.py"))
        for item in _untranslated(
            path.read_text(encoding="utf-8"), path.relative_to(SRC).as_posix()
        )
    ]
    assert not found, (
        "wrap these texts in `_()` with named placeholders (docs/i18n.md), then run "
        f"`python -m journeymap.i18n.catalog_tools` and translate: {found}"
    )


def test_library_packages_are_extracted_into_the_catalog() -> None:
    from journeymap.i18n.catalog_tools import DEFAULT_ROOTS

    assert set(LIBRARY) <= set(DEFAULT_ROOTS)


def test_a_library_error_is_russian_when_raised_in_russian() -> None:
    from journeymap.store import StoreError
    from journeymap.store.url import parse_store_url

    for language, expected in (("en", "unknown store URL"), ("ru", "неизвестный URL хранилища")):
        with use_language(language), pytest.raises(StoreError) as caught:
            parse_store_url("nonsense")
        assert expected in str(caught.value)


def test_ingest_errors_in_russian(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.csv")
    store = f"duckdb://{tmp_path / 'store.duckdb'}"
    english = runner.invoke(app, ["ingest", missing, "--store", store])
    russian = runner.invoke(app, ["--lang", "ru", "ingest", missing, "--store", store])
    assert english.exit_code == russian.exit_code != 0
    assert "does not exist" in english.output
    assert "не существует" in russian.output
    assert "does not exist" not in russian.output


def test_recommender_errors_in_russian() -> None:
    from journeymap.personalize.evaluation.models import make_split
    from journeymap.personalize.interactions import InteractionsError

    with use_language("ru"), pytest.raises(InteractionsError, match="неизвестное разбиение"):
        make_split(pd.DataFrame(), "random")


def test_demo_refuses_a_folder_in_russian(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_bytes(b"precious")
    result = runner.invoke(app, ["--lang", "ru", "demo", str(tmp_path)])
    assert result.exit_code == 1
    assert "не пуста и не является рабочей областью journeymap" in result.stderr
    assert "укажите для демо новую папку" in result.stderr


class _StopError(Exception):
    """Ends the demo after its first steps (the rest is tested in tests/report/test_demo.py)."""


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("en", "creating the seed-shop workspace in", "validating the maps"),
        ("ru", "создаём рабочую область seed-shop в", "проверяем карты"),
    ],
)
def test_demo_steps_in_the_run_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, first: str, second: str
) -> None:
    from journeymap.report import demo

    def stop(*_args: object, **_kwargs: object) -> None:
        raise _StopError

    monkeypatch.setattr(demo, "load_document", stop)
    steps: list[str] = []
    with use_language(language), pytest.raises(_StopError):
        demo.run_demo(tmp_path / "demo", formats=("md",), customers=10, on_step=steps.append)
    assert steps[0].startswith(first)
    assert steps[1] == second
    assert bool(CYRILLIC.search(" ".join(steps))) == (language == "ru")


def test_map_problems_of_the_library_in_russian(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--lang", "ru", "diff", "git:HEAD", str(tmp_path / "b.yaml")])
    assert result.exit_code != 0
    assert "версия из git записывается как git:REV:PATH" in result.output
    assert "например git:HEAD~1:maps/shop.yaml" in result.output
