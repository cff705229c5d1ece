"""Reading the editor's composite fields: the KPI measure builder and binding rows."""

from __future__ import annotations

from journeymap.model import map_item_edits as items
from journeymap.web.forms import Form


def kpi_measure(form: Form) -> str:
    """The builder's measure when a function is picked, else the measure as typed."""
    if form.text("measure_function"):
        return items.compose_measure(
            form.text("measure_function"), form.text("measure_from"), form.text("measure_to")
        )
    return form.text("measure")


def form_bindings(form: Form) -> list[items.SimpleBinding] | None:
    """The binding rows of a touchpoint form (None when the form has none)."""
    events = form.every("binding_event")
    if not events:
        return None
    keys, values = form.every("binding_key"), form.every("binding_value")
    rows = []
    for number, event in enumerate(events):
        key = keys[number].strip() if number < len(keys) else ""
        value = values[number].strip() if number < len(values) else ""
        if event.strip():
            rows.append(items.SimpleBinding(event.strip(), key, value))
    return rows
