"""Round trip: load, dump, load gives the same model; comments and Cyrillic survive edits."""

from __future__ import annotations

from pathlib import Path

from journeymap.model import Barrier, Solution, dump_map, load_document, parse_map

SKETCH = Path(__file__).parent / "maps" / "architecture_sketch.yaml"


def test_load_dump_load_gives_the_same_model() -> None:
    document = load_document(SKETCH)
    again = parse_map(document.dump()).model
    assert again == document.model


def test_fresh_dump_round_trips() -> None:
    model = load_document(SKETCH).model
    assert parse_map(dump_map(model)).model == model


def test_comments_survive_an_edit(tmp_path: Path) -> None:
    document = load_document(SKETCH)
    stage = document.model.stage("interest")
    stage.barriers.append(
        Barrier(
            id="late-delivery-cost",
            text="Delivery cost shown only at checkout",
            solutions=[Solution(text="Show delivery cost on the product page", owner="CX")],
        )
    )
    document.model.goal = "Cut cart abandonment by a third"
    out = tmp_path / "map.yaml"
    document.save(out)
    text = out.read_text(encoding="utf-8")
    assert "# the method starts with a goal" in text
    assert "# -2..+2, per persona" in text
    assert "goal: Cut cart abandonment by a third" in text
    reloaded = load_document(out).model
    assert [b.id for b in reloaded.stage("interest").barriers] == [
        "no-regional-advice",
        "late-delivery-cost",
    ]
    assert reloaded.stage("interest").barriers[1].solutions[0].owner == "CX"


def test_short_forms_stay_short() -> None:
    text = SKETCH.read_text(encoding="utf-8")
    document = load_document(SKETCH)
    dumped = document.dump()
    assert "solutions: [Recommend seeds by region]" in dumped
    assert "emotions: {marina: 1}" in dumped
    assert len(dumped.splitlines()) == len(text.splitlines())


def test_cyrillic_is_dumped_readable() -> None:
    text = SKETCH.read_text(encoding="utf-8").replace("name: Marina", "name: Марина")
    model = parse_map(text).model
    dumped = dump_map(model)
    assert "Марина" in dumped
    assert "\\u" not in dumped
    assert parse_map(dumped).model == model


def test_priority_is_value_per_effort() -> None:
    solution = Solution(text="x", customer_value=80, business_value=60, effort=1)
    assert solution.priority == 35.0
    assert Solution(text="x").priority is None
