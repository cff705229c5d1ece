"""JM3xx: stages and touchpoints: every stage has touchpoints, actions and emotions, the journey
goes on after the sale, offline steps have offline touchpoints, touchpoints can be measured."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.i18n import N_
from journeymap.i18n import gettext as _
from journeymap.lint.context import Hit, LintContext, Loc
from journeymap.lint.rule import rule
from journeymap.lint.vocabulary import names_post_purchase, offline_word
from journeymap.model.problems import format_path


@rule("JM301", "stage-without-touchpoints", "warning", N_("a stage has no touchpoints"))
def stage_without_touchpoints(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        if not stage.touchpoints:
            yield Hit(
                ("stages", i),
                _("stage '{id}' has no touchpoints", id=stage.id),
                hint=_(
                    "list where the customer meets the company at this stage under "
                    "`touchpoints:` (ids from the map's touchpoints)"
                ),
            )


@rule("JM302", "stage-without-actions", "warning", N_("a stage has no customer actions"))
def stage_without_actions(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        if not stage.actions:
            yield Hit(
                ("stages", i),
                _("stage '{id}' has no actions", id=stage.id),
                hint=_("add `actions:`: what the customer does here, as verbs"),
            )


@rule("JM303", "stage-without-emotions", "warning", N_("a stage records no emotions"))
def stage_without_emotions(ctx: LintContext) -> Iterator[Hit]:
    if not ctx.map.personas:
        return  # emotions are per persona; JM103 reports the missing personas
    for i, stage in enumerate(ctx.map.stages):
        if not stage.emotions:
            first = ctx.map.personas[0].id
            yield Hit(
                ("stages", i),
                _("stage '{id}' has no emotions", id=stage.id),
                hint=_(
                    "add `emotions: {{{persona}: 0}}` on the -2..+2 scale for each persona",
                    persona=first,
                ),
            )


@rule("JM304", "touchpoint-unused", "warning", N_("a touchpoint is used by no stage"))
def touchpoint_unused(ctx: LintContext) -> Iterator[Hit]:
    used = {t for stage in ctx.map.stages for t in stage.touchpoints}
    for i, touchpoint in enumerate(ctx.map.touchpoints):
        if touchpoint.id not in used:
            yield Hit(
                ("touchpoints", i),
                _("touchpoint '{id}' is used by no stage", id=touchpoint.id),
                hint=_("add it to the `touchpoints:` of the stages where it happens, or remove it"),
            )


def _offline_mentions(ctx: LintContext) -> Iterator[tuple[Loc, str]]:
    for i, stage in enumerate(ctx.map.stages):
        texts: list[tuple[Loc, str]] = [(("stages", i, "name"), stage.name)]
        texts += [(("stages", i, "actions", j), a) for j, a in enumerate(stage.actions)]
        for loc, text in texts:
            word = offline_word(text)
            if word:
                yield loc, word
    for i, touchpoint in enumerate(ctx.map.touchpoints):
        for field in ("name", "channel"):
            word = offline_word(getattr(touchpoint, field) or "")
            if word:
                yield ("touchpoints", i, field), word


@rule(
    "JM305",
    "offline-steps-only-online-touchpoints",
    "warning",
    N_("the map names offline steps but every touchpoint is online"),
)
def offline_steps_only_online_touchpoints(ctx: LintContext) -> Iterator[Hit]:
    if any(t.kind == "offline" for t in ctx.map.touchpoints):
        return
    mentions = list(_offline_mentions(ctx))
    if mentions:
        shown = ", ".join(
            _("'{word}' at {place}", word=word, place=format_path(loc))
            for loc, word in mentions[:3]
        )
        if len(mentions) > 3:
            shown = _("{shown} and {count} more", shown=shown, count=len(mentions) - 3)
        yield Hit(
            mentions[0][0],
            _(
                "the map names offline steps ({steps}) but every touchpoint is online",
                steps=shown,
            ),
            hint=_(
                "add the offline touchpoints (store, courier, call centre, ...) with "
                "`kind: offline`, or mark existing ones `kind: offline`"
            ),
        )


@rule(
    "JM306",
    "no-post-purchase-stage",
    "warning",
    N_("no post-purchase, retention or advocacy stage: the journey stops at the sale"),
)
def no_post_purchase_stage(ctx: LintContext) -> Iterator[Hit]:
    stages = ctx.map.stages
    if not stages:
        return  # JM104 reports a map without stages
    if not any(names_post_purchase(s.id) or names_post_purchase(s.name) for s in stages):
        yield Hit(
            ("stages",),
            hint=_(
                "add a stage after the sale: post-purchase, retention, repeat purchase or "
                "advocacy (после покупки, удержание, повторная покупка, рекомендация)"
            ),
            key=True,
        )


@rule(
    "JM307",
    "touchpoint-without-binding",
    "info",
    N_("a touchpoint has no binding to event data: it cannot be measured yet"),
)
def touchpoint_without_binding(ctx: LintContext) -> Iterator[Hit]:
    for i, touchpoint in enumerate(ctx.map.touchpoints):
        if not touchpoint.bindings:
            yield Hit(
                ("touchpoints", i),
                _("touchpoint '{id}' has no binding to event data", id=touchpoint.id),
                hint=_("add `bindings: [{{event: ...}}]` naming the events of this touchpoint"),
            )


@rule(
    "JM308",
    "emotion-missing-for-persona",
    "warning",
    N_("a stage records emotions for some personas but not for all"),
)
def emotion_missing_for_persona(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        if not stage.emotions:
            continue  # JM303 reports a stage without emotions
        for persona in ctx.map.personas:
            if persona.id not in stage.emotions:
                yield Hit(
                    ("stages", i, "emotions"),
                    _(
                        "stage '{id}' has no emotion for persona '{persona}'",
                        id=stage.id,
                        persona=persona.id,
                    ),
                    hint=_(
                        "add `{persona}: <-2..+2>` so her emotion curve has no gap",
                        persona=persona.id,
                    ),
                )


@rule("JM309", "stage-without-customer-goals", "info", N_("a stage states no customer goals"))
def stage_without_customer_goals(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        if not stage.customer_goals:
            yield Hit(
                ("stages", i),
                _("stage '{id}' states no customer goals", id=stage.id),
                hint=_("add `customer_goals:`: what the customer wants to get done at this stage"),
            )


STAGE_RULES = (
    stage_without_touchpoints,
    stage_without_actions,
    stage_without_emotions,
    touchpoint_unused,
    offline_steps_only_online_touchpoints,
    no_post_purchase_stage,
    touchpoint_without_binding,
    emotion_missing_for_persona,
    stage_without_customer_goals,
)
