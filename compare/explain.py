"""A decision result in words: why each framework scores what it does, how sure
the ranking is, ties, eliminations, dominated frameworks and tipping points.
Plain data, shared by the page, the ADR and the JSON export; every framework
and criterion is named by slug, with its display name beside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from compare.colours import criterion_colours
from compare.decision import Decision
from compare.scoring import (
    Draw,
    Matrix,
    Result,
    TippingPoint,
    criterion_scores,
    dominated,
    score,
    tipping_points,
)

# A ranking page shows this many frameworks in full (the rest as a list).
SHOWN = 25

# Okabe–Ito: colours told apart with every common form of colour blindness, in a
# fixed order (axes first, so an axis keeps its colour from one page to the next).
# The page names them by class (`seg-0`…`seg-7`, given out by `compare.colours`);
# the stylesheet holds the hues, with a dark-theme value where black would vanish.
# A segment carries its points as text when it is this wide (points of 100);
# below NARROW the label shows only where the bar is wide (not on phones).
LABELLED = 0.03
NARROW = 0.07


@dataclass(frozen=True)
class Named:
    slug: str
    name: str


@dataclass
class Segment:
    criterion: str
    name: str
    points: float  # share of the score, 0..1
    colour: str  # a class: seg-0 … seg-7
    start: float = 0.0  # where its bar begins, 0..1 (the sum of the segments before it)

    # Percentages for SVG attributes (x, width): the bar draws at any width.
    @property
    def x(self) -> str:
        return f"{self.start * 100:.2f}%"

    @property
    def width(self) -> str:
        return f"{self.points * 100:.2f}%"

    @property
    def middle(self) -> str:
        return f"{(self.start + self.points / 2) * 100:.2f}%"

    @property
    def labelled(self) -> bool:
        return self.points >= LABELLED

    @property
    def narrow(self) -> bool:
        return self.points < NARROW


@dataclass
class Line:
    slug: str
    name: str
    rank: int
    tied: bool
    score: float | None
    coverage: float
    segments: list[Segment]
    strongest: Named | None
    weakest: Named | None
    low: float | None = None
    high: float | None = None
    wins_share: float = 0.0
    uncertain: bool = False
    dominated_by: Named | None = None  # a framework higher on every weighted criterion

    @property
    def has_range(self) -> bool:
        return self.low is not None and self.high is not None and self.high - self.low > 0.0005


@dataclass
class Eliminated:
    framework: Named
    failed: list[Named]


@dataclass
class Dominated:
    framework: Named
    by: Named


@dataclass
class Explanation:
    decision: Decision
    result: Result
    lines: list[Line]
    criteria: dict[str, str]  # slug -> name, weighted ones
    colours: dict[str, str]
    ties: list[list[Named]]  # frameworks tied at the same rank
    eliminated: list[Eliminated]
    dominated: list[Dominated]
    tipping: list[TippingPoint] = field(default_factory=list)
    draws: list[Draw] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # tipping points in words
    robustness: str = ""
    warnings: list[str] = field(default_factory=list)
    must: list[Named] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # every criterion slug -> name
    framework_names: dict[str, str] = field(default_factory=dict)

    @property
    def winner(self) -> Line | None:
        return self.lines[0] if self.lines and self.lines[0].score is not None else None

    @property
    def leaders(self) -> list[Line]:
        """Everyone at rank 1 (more than one when the first place is a tie)."""
        if self.winner is None:
            return []
        return [line for line in self.lines if line.rank == self.lines[0].rank]

    @property
    def must_names(self) -> list[str]:
        return [m.name for m in self.must]

    @property
    def groups(self) -> list[list[Line]]:
        """The lines shown in full, consecutive ties together: a tie is shown as one
        group, not as a ranking."""
        groups: list[list[Line]] = []
        for line in self.lines[:SHOWN]:
            if groups and line.tied and groups[-1][0].tied and groups[-1][0].rank == line.rank:
                groups[-1].append(line)
            else:
                groups.append([line])
        return groups


def points(value: float) -> str:
    """A score as points out of 100, the unit the page shows."""
    return f"{value * 100:.0f}"


def margin(value: float) -> str:
    """A lead in points out of 100, to one decimal (leads can be small)."""
    figure = f"{value * 100:.1f}"
    return f"{figure} point" if figure == "1.0" else f"{figure} points"


def explain(matrix: Matrix, decision: Decision, names: dict[str, str]) -> Explanation:
    """`names`: criterion slug (axis or trait) -> display name."""
    weights = {c: float(w) for c, w in decision.weights.items()}
    only = decision.only or None
    result = score(matrix, weights, decision.must, only)
    active = {c: w for c, w in weights.items() if w > 0}
    criteria = {c: names.get(c, c) for c in active}
    colours = criterion_colours(matrix, criteria)
    ranked = [r.slug for r in result.ranking]
    per_criterion = criterion_scores(matrix, active, ranked) if ranked else {}

    def named_criterion(slug: str | None) -> Named | None:
        return Named(slug, criteria[slug]) if slug else None

    lines = []
    for r in result.ranking:
        known = {c: s for c, s in per_criterion.get(r.slug, {}).items() if s is not None}
        strongest = max(known, key=lambda c: known[c]) if known else None
        weakest = min(known, key=lambda c: known[c]) if len(known) > 1 else None
        if strongest and weakest and known[strongest] == known[weakest]:
            strongest = weakest = None  # equally good on every criterion: nothing stands out
        lines.append(
            Line(
                slug=r.slug,
                name=r.name,
                rank=r.rank,
                tied=r.tied,
                score=r.score,
                coverage=r.coverage,
                segments=_stack(r.contributions, criteria, colours),
                strongest=named_criterion(strongest),
                weakest=named_criterion(weakest),
                low=r.low,
                high=r.high,
                wins_share=r.wins_share,
                uncertain=r.uncertain,
            )
        )

    ties: dict[int, list[Named]] = {}
    for line in lines:
        if line.tied:
            ties.setdefault(line.rank, []).append(Named(line.slug, line.name))

    def fw(slug: str) -> Named:
        return Named(slug, matrix.frameworks[slug])

    explanation = Explanation(
        decision=decision,
        result=result,
        lines=lines,
        criteria=criteria,
        colours=colours,
        ties=list(ties.values()),
        eliminated=[
            Eliminated(fw(slug), [Named(t, names.get(t, t)) for t in failed])
            for slug, failed in sorted(result.eliminated.items())
        ],
        dominated=[
            Dominated(fw(slug), fw(by))
            for slug, by in sorted(dominated(matrix, active, ranked, ranked[:SHOWN]).items())
        ]
        if active
        else [],
        must=[Named(t, names.get(t, t)) for t in decision.must],
        names=names,
        framework_names=dict(matrix.frameworks),
    )
    beaten = {d.framework.slug: d.by for d in explanation.dominated}
    for line in lines:
        line.dominated_by = beaten.get(line.slug)
    if active:
        axes = [a.slug for a in matrix.axes]
        considered = axes + [c for c in active if c not in axes]
        explanation.tipping, explanation.draws = tipping_points(matrix, weights, result, considered)
        explanation.sentences = _sentences(explanation, matrix)
        explanation.robustness = _robustness(explanation)
    explanation.warnings = _warnings(explanation, active)
    return explanation


def _stack(contributions: dict, criteria: dict, colours: dict) -> list[Segment]:
    segments, start = [], 0.0
    for c in criteria:
        value = contributions.get(c, 0.0)
        if value > 0:
            segments.append(Segment(c, criteria[c], value, colours[c], start))
            start += value
    return segments


def _sentences(explanation: Explanation, matrix: Matrix) -> list[str]:
    leaders = explanation.leaders
    if not leaders:
        return []
    names = explanation.names
    lead = " and ".join(line.name for line in leaders)
    sentences = []
    for point in explanation.tipping:
        criterion = names.get(point.criterion, point.criterion)
        challenger = matrix.frameworks[point.challenger]
        verb = "drops" if point.direction == "below" else "rises"
        if len(leaders) > 1:
            sentences.append(
                f"If {criterion} {verb} from {point.current} to {point.threshold}, "
                f"{challenger} leads outright (by {margin(point.margin)})."
            )
        else:
            sentences.append(
                f"If {criterion} {verb} from {point.current} to {point.threshold}, "
                f"{challenger} overtakes {lead} (by {margin(point.margin)})."
            )
    for draw in explanation.draws:
        criterion = names.get(draw.criterion, draw.criterion)
        verb = "drops" if draw.direction == "below" else "rises"
        sentences.append(
            f"If {criterion} {verb} from {draw.current} to {draw.threshold}, "
            f"{matrix.frameworks[draw.challenger]} draws level with {lead}: a tie, not a lead."
        )
    if not sentences:
        if len(leaders) > 1:
            sentences.append(
                f"{lead} stay tied for first whatever whole weight (0–10) any single "
                "criterion is given."
            )
        else:
            sentences.append(
                f"{lead} stays first whatever whole weight (0–10) any single criterion is given."
            )
    return sentences


def _robustness(explanation: Explanation) -> str:
    if explanation.winner is None or not explanation.result.samples:
        return ""
    share = max(explanation.lines, key=lambda line: line.wins_share)
    others = sorted(
        (line for line in explanation.lines if line is not share and line.wins_share >= 0.005),
        key=lambda line: -line.wins_share,
    )
    text = (
        f"{share.name} is first in {round(share.wins_share * 100)}% of "
        f"{explanation.result.samples} nearby weightings (each weight between half and "
        "double its value)"
    )
    if others:
        text += "; " + ", ".join(
            f"{line.name} in {max(1, round(line.wins_share * 100))}%" for line in others[:3]
        )
    return text + "."


def _warnings(explanation: Explanation, active: dict) -> list[str]:
    warnings = []
    if not active:
        warnings.append("Every weight is zero: give at least one criterion a weight to rank.")
        return warnings
    if not explanation.lines:
        warnings.append("No framework meets every must-have.")
        return warnings
    winner = explanation.winner
    if winner and winner.coverage < 1:
        warnings.append(
            f"{winner.name}'s score rests on {round(winner.coverage * 100)}% of the weight: "
            "each unknown value counts as the weakest value any framework has on that "
            f"trait, and its score could be anywhere from {points(winner.low or 0)} to "
            f"{points(winner.high or 0)}."
        )
    uncertain = [line for line in explanation.lines[:3] if line.uncertain]
    if winner and winner.uncertain and len(uncertain) > 1:
        warnings.append(
            "The first places are uncertain: "
            + ", ".join(line.name for line in uncertain)
            + " have score ranges that overlap, so missing evidence could reorder them."
        )
    return warnings
