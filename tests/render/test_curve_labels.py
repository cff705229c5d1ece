"""The emotion curve keeps every persona visible when personas share a score (issue 14)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from journeymap.model import JourneyMap, load_map
from journeymap.render import render_html
from journeymap.render.emotion_curve import layout_curve
from journeymap.render.label_layout import Box

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SHARED = """\
journeymap: 1
id: shared-scores
title: Общие оценки
language: ru
personas:
  - {id: marina, name: Марина}
  - {id: oleg, name: Олег}
  - {id: vera, name: Вера}
stages:
  - id: poisk
    name: Поиск
    emotions:
      marina: {score: 1, label: вдохновение}
      oleg: {score: 1, label: любопытство}
      vera: {score: 1, label: интерес к новинкам}
  - id: shourum
    name: Шоурум
    emotions:
      marina: {score: -2, label: растерянность}
      oleg: {score: -2, label: раздражение}
      vera: {score: 2, label: восторг}
  - id: dogovor
    name: Договор
    emotions:
      marina: {score: 2, label: облегчение и радость от покупки дивана}
      oleg: {score: 2, label: радость}
      vera: {score: 2, label: спокойствие}
"""


@pytest.fixture
def shared_map(tmp_path: Path) -> JourneyMap:
    path = tmp_path / "shared.yaml"
    path.write_text(SHARED, encoding="utf-8")
    return load_map(path)


def test_shared_scores_are_drawn_apart(shared_map: JourneyMap) -> None:
    curve = layout_curve(shared_map)
    for stage in range(3):
        ys = [series.points[stage].y for series in curve.series]
        scores = [series.points[stage].score for series in curve.series]
        for (y1, s1), (y2, s2) in combinations(zip(ys, scores, strict=True), 2):
            if s1 == s2:
                assert abs(y1 - y2) >= 4, (stage, ys)
    paths = [series.path for series in curve.series]
    assert len(set(paths)) == len(paths) == 3


def test_labels_never_overlap_and_stay_inside(shared_map: JourneyMap) -> None:
    curve = layout_curve(shared_map)
    labelled = [p for s in curve.series for p in s.points if p.label]
    assert len(labelled) == 9
    boxes = [b for b in curve.obstacles if b.bottom - b.top > 10]
    assert len(boxes) == 9
    for a, b in combinations(boxes, 2):
        assert a.overlap(b) == 0, (a, b)
    assert all(b.inside(Box(0, 0, curve.width, curve.height)) for b in boxes)
    long = next(p for p in labelled if p.label.startswith("облегчение"))
    assert long.label_text is not None
    assert long.label_text.endswith("…")


_BOXES = """() => [...document.querySelectorAll('svg.jm-curve')].flatMap(svg => {
  return [...svg.querySelectorAll('.jm-curve-label')].map(t => {
    const r = t.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom, t.textContent];
  });
})"""


@pytest.mark.browser
def test_labels_do_not_overlap_in_chromium(browser: Browser, shared_map: JourneyMap) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.set_content(render_html(shared_map), wait_until="load")
        boxes = page.evaluate(_BOXES)
        widths = page.evaluate(
            """() => [...document.querySelectorAll('path.emotion-line')].map(
                p => p.getBoundingClientRect().width)"""
        )
    finally:
        page.close()
    assert len(boxes) == 9
    for a, b in combinations(boxes, 2):
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, (a, b)
    assert len(widths) == 3
    assert all(w > 0 for w in widths)
    assert "NaN" not in str(boxes)


def test_measured_labels_avoid_the_designed_ones(shared_map: JourneyMap) -> None:
    from journeymap.analytics.feedback.emotions import EmotionPoint
    from journeymap.render.emotion_curve import persona_colours
    from journeymap.render.label_layout import LINE_HEIGHT, text_width
    from journeymap.report.measured_curve import measured_series

    curve = layout_curve(shared_map)
    points = [
        EmotionPoint(stage, None, 1.0, value, None, None, 40)
        for stage, value in (("poisk", 1.0), ("shourum", -2.0), ("dogovor", 2.0))
    ]
    (series,) = measured_series(curve, points, shared_map, persona_colours(shared_map))
    designed = [b for b in curve.obstacles if b.bottom - b.top > 10]
    for point in series.points:
        half = text_width(point.label) / 2
        box = Box(
            point.label_x - half,
            point.label_y - LINE_HEIGHT + 3,
            point.label_x + half,
            point.label_y + 3,
        )
        assert all(box.overlap(other) == 0 for other in designed), (point.label, box)
