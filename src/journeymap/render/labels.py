"""Built-in labels of every rendering, in English and Russian.

Only words the renderers add are here (lane names, headings, severities, statuses); the map's own
texts are shown as written.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES: tuple[str, ...] = ("en", "ru")
DEFAULT_LANGUAGE = "en"

_EN: dict[str, str] = {
    # lanes
    "customer_goals": "Customer goals",
    "expectations": "Expectations",
    "fears": "Fears",
    "motives": "Motives",
    "actions": "Actions",
    "thoughts": "Thoughts",
    "touchpoints": "Touchpoints",
    "emotions": "Emotions",
    "emotion_curve": "Emotion curve",
    "barriers": "Barriers",
    "solutions": "Solutions and opportunities",
    "kpis": "KPIs",
    "marketer_tasks": "Marketer tasks",
    "departments": "Departments",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support_processes": "Support processes",
    # headings and captions
    "lane": "Lane",
    "stage": "Stage",
    "stages": "Stages",
    "map": "Journey map",
    "personas": "Personas",
    "persona": "Persona",
    "goal": "Goal",
    "segment": "Segment",
    "owner": "Owner",
    "automation": "Automation",
    "reviewed": "Reviewed",
    "version": "Version",
    "language": "Language",
    "name": "Name",
    "age": "Age",
    "occupation": "Occupation",
    "context": "Context",
    "goals": "Goals",
    "needs": "Needs",
    "values": "Values",
    "quote": "Quote",
    "channels": "Channels",
    "devices": "Devices",
    "kind": "Kind",
    "channel": "Channel",
    "department": "Department",
    "measurable": "Bound to data",
    "description": "Description",
    "severity": "Severity",
    "status": "Status",
    "priority": "Priority",
    "target": "Target",
    "measure": "Measure",
    "measured": "Measured",
    "evidence": "Evidence",
    "score": "Score",
    "for_barrier": "For barrier",
    "at_touchpoint": "At",
    "barrier_count": "Barriers",
    "scale": "Scale: -2 very negative … +2 very positive",
    "yes": "yes",
    "no": "no",
    # values
    "online": "online",
    "offline": "offline",
    "low": "low",
    "medium": "medium",
    "high": "high",
    "critical": "critical",
    "idea": "idea",
    "planned": "planned",
    "in-progress": "in progress",
    "done": "done",
    "rejected": "rejected",
    "increase": "higher is better",
    "decrease": "lower is better",
    "survey": "survey",
    "interview": "interview",
    "analytics": "analytics",
    "support": "support",
    "observation": "observation",
    "assumption": "assumption",
}

_RU: dict[str, str] = {
    "customer_goals": "Цели клиента",
    "expectations": "Ожидания",
    "fears": "Страхи",
    "motives": "Мотивы",
    "actions": "Действия",
    "thoughts": "Мысли",
    "touchpoints": "Точки контакта",
    "emotions": "Эмоции",
    "emotion_curve": "Кривая эмоций",
    "barriers": "Барьеры",
    "solutions": "Решения и возможности",
    "kpis": "KPI",
    "marketer_tasks": "Задачи маркетолога",
    "departments": "Отделы",
    "frontstage": "Фронт-офис",
    "backstage": "Бэк-офис",
    "support_processes": "Поддерживающие процессы",
    "lane": "Дорожка",
    "stage": "Этап",
    "stages": "Этапы",
    "map": "Карта пути клиента",
    "personas": "Персоны",
    "persona": "Персона",
    "goal": "Цель",
    "segment": "Сегмент",
    "owner": "Ответственный",
    "automation": "Автоматизация",
    "reviewed": "Проверена",
    "version": "Версия",
    "language": "Язык",
    "name": "Имя",
    "age": "Возраст",
    "occupation": "Занятие",
    "context": "Контекст",
    "goals": "Цели",
    "needs": "Потребности",
    "values": "Ценности",
    "quote": "Цитата",
    "channels": "Каналы",
    "devices": "Устройства",
    "kind": "Тип",
    "channel": "Канал",
    "department": "Отдел",
    "measurable": "Привязана к данным",
    "description": "Описание",
    "severity": "Серьёзность",
    "status": "Статус",
    "priority": "Приоритет",
    "target": "Целевое значение",
    "measure": "Метрика",
    "measured": "Измерено",
    "evidence": "Источник",
    "score": "Оценка",
    "for_barrier": "К барьеру",
    "at_touchpoint": "Где",
    "barrier_count": "Барьеры",
    "scale": "Шкала: -2 очень плохо … +2 очень хорошо",
    "yes": "да",
    "no": "нет",
    "online": "онлайн",
    "offline": "офлайн",
    "low": "низкая",
    "medium": "средняя",
    "high": "высокая",
    "critical": "критическая",
    "idea": "идея",
    "planned": "запланировано",
    "in-progress": "в работе",
    "done": "сделано",
    "rejected": "отклонено",
    "increase": "чем больше, тем лучше",
    "decrease": "чем меньше, тем лучше",
    "survey": "опрос",
    "interview": "интервью",
    "analytics": "аналитика",
    "support": "поддержка",
    "observation": "наблюдение",
    "assumption": "предположение",
}

LABELS: Mapping[str, Mapping[str, str]] = {"en": _EN, "ru": _RU}


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
