"""Scoring frameworks against weighted criteria. Plain data in, plain data out:
no request, no ORM, so views, exports, commands and the benchmark share it.

Each scored trait is normalised to 0..1 (yes = 1, no = 0; support levels on a
fixed ladder; a 1-5 scale as (v - 1) / 4; numbers min-max across the candidates,
by direction). A criterion is an axis (its weight spreads evenly over the axis's
scored traits) or a single trait. A framework's score is the weighted mean of its
*known* normalised values; the share of weight that rests on unknown values is
reported as missing evidence, never counted as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SUPPORT_LADDER = {"built-in": 1.0, "first-party": 0.75, "third-party": 0.35, "none": 0.0}
SATISFIES_MUST_HAVE = {True, "built-in", "first-party"}
# Scores closer than this are a tie: the data is not precise enough to rank them.
TIE_TOLERANCE = 0.005


@dataclass(frozen=True)
class TraitInfo:
    slug: str
    name: str
    axis: str
    type: str  # boolean | support | scale | number | text
    direction: str = ""  # for numbers: higher | lower

    @property
    def scored(self) -> bool:
        return self.type != "text"


@dataclass(frozen=True)
class AxisInfo:
    slug: str
    name: str


@dataclass
class Matrix:
    """Typed values of frameworks × traits; a missing key or None means unknown."""

    frameworks: dict[str, str]  # slug -> name, in display order
    axes: list[AxisInfo]
    traits: list[TraitInfo]
    values: dict[tuple[str, str], Any] = field(default_factory=dict)

    def value(self, framework: str, trait: str) -> Any:
        return self.values.get((framework, trait))

    @property
    def trait_by_slug(self) -> dict[str, TraitInfo]:
        return {t.slug: t for t in self.traits}

    @property
    def axis_by_slug(self) -> dict[str, AxisInfo]:
        return {a.slug: a for a in self.axes}


def normalise(matrix: Matrix, candidates: Iterable[str]) -> dict[tuple[str, str], float]:
    """0..1 for every known, scored value of the candidates (unknowns are absent)."""
    candidates = list(candidates)
    result: dict[tuple[str, str], float] = {}
    for trait in matrix.traits:
        if not trait.scored:
            continue
        known = {fw: v for fw in candidates if (v := matrix.value(fw, trait.slug)) is not None}
        if not known:
            continue
        if trait.type == "number":
            low, high = min(known.values()), max(known.values())
            for fw, v in known.items():
                if high == low:
                    result[(fw, trait.slug)] = 1.0
                elif trait.direction == "lower":
                    result[(fw, trait.slug)] = (high - v) / (high - low)
                else:
                    result[(fw, trait.slug)] = (v - low) / (high - low)
        else:
            for fw, v in known.items():
                result[(fw, trait.slug)] = normalise_value(trait, v)
    return result


def normalise_value(trait: TraitInfo, value: Any) -> float:
    """0..1 for a non-number value (numbers need the other candidates)."""
    if trait.type == "boolean":
        return 1.0 if value else 0.0
    if trait.type == "support":
        return SUPPORT_LADDER[value]
    if trait.type == "scale":
        return (value - 1) / 4
    raise ValueError(f"{trait.slug}: {trait.type} values are normalised across candidates")


def supports(value: Any) -> bool:
    """Whether a value satisfies a must-have: yes, built-in or first-party."""
    return value in SATISFIES_MUST_HAVE


def trait_weights(matrix: Matrix, weights: Mapping[str, float]) -> dict[str, float]:
    """Per-trait weights from criteria keyed by axis or trait slug."""
    by_axis: dict[str, list[str]] = {}
    for trait in matrix.traits:
        if trait.scored:
            by_axis.setdefault(trait.axis, []).append(trait.slug)
    result: dict[str, float] = {}
    traits = matrix.trait_by_slug
    for criterion, weight in weights.items():
        if weight <= 0:
            continue
        if criterion in by_axis:
            share = weight / len(by_axis[criterion])
            for slug in by_axis[criterion]:
                result[slug] = result.get(slug, 0.0) + share
        elif criterion in traits and traits[criterion].scored:
            result[criterion] = result.get(criterion, 0.0) + weight
    return result


@dataclass
class Ranked:
    slug: str
    name: str
    score: float | None  # None when no weighted value is known
    coverage: float  # share of the weight that rests on known values, 0..1
    contributions: dict[str, float]  # criterion -> points of the score (sum = score)
    rank: int = 0
    tied: bool = False


@dataclass
class Result:
    ranking: list[Ranked]
    eliminated: dict[str, list[str]]  # framework slug -> must-haves it fails
    weights: dict[str, float]
    norm: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)


def score(
    matrix: Matrix,
    weights: Mapping[str, float],
    must_haves: Iterable[str] = (),
    only: Iterable[str] | None = None,
) -> Result:
    must_haves = list(must_haves)
    candidates = [fw for fw in matrix.frameworks if only is None or fw in set(only)]
    eliminated: dict[str, list[str]] = {}
    for fw in candidates:
        failed = [t for t in must_haves if not supports(matrix.value(fw, t))]
        if failed:
            eliminated[fw] = failed
    remaining = [fw for fw in candidates if fw not in eliminated]
    norm = normalise(matrix, remaining)
    per_trait = trait_weights(matrix, weights)
    criterion_of = _criterion_of(matrix, weights)
    total = sum(per_trait.values())

    ranking = []
    for fw in remaining:
        known_weight = sum(w for t, w in per_trait.items() if (fw, t) in norm)
        contributions: dict[str, float] = {}
        if known_weight:
            for t, w in per_trait.items():
                if (fw, t) in norm:
                    for criterion, share in criterion_of[t].items():
                        part = share * w / known_weight * norm[(fw, t)]
                        contributions[criterion] = contributions.get(criterion, 0.0) + part
        value = sum(contributions.values()) if known_weight else None
        ranking.append(
            Ranked(
                slug=fw,
                name=matrix.frameworks[fw],
                score=value,
                coverage=known_weight / total if total else 0.0,
                contributions=contributions,
            )
        )
    ranking.sort(key=lambda r: (-(r.score if r.score is not None else -1), r.name.lower()))
    _assign_ranks(ranking)
    return Result(ranking=ranking, eliminated=eliminated, weights=dict(weights), norm=norm)


def _criterion_of(matrix: Matrix, weights: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """For each weighted trait, which criteria its weight comes from, as shares of 1."""
    per_criterion = {c: trait_weights(matrix, {c: w}) for c, w in weights.items() if w > 0}
    totals = trait_weights(matrix, weights)
    result: dict[str, dict[str, float]] = {t: {} for t in totals}
    for criterion, traits in per_criterion.items():
        for t, w in traits.items():
            result[t][criterion] = w / totals[t]
    return result


def _assign_ranks(ranking: list[Ranked]) -> None:
    previous: Ranked | None = None
    for position, item in enumerate(ranking, start=1):
        if (
            previous is not None
            and item.score is not None
            and previous.score is not None
            and previous.score - item.score < TIE_TOLERANCE
        ):
            item.rank = previous.rank
            item.tied = previous.tied = True
        else:
            item.rank = position
        previous = item


def similarity(matrix: Matrix, a: str, b: str) -> float:
    """How alike two frameworks are over the traits both have a known value for, 0..1."""
    norm = normalise(matrix, matrix.frameworks)
    shared = [t.slug for t in matrix.traits if (a, t.slug) in norm and (b, t.slug) in norm]
    if not shared:
        return 0.0
    distance = sum(abs(norm[(a, t)] - norm[(b, t)]) for t in shared) / len(shared)
    return 1.0 - distance


def nearest(matrix: Matrix, slug: str, count: int = 3) -> list[str]:
    """The frameworks most like `slug`, most similar first."""
    norm = normalise(matrix, matrix.frameworks)
    scored = [t.slug for t in matrix.traits if t.scored]
    mine = {t: norm[(slug, t)] for t in scored if (slug, t) in norm}
    distances = []
    for other in matrix.frameworks:
        if other == slug:
            continue
        shared = [t for t in mine if (other, t) in norm]
        if not shared:
            continue
        distance = sum(abs(mine[t] - norm[(other, t)]) for t in shared) / len(shared)
        distances.append((distance, matrix.frameworks[other].lower(), other))
    return [other for _, _, other in sorted(distances)[:count]]


# --- Explaining a result ----------------------------------------------------------


def criterion_scores(
    matrix: Matrix,
    weights: Mapping[str, float],
    frameworks: Iterable[str],
    norm: dict[tuple[str, str], float] | None = None,
) -> dict[str, dict[str, float | None]]:
    """Per framework, per criterion: the mean of its known normalised values on
    that criterion's traits (None when none is known). `norm`: from `score`, if at hand."""
    frameworks = list(frameworks)
    norm = norm if norm is not None else normalise(matrix, frameworks)
    result: dict[str, dict[str, float | None]] = {fw: {} for fw in frameworks}
    for criterion in weights:
        traits = trait_weights(matrix, {criterion: 1.0})
        total = sum(traits.values())
        for fw in frameworks:
            known = {t: w for t, w in traits.items() if (fw, t) in norm}
            weight = sum(known.values())
            result[fw][criterion] = (
                sum(w * norm[(fw, t)] for t, w in known.items()) / weight
                if weight and total
                else None
            )
    return result


def dominated(
    matrix: Matrix,
    weights: Mapping[str, float],
    frameworks: Iterable[str],
    scores: dict[str, dict[str, float | None]] | None = None,
) -> dict[str, str]:
    """Frameworks another one matches or beats on every criterion (and beats on one):
    no weighting of these criteria makes them first. Maps each to one that dominates it.
    Frameworks with an unknown criterion are left out: unknowns leave room for either."""
    frameworks = list(frameworks)
    scores = scores if scores is not None else criterion_scores(matrix, weights, frameworks)
    criteria = list(weights)
    vectors = {
        fw: tuple(scores[fw][c] for c in criteria)
        for fw in frameworks
        if all(scores[fw][c] is not None for c in criteria)
    }
    # Only a framework with a larger total can dominate: compare against those first.
    order = sorted(vectors, key=lambda fw: (-sum(vectors[fw]), fw))
    result: dict[str, str] = {}
    for i, fw in enumerate(order):
        mine = vectors[fw]
        for other in order[:i]:
            theirs = vectors[other]
            if all(t >= m for t, m in zip(theirs, mine, strict=True)) and theirs != mine:
                result[fw] = other
                break
    return result


@dataclass
class TippingPoint:
    criterion: str
    current: float
    threshold: float  # the weight at which the challenger draws level
    direction: str  # "below": the lead holds unless the weight drops below threshold
    challenger: str  # "above": … unless it rises above threshold


def _linear_parts(
    fixed: dict[str, float], unit: dict[str, float], norm: dict, fw: str
) -> tuple[float, float, float, float]:
    """Score of `fw` as (a + b·x) / (c + d·x), x being the weight of one criterion:
    `fixed` holds the trait weights from the other criteria, `unit` those from one
    unit of this criterion's weight."""
    a = sum(w * norm[(fw, t)] for t, w in fixed.items() if (fw, t) in norm)
    c = sum(w for t, w in fixed.items() if (fw, t) in norm)
    b = sum(w * norm[(fw, t)] for t, w in unit.items() if (fw, t) in norm)
    d = sum(w for t, w in unit.items() if (fw, t) in norm)
    return a, b, c, d


def _crossings(leader: tuple, challenger: tuple, low: float, high: float) -> list[float]:
    """Weights in [low, high] where the challenger's score equals the leader's.

    S(x) = (a + b·x) / (c + d·x) for each, so S_ch(x) - S_lead(x) has the sign of
    (a_ch + b_ch·x)(c_l + d_l·x) - (a_l + b_l·x)(c_ch + d_ch·x): a quadratic.
    """
    a1, b1, c1, d1 = challenger
    a2, b2, c2, d2 = leader
    q2 = b1 * d2 - b2 * d1
    q1 = a1 * d2 + b1 * c2 - a2 * d1 - b2 * c1
    q0 = a1 * c2 - a2 * c1
    roots: list[float] = []
    if abs(q2) < 1e-12:
        if abs(q1) > 1e-12:
            roots.append(-q0 / q1)
    else:
        disc = q1 * q1 - 4 * q2 * q0
        if disc >= 0:
            sq = disc**0.5
            roots += [(-q1 - sq) / (2 * q2), (-q1 + sq) / (2 * q2)]
    return sorted(r for r in roots if low - 1e-9 <= r <= high + 1e-9)


def _lead(leader: tuple, challenger: tuple, x: float) -> float:
    """How far the leader is ahead of the challenger at weight x (negative: behind)."""

    def s(parts: tuple) -> float | None:
        a, b, c, d = parts
        den = c + d * x
        return (a + b * x) / den if den > 1e-12 else None

    lead, chal = s(leader), s(challenger)
    if lead is None or chal is None:
        return 0.0
    return lead - chal


def tipping_points(
    matrix: Matrix,
    weights: Mapping[str, float],
    result: Result,
    low: float = 0.0,
    high: float = 10.0,
) -> list[TippingPoint]:
    """For the first-ranked framework and each criterion: the nearest weight, below
    and above the current one, at which another framework would overtake it.
    Exact (closed form), not simulated; weights stay within [low, high]."""
    scored = [r for r in result.ranking if r.score is not None]
    if len(scored) < 2:
        return []
    leader = scored[0].slug
    candidates = [r.slug for r in result.ranking]
    norm = result.norm or normalise(matrix, candidates)
    points = []
    for criterion, current in weights.items():
        fixed = trait_weights(matrix, {k: v for k, v in weights.items() if k != criterion})
        unit = trait_weights(matrix, {criterion: 1.0})
        lead_parts = _linear_parts(fixed, unit, norm, leader)
        best_below: tuple[float, str] | None = None
        best_above: tuple[float, str] | None = None
        for other in candidates:
            if other == leader:
                continue
            parts = _linear_parts(fixed, unit, norm, other)
            for x in _crossings(lead_parts, parts, low, high):
                step = 1e-6
                # The challenger must really be ahead just past the crossing, and
                # "just past" must still be a weight one can set.
                if (
                    x - step >= low
                    and x < current - 1e-9
                    and _lead(lead_parts, parts, x - step) < 0
                ) and (best_below is None or x > best_below[0]):
                    best_below = (x, other)
                if (
                    x + step <= high
                    and x > current + 1e-9
                    and _lead(lead_parts, parts, x + step) < 0
                ) and (best_above is None or x < best_above[0]):
                    best_above = (x, other)
        if best_below:
            points.append(TippingPoint(criterion, current, best_below[0], "below", best_below[1]))
        if best_above:
            points.append(TippingPoint(criterion, current, best_above[0], "above", best_above[1]))
    return points
