"""Chains load with every problem at file:line and a hint, like maps."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.model.problems import MapError
from journeymap.orchestrate.load import (
    load_automations,
    solution_chain_problems,
    workspace_maps,
)
from tests.orchestrate.helpers import write_folder

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "seed-shop"

BROKEN = """automation: 1
id: broken
map: seed-shop-first-purchase
entry: {stage: purchse}
steps:
  - id: one
    send: hello
  - id: two
    delay: 1h
    goto: nowhere
messages:
  hello:
    channel: telegram
    text: {en: "Hi {{ frist_name }}"}
"""


def _problems(folder: Path) -> list[str]:
    maps = workspace_maps((SEED / "maps").glob("*.yaml"))
    with pytest.raises(MapError) as caught:
        load_automations(folder, maps)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("example", "chain"),
    [
        ("seed-shop", "cart-reminder"),
        ("language-school", "trial-by-goal"),
        ("travel", "preference-chains"),
    ],
)
def test_the_worked_examples_chains_load(example: str, chain: str) -> None:
    root = REPO / "examples" / example
    maps = workspace_maps((root / "maps").glob("*.yaml"))
    automations = load_automations(root / "automations", maps)
    assert [c.id for c in automations.chains] == [chain]
    assert automations.settings.channels["email"].kind == "smtp"
    assert not solution_chain_problems((root / "maps").glob("*.yaml"), [chain])


def test_a_solution_naming_no_chain_is_reported_at_its_line() -> None:
    paths = sorted((SEED / "maps").glob("*.en.yaml"))
    problems = [str(p) for p in solution_chain_problems(paths, ["other"])]
    assert len(problems) == 2  # the solution's `chain:` and the KPI's `effect(cart-reminder, ...)`
    assert ":285:" in problems[0]
    assert "unknown chain 'cart-reminder'" in problems[0]
    assert ":320:" in problems[1]
    assert "unknown chain 'cart-reminder'" in problems[1]


def test_unknown_stage_step_channel_and_template_variable(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"broken.yaml": BROKEN})
    problems = _problems(folder)
    name = str(folder / "broken.yaml")
    expected = {
        f"{name}:4:": "unknown stage 'purchse'",
        f"{name}:10:": "unknown step 'nowhere'",
        f"{name}:13:": "unknown channel 'telegram'",
        f"{name}:14:": "unknown template variable 'frist_name'",
    }
    for where, message in expected.items():
        assert any(p.startswith(where) and message in p for p in problems), (where, problems)
    assert any("did you mean 'purchase'" in p for p in problems)


def test_shape_errors_point_at_the_line_with_a_hint(tmp_path: Path) -> None:
    text = "automation: 1\nid: x\nentry: {event: A}\nsteps:\n  - id: s\n    delay: soon\n"
    text += "    sendd: m\n"
    problems = _problems(write_folder(tmp_path, {"x.yaml": text}))
    assert any(":6:" in p and "not a duration" in p and "30m" in p for p in problems), problems
    assert any(":7:" in p and "unknown key 'sendd'" in p and "'send'" in p for p in problems)


def test_a_step_has_exactly_one_kind(tmp_path: Path) -> None:
    text = "automation: 1\nid: x\nentry: {event: A}\nsteps:\n  - id: s\n    delay: 1h\n"
    text += "    exit: true\n"
    problems = _problems(write_folder(tmp_path, {"x.yaml": text}))
    assert any(":5:" in p and "exactly one of" in p for p in problems), problems


def test_the_rendered_map_names_the_chain_of_a_solution() -> None:
    from journeymap.model.loader import load_map
    from journeymap.render import render

    journey = load_map(SEED / "maps" / "seed-shop.en.yaml")
    assert "Automation: cart-reminder" in str(render(journey, "md"))
