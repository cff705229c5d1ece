"""Built-in labels of every rendering, from the message catalog (context `label`).

Only words the renderers add are here (lane names, headings, severities, statuses); the map's own
texts are shown as written. A label is read by key in a language (`labels_for("ru")["barriers"]`)
because the HTML pages carry every language at once for their language switch; the texts
themselves are catalog messages, translated in `locale/ru/LC_MESSAGES/journeymap.po`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType

from journeymap.i18n import DEFAULT_LANGUAGE, LANGUAGES, pgettext, use_language

__all__ = [
    "DEFAULT_LANGUAGE",
    "LABELS",
    "LANGUAGES",
    "LabelsByLanguage",
    "check_language",
    "label_language",
    "labels_for",
    "translate",
]


def _messages() -> dict[str, str]:
    """Every label in the current language."""
    return {
        # lanes
        "customer_goals": pgettext("label", "Customer goals"),
        "expectations": pgettext("label", "Expectations"),
        "fears": pgettext("label", "Fears"),
        "motives": pgettext("label", "Motives"),
        "actions": pgettext("label", "Actions"),
        "thoughts": pgettext("label", "Thoughts"),
        "touchpoints": pgettext("label", "Touchpoints"),
        "emotions": pgettext("label", "Emotions"),
        "emotion_curve": pgettext("label", "Emotion curve"),
        "barriers": pgettext("label", "Barriers"),
        "solutions": pgettext("label", "Solutions and opportunities"),
        "kpis": pgettext("label", "KPIs"),
        "marketer_tasks": pgettext("label", "Marketer tasks"),
        "departments": pgettext("label", "Departments"),
        "frontstage": pgettext("label", "Frontstage"),
        "backstage": pgettext("label", "Backstage"),
        "support_processes": pgettext("label", "Support processes"),
        # headings and captions
        "lane": pgettext("label", "Lane"),
        "stage": pgettext("label", "Stage"),
        "stages": pgettext("label", "Stages"),
        "map": pgettext("label", "Journey map"),
        "personas": pgettext("label", "Personas"),
        "persona": pgettext("label", "Persona"),
        "goal": pgettext("label", "Goal"),
        "segment": pgettext("label", "Segment"),
        "owner": pgettext("label", "Owner"),
        "automation": pgettext("label", "Automation"),
        "reviewed": pgettext("label", "Reviewed"),
        "version": pgettext("label", "Version"),
        "language": pgettext("label", "Language"),
        "name": pgettext("label", "Name"),
        "age": pgettext("label", "Age"),
        "occupation": pgettext("label", "Occupation"),
        "context": pgettext("label", "Context"),
        "goals": pgettext("label", "Goals"),
        "needs": pgettext("label", "Needs"),
        "values": pgettext("label", "Values"),
        "quote": pgettext("label", "Quote"),
        "channels": pgettext("label", "Channels"),
        "devices": pgettext("label", "Devices"),
        "kind": pgettext("label", "Kind"),
        "channel": pgettext("label", "Channel"),
        "department": pgettext("label", "Department"),
        "measurable": pgettext("label", "Bound to data"),
        "description": pgettext("label", "Description"),
        "severity": pgettext("label", "Severity"),
        "status": pgettext("label", "Status"),
        "priority": pgettext("label", "Priority"),
        "target": pgettext("label", "Target"),
        "measure": pgettext("label", "Measure"),
        "measured": pgettext("label", "Measured"),
        "evidence": pgettext("label", "Evidence"),
        "score": pgettext("label", "Score"),
        "for_barrier": pgettext("label", "For barrier"),
        "at_touchpoint": pgettext("label", "At"),
        "barrier_count": pgettext("label", "Barriers"),
        "scale": pgettext("label", "Scale: -2 very negative … +2 very positive"),
        "yes": pgettext("label", "yes"),
        "no": pgettext("label", "no"),
        # values
        "online": pgettext("label", "online"),
        "offline": pgettext("label", "offline"),
        "low": pgettext("label", "low"),
        "medium": pgettext("label", "medium"),
        "high": pgettext("label", "high"),
        "critical": pgettext("label", "critical"),
        "idea": pgettext("label", "idea"),
        "planned": pgettext("label", "planned"),
        "in-progress": pgettext("label", "in progress"),
        "done": pgettext("label", "done"),
        "rejected": pgettext("label", "rejected"),
        "increase": pgettext("label", "higher is better"),
        "decrease": pgettext("label", "lower is better"),
        "survey": pgettext("label", "survey"),
        "interview": pgettext("label", "interview"),
        "analytics": pgettext("label", "analytics"),
        "support": pgettext("label", "support"),
        "observation": pgettext("label", "observation"),
        "assumption": pgettext("label", "assumption"),
    }


class LabelsByLanguage(Mapping[str, Mapping[str, str]]):
    """Language code -> {key: text}: `messages()` read in each language of the catalog once,
    when that language is first asked for (an English run never loads the Russian catalog)."""

    def __init__(self, messages: Callable[[], dict[str, str]]) -> None:
        self._messages = messages
        self._read: dict[str, Mapping[str, str]] = {}

    def __getitem__(self, language: str) -> Mapping[str, str]:
        if language not in LANGUAGES:
            raise KeyError(language)
        found = self._read.get(language)
        if found is None:
            with use_language(language):
                found = MappingProxyType(self._messages())
            self._read[language] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


LABELS: Mapping[str, Mapping[str, str]] = LabelsByLanguage(_messages)


def label_language(language: str | None) -> str:
    """The built-in label language for a map language: itself if known, else English."""
    if language is not None and language in LABELS:
        return language
    return DEFAULT_LANGUAGE


def check_language(language: str) -> str:
    """Validate a language asked for explicitly (e.g. `--language`)."""
    if language not in LABELS:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"no built-in labels for language {language!r} (known: {known})")
    return language


def labels_for(language: str | None) -> Mapping[str, str]:
    return LABELS[label_language(language)]


def translate(key: str, language: str | None) -> str:
    """The label for `key`; unknown keys are shown as they are (e.g. a custom status)."""
    return labels_for(language).get(key, key)
