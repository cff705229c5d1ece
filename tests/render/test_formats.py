from __future__ import annotations

from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import pytest

from journeymap.model import JourneyMap
from journeymap.render import FORMATS, guess_format, normalize_format, render, render_to_file


def test_formats_and_extensions() -> None:
    assert FORMATS == ("html", "svg", "png", "pdf", "xlsx", "csv", "md", "mermaid", "json")
    assert guess_format("out/map.HTML") == "html"
    assert guess_format("map.htm") == "html"
    assert guess_format("map.mmd") == "mermaid"
    assert guess_format("map.markdown") == "md"
    assert guess_format("map.xlsx") == "xlsx"
    assert guess_format("map.txt") is None
    assert guess_format("map") is None
    assert normalize_format("Markdown") == "md"


def test_unknown_format_lists_the_formats(sketch_map: JourneyMap) -> None:
    with pytest.raises(ValueError, match="html, svg, png"):
        render(sketch_map, "docx")
    with pytest.raises(ValueError, match="no built-in labels"):
        render(sketch_map, "md", language="fr")


@pytest.mark.parametrize("fmt", ["html", "svg", "xlsx", "csv", "md", "mermaid", "json"])
def test_render_to_file_writes_each_format(
    fmt: str, sketch_map: JourneyMap, tmp_path: Path
) -> None:
    target = render_to_file(sketch_map, fmt, tmp_path / "sub" / f"map.{fmt}")
    assert target.is_file()
    written, rendered = target.read_bytes(), render(sketch_map, fmt)
    if written.startswith(b"PK"):  # a zip (xlsx) stamps each member with the time it was written
        # and docProps/core.xml holds the created and saved times, which differ across a second
        timeless = "docProps/core.xml"
        with ZipFile(BytesIO(written)) as a, ZipFile(BytesIO(rendered)) as b:
            assert a.namelist() == b.namelist()
            assert {n: a.read(n) for n in a.namelist() if n != timeless} == {
                n: b.read(n) for n in b.namelist() if n != timeless
            }
    else:
        assert written == rendered


def test_render_to_file_guesses_the_format(sketch_map: JourneyMap, tmp_path: Path) -> None:
    target = render_to_file(sketch_map, None, tmp_path / "map.md")
    assert target.read_text(encoding="utf-8").startswith("# Online seed shop")
    with pytest.raises(ValueError, match="cannot tell the format"):
        render_to_file(sketch_map, None, tmp_path / "map.txt")
