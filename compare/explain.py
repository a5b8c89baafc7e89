"""A decision result in words: why each framework scores what it does, ties,
eliminations, dominated frameworks and tipping points. Plain data, shared by
the page, the ADR and the JSON export."""

from __future__ import annotations

from dataclasses import dataclass, field

from compare.decision import Decision
from compare.scoring import (
    Matrix,
    Result,
    TippingPoint,
    criterion_scores,
    dominated,
    score,
    tipping_points,
)

# Colours of the contribution bars, one per criterion, in a fixed order.
PALETTE = [
    "#1f5fbf",
    "#17693a",
    "#8a5300",
    "#7a2e8e",
    "#a1261b",
    "#2f6f73",
    "#5b5f97",
    "#946b2d",
    "#3b7d23",
    "#b03a6f",
]


@dataclass
class Segment:
    criterion: str
    name: str
    points: float  # share of the score, 0..1
    colour: str
    start: float = 0.0  # where its bar begins, 0..1 (the sum of the segments before it)


@dataclass
class Line:
    slug: str
    name: str
    rank: int
    tied: bool
    score: float | None
    coverage: float
    segments: list[Segment]
    strongest: str | None
    weakest: str | None


@dataclass
class Explanation:
    decision: Decision
    result: Result
    lines: list[Line]
    criteria: dict[str, str]  # slug -> name, weighted ones
    colours: dict[str, str]
    ties: list[list[str]]  # names tied at the same rank
    eliminated: list[tuple[str, list[str]]]  # (framework name, [must-have names])
    dominated: list[tuple[str, str]]  # (framework name, dominated by name)
    tipping: list[TippingPoint] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # tipping points in words
    warnings: list[str] = field(default_factory=list)
    must_names: list[str] = field(default_factory=list)

    @property
    def winner(self) -> Line | None:
        return self.lines[0] if self.lines and self.lines[0].score is not None else None


def _fmt_weight(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def explain(matrix: Matrix, decision: Decision, names: dict[str, str]) -> Explanation:
    """`names`: criterion slug (axis or trait) -> display name."""
    weights = {c: float(w) for c, w in decision.weights.items()}
    only = decision.only or None
    result = score(matrix, weights, decision.must, only)
    active = {c: w for c, w in weights.items() if w > 0}
    criteria = {c: names.get(c, c) for c in active}
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(criteria)}
    ranked = [r.slug for r in result.ranking]
    per_criterion = criterion_scores(matrix, active, ranked, norm=result.norm)

    lines = []
    for r in result.ranking:
        known = {c: s for c, s in per_criterion[r.slug].items() if s is not None}
        lines.append(
            Line(
                slug=r.slug,
                name=r.name,
                rank=r.rank,
                tied=r.tied,
                score=r.score,
                coverage=r.coverage,
                segments=_stack(r.contributions, criteria, colours),
                strongest=criteria[max(known, key=known.get)] if known else None,
                weakest=criteria[min(known, key=known.get)] if len(known) > 1 else None,
            )
        )

    ties: dict[int, list[str]] = {}
    for line in lines:
        if line.tied:
            ties.setdefault(line.rank, []).append(line.name)

    explanation = Explanation(
        decision=decision,
        result=result,
        lines=lines,
        criteria=criteria,
        colours=colours,
        ties=list(ties.values()),
        eliminated=[
            (matrix.frameworks[fw], [names.get(t, t) for t in failed])
            for fw, failed in sorted(result.eliminated.items())
        ],
        dominated=[
            (matrix.frameworks[fw], matrix.frameworks[by])
            for fw, by in sorted(dominated(matrix, active, ranked, per_criterion).items())
        ]
        if active
        else [],
        must_names=[names.get(t, t) for t in decision.must],
    )
    if active:
        explanation.tipping = tipping_points(matrix, active, result)
        explanation.sentences = _sentences(explanation, matrix)
    explanation.warnings = _warnings(explanation, active)
    return explanation


def _stack(contributions: dict, criteria: dict, colours: dict) -> list[Segment]:
    segments, start = [], 0.0
    for c in criteria:
        points = contributions.get(c, 0.0)
        if points > 0:
            segments.append(Segment(c, criteria[c], points, colours[c], start))
            start += points
    return segments


def _sentences(explanation: Explanation, matrix: Matrix) -> list[str]:
    winner = explanation.winner
    if winner is None:
        return []
    sentences = []
    for point in explanation.tipping:
        name = explanation.criteria[point.criterion]
        challenger = matrix.frameworks[point.challenger]
        verb = "drops below" if point.direction == "below" else "rises above"
        sentences.append(
            f"{winner.name} stays first unless {name} {verb} "
            f"{_fmt_weight(point.threshold)} (now {_fmt_weight(point.current)}), "
            f"where {challenger} overtakes."
        )
    if explanation.criteria and not explanation.tipping:
        sentences.append(
            f"{winner.name} stays first whatever weight (0 to 10) any single criterion is given."
        )
    return sentences


def _warnings(explanation: Explanation, active: dict) -> list[str]:
    warnings = []
    if not active:
        warnings.append("Every weight is zero: give at least one criterion a weight to rank.")
        return warnings
    winner = explanation.winner
    if winner and winner.coverage < 1:
        runner = next((ln for ln in explanation.lines[1:] if ln.score is not None), None)
        text = (
            f"{winner.name}'s score rests on {round(winner.coverage * 100)}% of the weight: "
            "values unknown for it were left out, not counted as zero."
        )
        if runner and runner.coverage > winner.coverage:
            text += (
                f" {runner.name} has more evidence ({round(runner.coverage * 100)}%); "
                "treat the lead with care."
            )
        warnings.append(text)
    if not explanation.lines:
        warnings.append("No framework meets every must-have.")
    return warnings
