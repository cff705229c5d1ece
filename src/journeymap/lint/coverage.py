"""Evidence coverage: how much of what a map claims is backed by research, not guesses.

Claims counted (see docs/lint-rules.md, JM501):

- each persona, backed by the persona's `evidence`;
- each stage that says anything about the customer (goals, expectations, fears, motives,
  actions or thoughts), backed by the stage's `evidence`;
- each stage's emotion curve (its `emotions`), backed by stage evidence from the customer's own
  voice: survey, interview, observation or support. Analytics show what people do, not what
  they feel, so analytics alone leave emotions unsupported;
- each barrier, backed by the barrier's `evidence`.

A claim is *backed* when it has at least one accepted non-assumption source, *assumption* when
its only evidence is `assumption`, and *unsupported* when it has no accepted evidence at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from journeymap.model import Evidence, JourneyMap, Stage
from journeymap.model.problems import format_path

ClaimStatus = Literal["backed", "assumption", "unsupported"]
VOICE_OF_CUSTOMER = frozenset({"survey", "interview", "observation", "support"})
COVERAGE_THRESHOLD = 0.5
"""JM501 warns when less than this share of a map's claims is backed by evidence."""


@dataclass(frozen=True)
class Claim:
    path: str
    """Field path of the claim, e.g. `stages[1].emotions`."""
    kind: Literal["persona", "stage", "emotions", "barrier"]
    status: ClaimStatus


@dataclass(frozen=True)
class EvidenceCoverage:
    claims: tuple[Claim, ...] = field(default_factory=tuple)

    def _count(self, status: ClaimStatus) -> int:
        return sum(1 for c in self.claims if c.status == status)

    @property
    def total(self) -> int:
        return len(self.claims)

    @property
    def backed(self) -> int:
        return self._count("backed")

    @property
    def assumption(self) -> int:
        return self._count("assumption")

    @property
    def unsupported(self) -> int:
        return self._count("unsupported")

    @property
    def ratio(self) -> float | None:
        """Share of claims backed by non-assumption evidence; None when the map claims nothing."""
        return self.backed / self.total if self.total else None

    @property
    def assumption_share(self) -> float | None:
        return self.assumption / self.total if self.total else None

    def __add__(self, other: EvidenceCoverage) -> EvidenceCoverage:
        return EvidenceCoverage(self.claims + other.claims)

    def as_dict(self) -> dict[str, object]:
        return {
            "ratio": _rounded(self.ratio),
            "assumption_share": _rounded(self.assumption_share),
            "claims": self.total,
            "backed": self.backed,
            "assumption": self.assumption,
            "unsupported": self.unsupported,
            "not_backed": [c.path for c in self.claims if c.status != "backed"],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _status(evidence: Sequence[Evidence], accepted: Iterable[str] | None = None) -> ClaimStatus:
    sources = {e.source for e in evidence}
    real = sources - {"assumption"}
    if accepted is not None:
        real &= set(accepted)
    if real:
        return "backed"
    return "assumption" if "assumption" in sources else "unsupported"


def _says_something(stage: Stage) -> bool:
    lanes = (
        stage.customer_goals,
        stage.expectations,
        stage.fears,
        stage.motives,
        stage.actions,
        stage.thoughts,
    )
    return any(lanes)


def evidence_coverage(journey: JourneyMap) -> EvidenceCoverage:
    claims: list[Claim] = []
    for i, persona in enumerate(journey.personas):
        claims.append(Claim(format_path(("personas", i)), "persona", _status(persona.evidence)))
    for i, stage in enumerate(journey.stages):
        if _says_something(stage):
            claims.append(Claim(format_path(("stages", i)), "stage", _status(stage.evidence)))
        if stage.emotions:
            status = _status(stage.evidence, VOICE_OF_CUSTOMER)
            claims.append(Claim(format_path(("stages", i, "emotions")), "emotions", status))
        for j, barrier in enumerate(stage.barriers):
            path = format_path(("stages", i, "barriers", j))
            claims.append(Claim(path, "barrier", _status(barrier.evidence)))
    return EvidenceCoverage(tuple(claims))
