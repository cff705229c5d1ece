"""The personalization section as HTML, every word through the message catalog (RU/EN).

Reasons are data in the section (`popular_in_group` with group `stage`, `popular`); the
sentences are made here, in the report's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from journeymap.i18n import format_number, format_percent, gettext, use_language
from journeymap.personalize.recommenders.reasons import POPULAR, POPULAR_IN_GROUP

if TYPE_CHECKING:
    from journeymap.report.personalization_section import PersonalizationSection, StageItem


def reason_text(item: StageItem, stage_names: dict[str, str]) -> str:
    """Why the item is shown, in the current language."""
    if item.reason == POPULAR_IN_GROUP and item.reason_group == "stage":
        stage = stage_names.get(item.reason_value or "", item.reason_value or "")
        return gettext("popular at the stage “{stage}”", stage=stage)
    if item.reason == POPULAR:
        return gettext("popular overall")
    return gettext("chosen for this stage in the catalog")


def section_html(section: PersonalizationSection, language: str) -> Markup:
    with use_language(language):
        return Markup("\n").join(_parts(section, language))


def _parts(section: PersonalizationSection, language: str) -> list[Markup]:
    lang = language
    parts = [
        Markup('<section class="jm-personalization" data-simulated="{}">').format(
            str(section.simulated).lower()
        ),
        Markup("<h2>{}</h2>").format(gettext("Personalization")),
    ]
    if section.simulated:
        parts.append(
            Markup('<p class="jm-simulated-note"><b>{}</b></p>').format(
                gettext("Simulated data: these items were picked by simulated customers.")
            )
        )
    parts.append(
        Markup("<p>{}</p>").format(
            gettext(
                "Catalog: {items} items, {products} of them products; {named} named in the "
                "events, {missing} items in the events missing from the catalog. The stage "
                "lists show {coverage} of the catalog's items in stock.",
                items=format_number(section.catalog_items, language=lang),
                products=format_number(section.catalog_products, language=lang),
                named=format_number(section.interacted_items, language=lang),
                missing=format_number(section.missing_items, language=lang),
                coverage=format_percent(section.recommended_coverage, language=lang),
            )
        )
    )
    parts += _stage_table(section, lang)
    parts += _quality_table(section, lang)
    parts.append(Markup("</section>"))
    return parts


def _stage_table(section: PersonalizationSection, lang: str) -> list[Markup]:
    if not section.stages:
        return []
    names = {s.stage: section.stage_names.get(s.stage, s.stage) for s in section.stages}
    model = section.quality[-1] if section.quality else None
    rows = [
        Markup(
            '<table class="jm-table"><caption style="text-align: left">{}</caption><thead><tr>'
        ).format(gettext("What each stage is recommended (popular within the stage, fit for it)")),
        Markup("<th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>").format(
            gettext("Stage"),
            gettext("Recommended items"),
            gettext("Persons with interactions"),
            gettext(
                "NDCG@{k} / Recall@{k} of {model} in the stage", k=section.k, model=model["name"]
            )
            if model
            else "",
        ),
    ]
    for stage in section.stages:
        items = Markup("").join(
            Markup('<li data-item="{}" data-reason="{}">{} <small>({})</small></li>').format(
                item.item, item.reason, item.title, reason_text(item, names)
            )
            for item in stage.items
        )
        scores = model["stages"].get(stage.stage) if model else None
        quality = (
            f"{format_number(scores['ndcg'], decimals=3, language=lang)} / "
            f"{format_number(scores['recall'], decimals=3, language=lang)}"
            if scores
            else "–"
        )
        rows.append(
            Markup(
                '<tr data-stage="{}"><th scope="row">{}</th>'
                '<td><ol style="margin: 0; padding-left: 1.4em">{}</ol></td><td>{}</td>'
                "<td>{}</td></tr>"
            ).format(
                stage.stage,
                names[stage.stage],
                items,
                format_number(stage.persons, language=lang),
                quality,
            )
        )
    rows.append(Markup("</tbody></table>"))
    return rows


def _quality_table(section: PersonalizationSection, lang: str) -> list[Markup]:
    if not section.quality:
        if section.note:
            return [
                Markup("<p>{}</p>").format(
                    gettext("Offline quality not measured: {reason}", reason=section.note)
                )
            ]
        return []
    k = section.k
    rows = [
        Markup(
            '<table class="jm-table jm-quality">'
            '<caption style="text-align: left">{}</caption><thead><tr>'
        ).format(gettext("Offline quality, split: {split}", split=section.split or "")),
        Markup("<th>{}</th><th>NDCG@{}</th><th>Recall@{}</th><th>{}</th><th>{}</th>").format(
            gettext("Model"), k, k, gettext("Catalog coverage"), gettext("Test persons")
        ),
        Markup("</tr></thead><tbody>"),
    ]
    for result in section.quality:
        rows.append(
            Markup(
                '<tr data-model="{}"><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td></tr>"
            ).format(
                result["name"],
                result["name"],
                format_number(result["ndcg"], decimals=3, language=lang),
                format_number(result["recall"], decimals=3, language=lang),
                format_percent(result["coverage"], language=lang),
                format_number(result["test_persons"], language=lang),
            )
        )
    rows.append(Markup("</tbody></table>"))
    return rows
