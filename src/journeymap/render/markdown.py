"""Markdown: header facts, personas, one table of lanes by stages, a touchpoints table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from journeymap.model import JourneyMap, Persona
from journeymap.render.grid import grid_rows
from journeymap.render.labels import labels_for
from journeymap.render.templating import persona_age

_PERSONA_LISTS = ("goals", "needs", "fears", "values", "motives", "channels", "devices")


def render_markdown(journey: JourneyMap, *, language: str | None = None) -> str:
    labels = labels_for(language or journey.language)
    lines = [f"# {_inline(journey.title)}", ""]
    if journey.description:
        lines += [_inline(journey.description), ""]
    facts = [
        (key, getattr(journey, key))
        for key in ("goal", "segment", "owner", "reviewed", "version")
        if getattr(journey, key)
    ]
    lines += [f"- **{labels[key]}:** {_inline(str(value))}" for key, value in facts]
    if facts:
        lines.append("")
    if journey.personas:
        lines += [f"## {labels['personas']}", ""]
        for persona in journey.personas:
            lines += _persona(persona, labels)
    if journey.stages:
        lines += [f"## {labels['map']}", ""]
        header = [labels["lane"], *(stage.name for stage in journey.stages)]
        body = [[row.label, *row.texts(labels)] for row in grid_rows(journey, labels)]
        lines += _table(header, body)
    if journey.touchpoints:
        lines += [f"## {labels['touchpoints']}", ""]
        keys = ("name", "kind", "channel", "department", "owner", "stages", "measurable")
        body = [
            [
                tp.name,
                labels[tp.kind],
                tp.channel or "",
                tp.department or "",
                tp.owner or "",
                ", ".join(s.name for s in journey.stages_of_touchpoint(tp.id)),
                labels["yes" if tp.bindings else "no"],
            ]
            for tp in journey.touchpoints
        ]
        lines += _table([labels[key] for key in keys], body)
    return "\n".join(lines).rstrip("\n") + "\n"


def _persona(persona: Persona, labels: Mapping[str, str]) -> list[str]:
    lines = [f"### {_inline(persona.name)}", ""]
    if persona.quote:
        lines += [f"> {_inline(persona.quote)}", ""]
    age = persona_age(persona)
    for key, value in (
        ("age", age),
        ("occupation", persona.occupation),
        ("context", persona.context),
    ):
        if value:
            lines.append(f"- **{labels[key]}:** {_inline(value)}")
    for key in _PERSONA_LISTS:
        values: list[str] = getattr(persona, key)
        if values:
            lines.append(f"- **{labels[key]}:** {'; '.join(_inline(v) for v in values)}")
    return [*lines, ""]


def _table(header: list[str], body: Iterable[list[str]]) -> list[str]:
    rows = [header, *body]
    lines = [_row(rows[0]), "| " + " | ".join("---" for _ in header) + " |"]
    lines += [_row(row) for row in rows[1:]]
    return [*lines, ""]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _cell(text: str) -> str:
    return "<br>".join(_inline(line) for line in text.split("\n"))


def _inline(text: str) -> str:
    """Text that cannot break a table row or start unintended markup."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")
