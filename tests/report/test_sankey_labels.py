"""Sankey labels with long Russian stage names: none overlaps, every stage is on the chart."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

import pytest

from journeymap.render.label_layout import LINE_HEIGHT, Box, text_width
from journeymap.report.flows import DROP_OFF, FlowLink, Flows
from journeymap.report.sankey_svg import (
    LABEL_LINE,
    NODE_WIDTH,
    SankeyLayout,
    layout_sankey,
    wrap_label,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

STAGES = {
    "poisk": "Поиск вдохновения в социальных сетях",
    "katalog": "Изучение каталога на сайте",
    "shourum": "Визит в шоурум и консультация дизайнера",
    "raschet": "Расчёт стоимости и согласование проекта",
    "dogovor": "Оформление договора",
    "dostavka": "Доставка и сборка мебели на дому",
    "otzyv": "Отзыв и повторная покупка",
}


def _flows() -> Flows:
    ids = list(STAGES)
    persons = [1000, 820, 610, 470, 330, 300, 120]
    columns: list[dict[str, int]] = []
    links = []
    for step, (stage, count) in enumerate(zip(ids, persons, strict=True)):
        column = {stage: count}
        if step:
            column[DROP_OFF] = persons[step - 1] - count
            links.append(FlowLink(step - 1, ids[step - 1], stage, count))
            links.append(FlowLink(step - 1, ids[step - 1], DROP_OFF, persons[step - 1] - count))
        columns.append(column)
    return Flows(persons[0], columns, links)


def _label_boxes(layout: SankeyLayout) -> list[Box]:
    boxes = []
    for node in layout.nodes:
        width = max(text_width(line) for line in node.label_lines)
        top = node.label_y - LABEL_LINE + 2
        boxes.append(
            Box(node.label_x, top, node.label_x + width, top + LABEL_LINE * len(node.label_lines))
        )
    return boxes


def test_wrap_keeps_words_and_cuts_past_three_lines() -> None:
    assert wrap_label("Оформление договора", 120) == ("Оформление", "договора")
    lines = wrap_label("Очень длинное название этапа, которое не помещается никак", 90)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(text_width(line) <= 90 for line in lines)


def test_labels_do_not_overlap_and_every_stage_fits() -> None:
    layout = layout_sankey(_flows(), names={**STAGES, DROP_OFF: "уход"})
    boxes = _label_boxes(layout)
    assert {n.name for n in layout.nodes} >= set(STAGES)
    for a, b in combinations(boxes, 2):
        assert a.overlap(b) == 0, (a, b)
    chart = Box(0, 0, layout.width, layout.height)
    assert all(box.inside(chart) for box in boxes)
    assert all(n.x + NODE_WIDTH <= layout.width for n in layout.nodes)
    assert LINE_HEIGHT <= LABEL_LINE + 2


@pytest.mark.browser
def test_labels_do_not_overlap_in_chromium(browser: Browser) -> None:
    layout = layout_sankey(_flows(), names={**STAGES, DROP_OFF: "уход"})
    texts = "".join(
        f'<text x="{n.label_x}" y="{n.label_y}">'
        + "".join(
            f'<tspan x="{n.label_x}" dy="{0 if k == 0 else 14}">{line}</tspan>'
            for k, line in enumerate(n.label_lines)
        )
        + "</text>"
        for n in layout.nodes
    )
    html = (
        "<style>body{margin:0} svg{width:960px} text{font-size:12px;font-family:sans-serif}</style>"
        f'<svg viewBox="0 0 {layout.width} {layout.height}">{texts}</svg>'
    )
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    try:
        page.set_content(html, wait_until="load")
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('text')].map(t => {
                const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
            })"""
        )
    finally:
        page.close()
    assert len(boxes) == len(layout.nodes)
    for a, b in combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert all(box[2] <= 960 for box in boxes)
