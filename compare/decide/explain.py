"""A decision result in words: why each framework scores what it does, how sure
the ranking is, ties, eliminations, dominated frameworks and tipping points.
Plain data, shared by the page, the ADR and the JSON export; every framework
and criterion is named by slug, with its display name beside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.scoring import stacks
from catalogue.scoring.colours import criterion_colours
from catalogue.scoring.engine import (
    TIE_TOLERANCE,
    Draw,
    Matrix,
    Result,
    TippingPoint,
    canonical_seed,
    criterion_scores,
    dominated,
    ordered_criteria,
    score,
    split_must,
    tipping_points,
)
from catalogue.scoring.knowledge import KNOWLEDGE, Relations, with_knowledge
from compare.decide.state import Decision

# A ranking page shows this many frameworks in full (the rest as a list).
SHOWN = 25

# Okabe–Ito: colours told apart with every common form of colour blindness, in a
# fixed order (axes first, so an axis keeps its colour from one page to the next).
# The page names them by class (`seg-0`…`seg-7`, given out by `catalogue.scoring.colours`);
# the stylesheet holds the hues, with a dark-theme value where black would vanish.
# A segment carries its points as text when it is this wide (points of 100);
# below NARROW the label shows only where the bar is wide (not on phones).
LABELLED = 0.03
NARROW = 0.07
# The first place is called clear only when its lead is beyond the tie tolerance
# and it stays first in at least this share of the nearby weightings.
CLEAR_WIN_SHARE = 0.6
# A framework first in at least this share of nearby weightings is named among
# the level ones when the first place is not clear.
LEVEL_SHARE = 0.1


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
    shown: str = ""  # its points as printed (one decimal); a bar's add up to its score's

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
    reasons: list[str] = field(default_factory=list)  # "lacks GraphQL", "GraphQL only …"


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
    checked: list[str] = field(default_factory=list)  # criteria the tipping points tried
    level: list[Named] = field(default_factory=list)  # effectively level for first
    known: list[Named] = field(default_factory=list)  # frameworks the team knows
    matrix: Matrix | None = None  # the matrix the decision was scored on

    @property
    def headline(self) -> str:
        """The answer in one line: a clear first, a tie, or effectively level."""
        if self.winner is None:
            return "No answer yet"
        leaders = self.leaders
        if len(leaders) > 1:
            return "Tied first: " + " and ".join(line.name for line in leaders)
        if len(self.level) > 1:
            return "Effectively level: " + _and(n.name for n in self.level)
        return f"{self.winner.name} comes first"

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
    """A score as points out of 100 to one decimal, the unit the page shows."""
    return f"{value * 100:.1f}"


def _and(items) -> str:  # type: ignore[no-untyped-def]
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def must_name(must: str, names: dict[str, str]) -> str:
    """ "GraphQL (third-party or better)" for graphql:third-party; a plain must-have
    (built-in or first-party) by its trait's name alone."""
    trait, level = split_must(must)
    name = names.get(trait, trait)
    return f"{name} ({level} or better)" if level else name


def _reason(name: str, value: object) -> str:
    """Why a value fails a must-have, in words that match the value."""
    if value is None:
        return f"{name} unknown"
    if value is False or value == "none":
        return f"lacks {name}"
    if value == "third-party":
        return f"{name} only through a third-party package"
    if value == "limited":
        return f"{name} only in a limited form"
    if value == "first-party":
        return f"{name} only as a first-party add-on"
    return f"{name} not {value}"


def margin(value: float) -> str:
    """A lead in points out of 100, to one decimal (leads can be small)."""
    figure = f"{value * 100:.1f}"
    return f"{figure} point" if figure == "1.0" else f"{figure} points"


def explain(
    matrix: Matrix,
    decision: Decision,
    names: dict[str, str],
    relations: Relations | None = None,
) -> Explanation:
    """`names`: criterion slug (axis or trait) -> display name. `relations`: which
    frameworks build on which, for team knowledge (`know=`)."""
    names = dict(names)
    if decision.know:
        known_names = [matrix.frameworks.get(k, k) for k in decision.know]
        names[KNOWLEDGE] = f"Team knowledge ({_and(known_names)})"
    matrix, weights, result = _scored(matrix, decision, relations, robustness=True)
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
        strongest = weakest = None
        if len(known) > 1:
            # Named only when exactly one criterion is the strongest (or weakest).
            best, worst = max(known.values()), min(known.values())
            tops = [c for c, v in known.items() if v >= best - 1e-9]
            bottoms = [c for c, v in known.items() if v <= worst + 1e-9]
            if best - worst > 1e-9:
                strongest = tops[0] if len(tops) == 1 else None
                weakest = bottoms[0] if len(bottoms) == 1 else None
        lines.append(
            Line(
                slug=r.slug,
                name=r.name,
                rank=r.rank,
                tied=r.tied,
                score=r.score,
                coverage=r.coverage,
                segments=_stack(r.contributions, criteria, colours, r.score),
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

    def eliminated(slug: str, failed: list[str]) -> Eliminated:
        reasons = []
        for must in failed:
            trait = split_must(must)[0]
            value = matrix.value(slug, trait)
            reasons.append(_reason(names.get(trait, trait), value))
        return Eliminated(fw(slug), [Named(t, must_name(t, names)) for t in failed], reasons)

    explanation = Explanation(
        decision=decision,
        result=result,
        lines=lines,
        criteria=criteria,
        colours=colours,
        ties=list(ties.values()),
        eliminated=[eliminated(slug, failed) for slug, failed in sorted(result.eliminated.items())],
        dominated=[
            Dominated(fw(slug), fw(by))
            for slug, by in sorted(
                dominated(matrix, active, ranked, ranked[:SHOWN], result.members).items()
            )
        ]
        if active
        else [],
        must=[Named(t, must_name(t, names)) for t in decision.must],
        names=names,
        framework_names=dict(matrix.frameworks),
        known=[fw(k) for k in decision.know if k in matrix.frameworks],
        matrix=matrix,
    )
    beaten = {d.framework.slug: d.by for d in explanation.dominated}
    for line in lines:
        line.dominated_by = beaten.get(line.slug)
    if active:
        considered = _considered(matrix, active)
        explanation.checked = considered
        explanation.tipping, explanation.draws = tipping_points(matrix, weights, result, considered)
        explanation.sentences = _sentences(explanation, matrix, set(active))
        explanation.robustness = _robustness(explanation)
        explanation.level = _level(explanation)
    explanation.warnings = _warnings(explanation, active)
    stacks.mark(explanation.lines, matrix)
    return explanation


def _scored(
    matrix: Matrix, decision: Decision, relations: Relations | None, robustness: bool
) -> tuple[Matrix, dict[str, float], Result]:
    """The matrix the decision ranks (with team knowledge, toolkits as stacks), its
    weights and its result. `robustness` (the 500 nearby weightings) changes no
    score and no place, only how sure the ranking is."""
    if decision.know:
        matrix = with_knowledge(matrix, decision.know, relations or {})
    weights = {c: float(w) for c, w in decision.weights.items()}
    # One seed per decision: its canonical form, whichever page or order asks.
    seed = canonical_seed(
        weights, decision.must, decision.only, [f"know:{k}" for k in decision.know]
    )
    matrix, only = stacks.for_ranking(matrix, weights, decision.must, decision.only or None)
    members = stacks.folded(matrix)
    result = score(
        matrix, weights, decision.must, only, robustness=robustness, seed=seed, members=members
    )
    return matrix, weights, result


def _considered(matrix: Matrix, active: dict[str, float]) -> list[str]:
    """Every criterion a person can weigh: each axis and each scored trait (and
    team knowledge when it is given), not only those weighted now."""
    considered = ordered_criteria(matrix, [*active, *(a.slug for a in matrix.axes)])
    considered += [t.slug for t in matrix.scored_traits if t.slug not in considered]
    return considered


def essentials(matrix: Matrix, decision: Decision) -> tuple[Result, list[TippingPoint]]:
    """`explain`'s ranking, eliminations and tipping points, the same to the last
    figure, without the rest (the robustness sampling, sentences, colours,
    dominated frameworks): what a decision's feed compares from one revision to
    the next."""
    matrix, weights, result = _scored(matrix, decision, None, robustness=False)
    active = {c: w for c, w in weights.items() if w > 0}
    if not active:
        return result, []
    return result, tipping_points(matrix, weights, result, _considered(matrix, active))[0]


def podium(
    matrix: Matrix, decision: Decision, relations: Relations | None = None
) -> list[tuple[str, float | None]]:
    """The first three of `explain`'s ranking with their scores (0..1), the same
    names, scores and order, without what only the explanation needs (the
    robustness sampling, tipping points, sentences): what a ranking's image shows."""
    result = _scored(matrix, decision, relations, robustness=False)[2]
    return [(r.name, r.score) for r in result.ranking if r.score is not None][:3]


def _level(explanation: Explanation) -> list[Named]:
    """The frameworks effectively level for first: when the leader's margin is within
    the tolerance or it is first in fewer than CLEAR_WIN_SHARE of the nearby
    weightings, the leader, those within the tolerance of it and those first in a
    real share of the nearby weightings (at least the runner-up)."""
    lines = [line for line in explanation.lines if line.score is not None]
    if len(lines) < 2:
        return []
    leader, runner = lines[0], lines[1]
    assert leader.score is not None and runner.score is not None
    clear = leader.score - runner.score >= TIE_TOLERANCE and leader.wins_share >= CLEAR_WIN_SHARE
    if clear:
        return []
    level = [
        line
        for line in lines[:SHOWN]
        if line is leader
        or line is runner
        or leader.score - (line.score or 0) < TIE_TOLERANCE
        or line.wins_share >= LEVEL_SHARE
    ]
    return [Named(line.slug, line.name) for line in level]


def _stack(
    contributions: dict, criteria: dict, colours: dict, total: float | None
) -> list[Segment]:
    segments, start = [], 0.0
    for c in criteria:
        value = contributions.get(c, 0.0)
        if value > 0:
            segments.append(Segment(c, criteria[c], value, colours[c], start))
            start += value
    # Printed to one decimal, the segments add up to the score printed beside them:
    # each gets its tenths rounded down, and the largest remainders the tenths left.
    if segments and total is not None:
        tenths = [s.points * 1000 for s in segments]
        floors = [int(t) for t in tenths]
        left = round(total * 1000) - sum(floors)
        for i in sorted(range(len(tenths)), key=lambda i: floors[i] - tenths[i])[: max(0, left)]:
            floors[i] += 1
        for segment, tenth in zip(segments, floors, strict=True):
            segment.shown = f"{tenth / 10:.1f}"
    return segments


def _sentences(explanation: Explanation, matrix: Matrix, weighted: set[str]) -> list[str]:
    """The tipping points and draws in words: those of the weighted criteria first,
    then what giving weight to another criterion would do."""
    leaders = explanation.leaders
    if not leaders:
        return []
    names = explanation.names
    lead = " and ".join(line.name for line in leaders)
    sentences = []

    # The weighted criteria first, then the nearest tipping points first.
    def order(p: TippingPoint | Draw) -> tuple[bool, int]:
        return p.criterion not in weighted, abs(p.threshold - p.current)

    for point in sorted(explanation.tipping, key=order):
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
    for draw in sorted(explanation.draws, key=order):
        criterion = names.get(draw.criterion, draw.criterion)
        verb = "drops" if draw.direction == "below" else "rises"
        sentences.append(
            f"If {criterion} {verb} from {draw.current} to {draw.threshold}, "
            f"{matrix.frameworks[draw.challenger]} draws level with {lead}: a tie, not a lead."
        )
    if not sentences:
        axes = {a.slug for a in matrix.axes}
        count = len(explanation.checked)
        on_axes = sum(1 for c in explanation.checked if c in axes)
        checked = (
            f"checked over all {count} criteria: the {on_axes} axes and "
            f"{count - on_axes} single traits"
        )
        if len(leaders) > 1:
            # The tie may narrow to fewer of them; no one else reaches the first place.
            sentences.append(
                f"No framework but {lead} reaches the first place whatever whole weight "
                f"(0–10) any single criterion is given ({checked})."
            )
        else:
            sentences.append(
                f"{lead} stays first whatever whole weight (0–10) any single criterion is "
                f"given ({checked})."
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
        "double its value, each lab figure anywhere in its measured interval)"
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
