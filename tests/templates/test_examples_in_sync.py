"""examples/ holds what `journeymap init` generates, byte for byte, so it cannot drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.templates import get_template, init_workspace, list_templates

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
EXAMPLES = [t.name for t in list_templates() if t.kind == "example"]
REGENERATE = (
    "regenerate: for name in seed-shop language-school travel; do "
    "journeymap init examples/$name --template $name --all-languages --force; done"
)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        # outputs of running the example (renderings, the store, snapshots) are git-ignored
        if p.is_file() and not {"out", ".journeymap"} & set(p.relative_to(root).parts)
    }


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_maps_are_the_package_templates(name: str) -> None:
    maps = EXAMPLES_DIR / name / "maps"
    info = get_template(name)
    for language in ("en", "ru"):
        shipped = info.map_resource(language).read_bytes()
        assert (maps / info.map_file_name(language)).read_bytes() == shipped, REGENERATE


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_workspace_is_what_init_generates(name: str, tmp_path: Path) -> None:
    fresh = init_workspace(tmp_path / name, name, "en", all_languages=True, pin_language=False)
    assert _files(EXAMPLES_DIR / name) == _files(fresh), REGENERATE


def test_examples_readme_lists_every_example() -> None:
    text = (EXAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    for name in EXAMPLES:
        assert f"`{name}/`" in text
