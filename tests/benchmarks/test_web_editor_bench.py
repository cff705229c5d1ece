"""The web editor benchmark's child task runs on a small workspace (the full run is
`python -m benchmarks --only web_editor`)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.__main__ import benchmark_names

from benchmarks import bench_web_editor
from journeymap.service.accounts import Accounts
from journeymap.templates.catalog import get_template


def test_the_app_is_timed_request_by_request(tmp_path: Path) -> None:
    assert "web_editor" in benchmark_names()
    (tmp_path / "maps").mkdir()
    (tmp_path / "journeymap.toml").write_text('name = "bench"\n', encoding="utf-8")
    text = get_template("retail").map_text("en")
    (tmp_path / "maps" / f"{bench_web_editor.MAP}.yaml").write_text(text, encoding="utf-8")
    Accounts(tmp_path).add("bench", "editor", "bench-password")
    result = bench_web_editor.measure_app(str(tmp_path), rounds=1)
    assert set(result) == {"save", "draft", "editor", "report"}
    assert all(seconds > 0 for seconds in result.values())
    saved = (tmp_path / "maps" / f"{bench_web_editor.MAP}.yaml").read_text(encoding="utf-8")
    assert saved != text  # the saves did write
    rendered = bench_web_editor.measure_render(
        str(tmp_path / "maps" / f"{bench_web_editor.MAP}.yaml"), 1
    )
    assert rendered["render"] > 0
