"""Scoring frameworks against weighted criteria. Plain data in, plain data out:
no request, no ORM, so views, exports, commands and the benchmark share it.

Normalising (each trait to 0..1 on a fixed scale of its own, so a framework's
score never depends on which other frameworks are shown):
- yes = 1, no = 0;
- support levels on a fixed ladder (`SUPPORT_LADDER`);
- a 1-5 scale as (v - 1) / 4;
- numbers against the trait's published reference bounds, on a log scale for
  sizes, counts and ratios, by direction, clipped to 0..1.

Weights: a criterion is an axis or a single trait. An axis's weight is spread
over its scored traits in proportion to each trait's `share`, so correlated
traits (one capability seen from several sides) split one share instead of
counting the capability several times. Traits on which every framework in the
catalogue has the same value cannot separate anyone: they are shown, not scored.

Unknowns are neither zero nor ignored. A framework's score counts an unknown
as the weakest value any framework in the catalogue has shown on that trait,
so unknowns never lift a framework above one whose values are known; its
range runs from "every unknown is the worst possible" to "every unknown is the
best", and the share of weight on unknowns is reported as missing evidence.

The arithmetic is array work (numpy): the normalised matrix is computed once per
`Matrix` and shared by the ranking, the robustness sampling and the tipping points.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from catalogue import levels

# The support ladder (catalogue.levels), documented on the methodology page.
SUPPORT_LADDER = levels.LADDER
SATISFIES_MUST_HAVE = {True, *levels.MEETS_MUST_HAVE}
# The levels a must-have may ask for (`must=graphql:third-party`): that level or better
# on the ladder. Without one, a must-have asks for built-in or first-party.
MUST_LEVELS = levels.ASKABLE
# Scores closer than this are a tie: the data is not precise enough to rank them.
TIE_TOLERANCE = 0.005
MAX_WEIGHT = 10
# Robustness: weightings sampled around the user's, each positive weight drawn
# log-uniformly between half and double its value (zero weights stay zero: the
# user said that criterion does not matter). The seed is derived from the
# decision's canonical form (`canonical_seed`), so a permalink always shows the
# same figures, and the same decision reached another way (a scenario page, the
# criteria in another order) shows the same figures too.
SAMPLES = 500
SAMPLE_SEED = 20_261_121
SAMPLE_SPREAD = 2.0
# Measured speed is scored in bands (a factor apart on the log scale) wider than the
# lab's noise, so a difference inside the noise moves no one: CPU cost per request
# repeats to about 1 % and within 10 % between runs; a p99 moves by half between runs.
NOISE_BANDS = {"throughput": 1.25, "tail-latency": 2.0}


@dataclass(frozen=True)
class TraitInfo:
    slug: str
    name: str
    axis: str
    type: str  # boolean | support | scale | number | text
    direction: str = ""  # for numbers: higher | lower
    share: float = 1.0  # of its axis's weight; 0 = shown, not scored
    low: float | None = None  # numbers: reference bounds
    high: float | None = None
    log: bool = False
    family: str = ""

    @property
    def scored(self) -> bool:
        """Normalised and weightable (a criterion of its own); it counts in its
        axis's score only when its share is above zero."""
        return self.type != "text"


@dataclass(frozen=True)
class AxisInfo:
    slug: str
    name: str


def normalise_value(trait: TraitInfo, value: Any) -> float:
    """0..1 for one known value, on the trait's own fixed scale."""
    if trait.type == "boolean":
        return 1.0 if value else 0.0
    if trait.type == "support":
        return SUPPORT_LADDER[value]
    if trait.type == "scale":
        return (value - 1) / 4
    if trait.type == "number":
        if trait.low is None or trait.high is None or trait.high <= trait.low:
            raise ValueError(f"{trait.slug}: a number trait needs reference bounds")
        return float(_normalise_column(trait, [value])[0])
    raise ValueError(f"{trait.slug}: {trait.type} values are not scored")


def _normalise_column(trait: TraitInfo, values: list[Any]) -> np.ndarray:
    """`normalise_value` for many values of one trait at once."""
    if trait.type == "number":
        if trait.low is None or trait.high is None or trait.high <= trait.low:
            return np.full(len(values), np.nan)  # no reference scale yet: not scorable
        v = np.asarray(values, dtype=float)
        low, high = trait.low, trait.high
        if trait.log:
            v, low, high = np.log(np.maximum(v, low)), math.log(low), math.log(high)
        position = np.clip((v - low) / (high - low), 0.0, 1.0)
        band = NOISE_BANDS.get(trait.slug)
        if band and trait.log:
            steps = (high - low) / math.log(band)
            position = np.clip(np.round(position * steps) / steps, 0.0, 1.0)
        return 1.0 - position if trait.direction == "lower" else position
    if trait.type == "support":
        return np.array([SUPPORT_LADDER[v] for v in values], dtype=float)
    if trait.type == "boolean":
        return np.array([1.0 if v else 0.0 for v in values], dtype=float)
    if trait.type == "scale":
        return (np.asarray(values, dtype=float) - 1) / 4
    return np.array([normalise_value(trait, v) for v in values], dtype=float)


@dataclass
class Matrix:
    """Typed values of frameworks × traits; a missing key or None means unknown."""

    frameworks: dict[str, str]  # slug -> name, in display order
    axes: list[AxisInfo]
    traits: list[TraitInfo]
    values: dict[tuple[str, str], Any] = field(default_factory=dict)
    # Measured values' intervals (lowest, highest over the lab's rounds): robustness
    # samples the value within them as well as the weights.
    intervals: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)

    def value(self, framework: str, trait: str) -> Any:
        return self.values.get((framework, trait))

    @cached_property
    def trait_by_slug(self) -> dict[str, TraitInfo]:
        return {t.slug: t for t in self.traits}

    @property
    def axis_by_slug(self) -> dict[str, AxisInfo]:
        return {a.slug: a for a in self.axes}

    @cached_property
    def slugs(self) -> list[str]:
        return list(self.frameworks)

    @cached_property
    def row_of(self) -> dict[str, int]:
        return {fw: i for i, fw in enumerate(self.frameworks)}

    @cached_property
    def scored_traits(self) -> list[TraitInfo]:
        return [t for t in self.traits if t.scored]

    @cached_property
    def criterion_order(self) -> dict[str, int]:
        """Every criterion's place in the fixed order: axes first, then scored traits."""
        order = {a.slug: i for i, a in enumerate(self.axes)}
        for t in self.scored_traits:
            order.setdefault(t.slug, len(order))
        return order

    @cached_property
    def column_of(self) -> dict[str, int]:
        return {t.slug: j for j, t in enumerate(self.scored_traits)}

    @cached_property
    def norm(self) -> np.ndarray:
        """Frameworks × scored traits, 0..1, NaN where unknown."""
        array = np.full((len(self.frameworks), len(self.scored_traits)), np.nan)
        rows, columns = self.row_of, self.column_of
        by_column: dict[int, tuple[list[int], list[Any]]] = {}
        for (fw, slug), value in self.values.items():
            j = columns.get(slug)
            i = rows.get(fw)
            if j is None or i is None or value is None or value == "":
                continue
            cells = by_column.setdefault(j, ([], []))
            cells[0].append(i)
            cells[1].append(value)
        for j, (indices, values) in by_column.items():
            array[indices, j] = _normalise_column(self.scored_traits[j], values)
        return array

    @cached_property
    def known(self) -> np.ndarray:
        return ~np.isnan(self.norm)

    @cached_property
    def floor(self) -> np.ndarray:
        """Per scored trait, the weakest normalised value any framework has shown
        (what an unknown counts as); 0 where nothing is known."""
        with np.errstate(all="ignore"):
            lowest = np.nanmin(np.where(self.known, self.norm, np.inf), axis=0)
        return np.where(np.isfinite(lowest), lowest, 0.0)

    @cached_property
    def imputed(self) -> np.ndarray:
        return np.where(self.known, self.norm, self.floor)

    @cached_property
    def informative(self) -> np.ndarray:
        """Per scored trait: whether the catalogue's known values differ at all."""
        high = np.nanmax(np.where(self.known, self.norm, -np.inf), axis=0)
        low = np.nanmin(np.where(self.known, self.norm, np.inf), axis=0)
        return np.isfinite(high) & (high - low > 1e-12)

    @cached_property
    def axis_unit_weights(self) -> dict[str, np.ndarray]:
        """Per axis: the trait-weight vector of one unit of that axis's weight."""
        result = {}
        informative = self.informative
        for axis in self.axes:
            vector = np.zeros(len(self.scored_traits))
            for j, trait in enumerate(self.scored_traits):
                if trait.axis == axis.slug and informative[j] and trait.share > 0:
                    vector[j] = trait.share
            total = vector.sum()
            result[axis.slug] = vector / total if total else vector
        return result

    def unit_weights(self, criterion: str) -> np.ndarray:
        """The trait-weight vector of one unit of a criterion's weight."""
        if criterion in self.axis_unit_weights:
            return self.axis_unit_weights[criterion]
        vector = np.zeros(len(self.scored_traits))
        j = self.column_of.get(criterion)
        if j is not None:
            vector[j] = 1.0
        return vector

    def is_criterion(self, criterion: str) -> bool:
        return criterion in self.axis_unit_weights or criterion in self.column_of

    def meets(self, must: str) -> np.ndarray:
        """Per framework (in order): whether its value satisfies `must` ("trait" or
        "trait:level") as a must-have."""
        cache = self.__dict__.setdefault("_meets", {})
        if must not in cache:
            trait, level = split_must(must)
            cache[must] = np.fromiter(
                (supports(self.values.get((fw, trait)), level) for fw in self.frameworks),
                dtype=bool,
                count=len(self.frameworks),
            )
        return cache[must]

    @cached_property
    def sort_names(self) -> list[str]:
        """Frameworks' names as a ranking's ties are ordered (case-insensitive)."""
        return [name.lower() for name in self.frameworks.values()]


def normalise(matrix: Matrix, candidates: Iterable[str]) -> dict[tuple[str, str], float]:
    """0..1 for every known, scored value of the candidates (unknowns are absent)."""
    result: dict[tuple[str, str], float] = {}
    norm, known = matrix.norm, matrix.known
    for fw in candidates:
        i = matrix.row_of.get(fw)
        if i is None:
            continue
        for j, trait in enumerate(matrix.scored_traits):
            if known[i, j]:
                result[(fw, trait.slug)] = float(norm[i, j])
    return result


def split_must(must: str) -> tuple[str, str | None]:
    """ "graphql:third-party" -> ("graphql", "third-party"); "orm" -> ("orm", None)."""
    trait, _, level = must.partition(":")
    return trait, level or None


def supports(value: Any, level: str | None = None) -> bool:
    """Whether a value satisfies a must-have: yes, or a support level at least
    `level` on the ladder (without a level: built-in or first-party)."""
    if level is None or value is True:
        return value in SATISFIES_MUST_HAVE
    if value not in SUPPORT_LADDER or value == "none":
        return False
    return SUPPORT_LADDER[value] >= SUPPORT_LADDER[level]


def canonical_seed(weights: Mapping[str, float], *parts: Iterable[str]) -> int:
    """The sampling seed of a decision: a hash of its canonical form (the positive
    weights in criterion order, then each of `parts` (must-haves, shortlist…)
    sorted), so the figures depend on what is decided, never on the order it was
    written in or the page that shows it."""
    text = ",".join(f"{c}:{float(w):g}" for c, w in sorted(weights.items()) if w > 0)
    for part in parts:
        text += "|" + ",".join(sorted(part))
    digest = hashlib.sha256(f"{SAMPLE_SEED}|{text}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def criterion_matrix(matrix: Matrix, criteria: list[str]) -> np.ndarray:
    """Criteria × scored traits: the unit trait weights of each criterion."""
    if not criteria:
        return np.zeros((0, len(matrix.scored_traits)))
    return np.vstack([matrix.unit_weights(c) for c in criteria])


def trait_weights(matrix: Matrix, weights: Mapping[str, float]) -> dict[str, float]:
    """Per-trait weights from criteria keyed by axis or trait slug."""
    criteria = [c for c, w in weights.items() if w > 0 and matrix.is_criterion(c)]
    vector = np.array([weights[c] for c in criteria]) @ criterion_matrix(matrix, criteria)
    return {t.slug: float(vector[j]) for j, t in enumerate(matrix.scored_traits) if vector[j] > 0}


@dataclass
class Ranked:
    slug: str
    name: str
    score: float | None  # None when nothing is weighted
    coverage: float  # share of the weight that rests on known values, 0..1
    contributions: dict[str, float]  # criterion -> points of the score (sum = score)
    low: float | None = None  # every unknown at its worst
    high: float | None = None  # every unknown at its best
    wins_share: float = 0.0  # share of first places over nearby weightings
    rank: int = 0
    tied: bool = False
    uncertain: bool = False  # its range overlaps a neighbour's

    @property
    def score_range(self) -> tuple[float, float] | None:
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)


@dataclass
class Result:
    ranking: list[Ranked]
    eliminated: dict[str, list[str]]  # framework slug -> must-haves it fails
    weights: dict[str, float]
    criteria: list[str] = field(default_factory=list)  # weighted criteria, in order
    samples: int = 0
    # A stack (a host and its toolkits) ranked as one line: its line's slug -> the
    # other members that meet the must-haves. Its score under any weighting is the
    # best of its members' (`entity_rows`): robustness and tipping points read it so.
    members: dict[str, list[str]] = field(default_factory=dict)


def ordered_criteria(matrix: Matrix, criteria: Iterable[str]) -> list[str]:
    """The criteria a matrix knows, in its fixed order: axes first, then traits."""
    order = matrix.criterion_order
    return sorted((c for c in set(criteria) if c in order), key=order.__getitem__)


def _weighting(
    matrix: Matrix, weights: Mapping[str, float]
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The weighted criteria, their unit trait weights, their weights, and the
    resulting trait-weight vector: one computation for every caller, so the same
    weights always give bit-for-bit the same scores. The criteria are taken in
    the matrix's fixed order (axes, then traits), whatever order they are given in."""
    criteria = ordered_criteria(matrix, [c for c, w in weights.items() if w > 0])
    crit = criterion_matrix(matrix, criteria)
    crit_w = np.array([float(weights[c]) for c in criteria])
    trait_w = crit_w @ crit if criteria else np.zeros(len(matrix.scored_traits))
    return criteria, crit, crit_w, trait_w


def _row_scores(trait_w: np.ndarray, values: np.ndarray) -> np.ndarray | None:
    total = float(trait_w.sum())
    if total <= 0:
        return None
    return (values * trait_w).sum(axis=1) / total


def _scores(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Weighted means for many weightings at once: weights (S × T), values (F × T)
    -> (S × F)."""
    total = weights.sum(axis=-1, keepdims=True)
    with np.errstate(all="ignore"):
        return np.where(total > 0, (weights @ values.T) / np.where(total > 0, total, 1), np.nan)


def _fails(matrix: Matrix, fw: str, must_haves: list[str]) -> list[str]:
    return [
        m for m in must_haves if not supports(matrix.value(fw, split_must(m)[0]), split_must(m)[1])
    ]


def entity_rows(
    matrix: Matrix, slugs: list[str], members: Mapping[str, list[str]] | None
) -> tuple[list[int], np.ndarray | None]:
    """The matrix rows of `slugs` followed by the other members of their stacks, and
    each row's entity (its index in `slugs`); None when no one stands for a stack
    (the plain path: one row per entity)."""
    rows = [matrix.row_of[s] for s in slugs]
    extra = [(k, m) for k, s in enumerate(slugs) for m in (members or {}).get(s, ())]
    if not extra:
        return rows, None
    entity = np.concatenate([np.arange(len(slugs)), [k for k, _ in extra]]).astype(int)
    return rows + [matrix.row_of[m] for _, m in extra], entity


def by_entity(scores: np.ndarray, entity: np.ndarray | None) -> np.ndarray:
    """Scores over the rows of `entity_rows` (last axis) -> scores per entity: a
    stack scores the best of its members."""
    if entity is None:
        return scores
    count = int(entity.max()) + 1 if entity.size else 0
    result = scores[..., :count].copy()
    for k in range(count, entity.size):
        e = entity[k]
        result[..., e] = np.maximum(result[..., e], scores[..., k])
    return result


def score(
    matrix: Matrix,
    weights: Mapping[str, float],
    must_haves: Iterable[str] = (),
    only: Iterable[str] | None = None,
    robustness: bool = True,
    seed: int | None = None,
    members: Mapping[str, Iterable[str]] | None = None,
) -> Result:
    """`seed`: of the robustness sampling; by default derived from the decision's
    canonical form (`canonical_seed`). `members`: a framework ranked for its
    stack -> the other members of the stack (not ranked on their own lines); the
    robustness sampling counts the stack as one entity scoring its best member."""
    must_haves = list(must_haves)
    wanted = set(only) if only is not None else None
    candidates = [fw for fw in matrix.frameworks if wanted is None or fw in wanted]
    eliminated: dict[str, list[str]] = {}
    for fw in candidates:
        failed = _fails(matrix, fw, must_haves)
        if failed:
            eliminated[fw] = failed
    remaining = [fw for fw in candidates if fw not in eliminated]
    criteria, crit, crit_w, trait_w = _weighting(matrix, weights)
    total = float(trait_w.sum())

    rows = [matrix.row_of[fw] for fw in remaining]
    imputed = matrix.imputed[rows]
    known = matrix.known[rows]
    norm = matrix.norm[rows]
    ranking: list[Ranked] = []
    if total > 0 and rows:
        # Row by row (not a matrix product, whose summation order depends on how
        # many rows there are): a framework's score is the same whoever is shown.
        point = (imputed * trait_w).sum(axis=1) / total
        low = (np.where(known, norm, 0.0) * trait_w).sum(axis=1) / total
        high = (np.where(known, norm, 1.0) * trait_w).sum(axis=1) / total
        coverage = (known * trait_w).sum(axis=1) / total
        # Points each criterion adds: its own trait weights over the total weight.
        parts = (imputed @ (crit * crit_w[:, None]).T) / total  # F × C
        for k, fw in enumerate(remaining):
            ranking.append(
                Ranked(
                    slug=fw,
                    name=matrix.frameworks[fw],
                    score=float(point[k]),
                    coverage=float(coverage[k]),
                    contributions={c: float(parts[k, n]) for n, c in enumerate(criteria)},
                    low=float(low[k]),
                    high=float(high[k]),
                )
            )
    else:
        ranking = [
            Ranked(slug=fw, name=matrix.frameworks[fw], score=None, coverage=0.0, contributions={})
            for fw in remaining
        ]
    ranking.sort(key=lambda r: (-(r.score if r.score is not None else -1), r.name.lower()))
    _assign_ranks(ranking)
    result = Result(
        ranking=ranking,
        eliminated=eliminated,
        weights=dict(weights),
        criteria=criteria,
    )
    for r in ranking:
        others = [
            m
            for m in (members or {}).get(r.slug, ())
            if m in matrix.row_of and m != r.slug and not _fails(matrix, m, must_haves)
        ]
        if others:
            result.members[r.slug] = others
    if robustness and total > 0 and ranking:
        if seed is None:
            seed = canonical_seed(weights, must_haves, sorted(wanted) if wanted else ())
        _robustness(matrix, result, crit, crit_w, seed)
    return result


def podium(
    matrix: Matrix, weights: Mapping[str, float], must_haves: Iterable[str] = (), count: int = 3
) -> tuple[list[str], int]:
    """The first `count` frameworks of `score`'s ranking (same scores, same order)
    and how many it ranks, without building the ranking: "fits best" asks this of
    every scenario (array work: a mask per must-have, one weighted sum per row)."""
    mask = np.ones(len(matrix.frameworks), dtype=bool)
    for trait in must_haves:
        mask &= matrix.meets(trait)
    remaining = np.flatnonzero(mask)
    trait_w = _weighting(matrix, weights)[3]
    total = float(trait_w.sum())
    if total <= 0 or not remaining.size:
        return [], int(remaining.size)
    # Row by row, as in `score`, so the scores are the same to the last bit.
    point = (matrix.imputed[remaining] * trait_w).sum(axis=1) / total
    candidates = np.arange(remaining.size)
    if remaining.size > count:
        # Only those at least as high as the count-th best can be among the first.
        cut = np.partition(point, remaining.size - count)[remaining.size - count]
        candidates = np.flatnonzero(point >= cut)
    names, slugs = matrix.sort_names, matrix.slugs
    first = sorted(candidates, key=lambda k: (-float(point[k]), names[remaining[k]]))[:count]
    return [slugs[remaining[k]] for k in first], int(remaining.size)


def _assign_ranks(ranking: list[Ranked]) -> None:
    """Ties are groups within the tolerance of the group's best score, never chained:
    a framework joins the group above only when it is within the tolerance of that
    group's first. A row is uncertain when its own score has a range (unknowns) that
    overlaps a neighbour's."""
    head: Ranked | None = None
    for position, item in enumerate(ranking, start=1):
        if (
            head is not None
            and item.score is not None
            and head.score is not None
            and head.score - item.score < TIE_TOLERANCE
        ):
            item.rank = head.rank
            item.tied = head.tied = True
        else:
            item.rank = position
            head = item
    for above, below in itertools.pairwise(ranking):
        if below.high is not None and above.low is not None and above.low < below.high - 1e-12:
            for item in (above, below):
                if item.high is not None and item.low is not None and item.high - item.low > 1e-12:
                    item.uncertain = True


def _first_places(scores: np.ndarray) -> np.ndarray:
    """Per sample (row), each framework's share of first place: 1 for an outright
    leader, split evenly among frameworks tied within the tolerance."""
    best = scores.max(axis=1, keepdims=True)
    top = best - scores < TIE_TOLERANCE
    return top / top.sum(axis=1, keepdims=True)


def sample_weights(
    weights: np.ndarray, samples: int = SAMPLES, seed: int = SAMPLE_SEED
) -> np.ndarray:
    """Weightings around `weights` (samples × criteria, in the matrix's fixed order of
    criteria), deterministic for a seed."""
    rng = np.random.default_rng(seed)
    factors = np.exp(rng.uniform(-1.0, 1.0, size=(samples, len(weights))) * math.log(SAMPLE_SPREAD))
    return weights[None, :] * factors


def sample_values(
    matrix: Matrix, slugs: list[str], samples: int = SAMPLES, seed: int = SAMPLE_SEED
) -> np.ndarray | None:
    """The frameworks' normalised values (samples × frameworks × traits), each measured
    value with an interval drawn log-uniformly within it (deterministic); None when no
    value has an interval. Each framework × trait has its own generator (`_cell_rng`), so
    a framework's draws do not depend on which other frameworks are in `slugs`: hiding
    some, or a stack adding its members' rows, leaves everyone else's draws as they were."""
    index = {fw: k for k, fw in enumerate(slugs)}
    cells = [(f, t, index[f], matrix.column_of[t], matrix.trait_by_slug[t], span)
             for (f, t), span in matrix.intervals.items()
             if f in index and t in matrix.column_of and span[0] > 0]
    if not cells:
        return None
    rows = [matrix.row_of[fw] for fw in slugs]
    values = np.repeat(matrix.imputed[rows][None, :, :], samples, axis=0)
    # The draws are made cell by cell (each cell its own generator), then each
    # trait's cells are normalised in one array operation (elementwise, so each
    # figure is the same to the last bit as normalising the cells one by one).
    by_trait: dict[int, tuple[TraitInfo, list[int], list[np.ndarray]]] = {}
    for slug, trait_slug, k, j, trait, (low, high) in cells:
        rng = _cell_rng(seed, slug, trait_slug)
        drawn = np.exp(rng.uniform(math.log(low), math.log(max(high, low)), size=samples))
        if trait.type != "number":
            values[:, k, j] = _normalise_column(trait, list(drawn))
            continue
        _, ks, draws = by_trait.setdefault(j, (trait, [], []))
        ks.append(k)
        draws.append(drawn)
    for j, (trait, ks, draws) in by_trait.items():
        values[:, ks, j] = _normalise_column(trait, np.stack(draws, axis=1))  # type: ignore[arg-type]
    return values


def _cell_rng(seed: int, framework: str, trait: str) -> np.random.Generator:
    """The generator of one framework's draws of one measured trait: derived from the
    decision's seed and the two slugs alone."""
    digest = hashlib.sha256(f"{seed}|{framework}|{trait}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _robustness(
    matrix: Matrix, result: Result, crit: np.ndarray, crit_w: np.ndarray, seed: int = SAMPLE_SEED
) -> None:
    rows, entity = entity_rows(matrix, [r.slug for r in result.ranking], result.members)
    sampled = sample_weights(crit_w, SAMPLES, seed) @ crit  # S × T
    slug_at = {row: slug for slug, row in matrix.row_of.items()}
    values = sample_values(matrix, [slug_at[row] for row in rows], SAMPLES, seed)
    if values is None:
        scores = _scores(sampled, matrix.imputed[rows])
    else:  # each weighting meets one draw of the measured values
        total = sampled.sum(axis=-1, keepdims=True)
        with np.errstate(all="ignore"):
            scores = np.where(total > 0, np.einsum("st,sft->sf", sampled, values)
                              / np.where(total > 0, total, 1), np.nan)
    # A stack wins a sampled weighting when any of its members would lead there.
    scores = by_entity(scores, entity)
    shares = _first_places(scores).mean(axis=0)
    for r, share in zip(result.ranking, shares, strict=True):
        r.wins_share = float(share)
    result.samples = SAMPLES


def wins_over_random_weights(
    matrix: Matrix, criteria: list[str], samples: int = 1000, seed: int = 1
) -> dict[str, float]:
    """Each framework's share of first places over weightings drawn uniformly from
    0..10 per criterion: how much the ranking depends on what a team values."""
    rng = np.random.default_rng(seed)
    sampled = rng.uniform(0, MAX_WEIGHT, size=(samples, len(criteria)))
    shares = _first_places(
        _scores(sampled @ criterion_matrix(matrix, criteria), matrix.imputed)
    ).mean(axis=0)
    return {fw: float(shares[i]) for i, fw in enumerate(matrix.frameworks)}


def nearest(matrix: Matrix, slug: str, count: int = 3) -> list[str]:
    """The frameworks most like `slug`, most similar first: the smallest mean
    difference over the traits both have a known value for (one array operation
    over the whole catalogue, so every framework's can be computed at once)."""
    i = matrix.row_of[slug]
    both = matrix.known & matrix.known[i]
    counts = both.sum(axis=1)
    values = np.nan_to_num(matrix.norm)
    sums = np.where(both, np.abs(values - values[i]), 0.0).sum(axis=1)
    names = matrix.frameworks
    candidates = [
        (float(sums[j] / counts[j]), names[other].lower(), other)
        for j, other in enumerate(matrix.slugs)
        if j != i and counts[j]
    ]
    return [other for _, _, other in heapq.nsmallest(count, candidates)]


def nearest_all(matrix: Matrix, count: int = 3, chunk: int = 64) -> dict[str, list[str]]:
    """`nearest` for every framework at once: the distance matrix in blocks of
    rows (whole-array work), then the order of `nearest` among the few closest."""
    values = np.nan_to_num(matrix.norm)
    known = matrix.known.astype(float)
    slugs, names = matrix.slugs, matrix.frameworks
    result: dict[str, list[str]] = {}
    for start in range(0, len(slugs), chunk):
        block = slice(start, start + chunk)
        both = known[block, None, :] * known[None, :, :]  # B × F × T
        counts = both.sum(axis=2)
        sums = (np.abs(values[block, None, :] - values[None, :, :]) * both).sum(axis=2)
        with np.errstate(all="ignore"):
            distances = np.where(counts > 0, sums / np.where(counts > 0, counts, 1), np.inf)
        for k, row in enumerate(distances):
            i = start + k
            row[i] = np.inf
            finite = np.flatnonzero(np.isfinite(row))
            if finite.size > count:
                # Everything as close as the count-th closest (ties included).
                cut = np.partition(row[finite], count - 1)[count - 1]
                finite = finite[row[finite] <= cut + 1e-12]
            candidates = [(float(row[j]), names[slugs[j]].lower(), slugs[j]) for j in finite]
            result[slugs[i]] = [other for _, _, other in heapq.nsmallest(count, candidates)]
    return result


# --- Explaining a result ----------------------------------------------------------


def criterion_scores(
    matrix: Matrix,
    weights: Mapping[str, float],
    frameworks: Iterable[str],
    norm: Any = None,
) -> dict[str, dict[str, float | None]]:
    """Per framework, per criterion: its score on that criterion alone, unknowns
    counted as in the ranking (None when the criterion weighs no scored trait)."""
    frameworks = list(frameworks)
    rows = [matrix.row_of[fw] for fw in frameworks]
    result: dict[str, dict[str, float | None]] = {fw: {} for fw in frameworks}
    for criterion in weights:
        unit = matrix.unit_weights(criterion)
        total = unit.sum()
        values = matrix.imputed[rows] @ unit / total if total else None
        for k, fw in enumerate(frameworks):
            result[fw][criterion] = None if values is None else float(values[k])
    return result


def criterion_ranges(
    matrix: Matrix, criteria: list[str], frameworks: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Frameworks × criteria: the worst and best score on each criterion alone."""
    rows = [matrix.row_of[fw] for fw in frameworks]
    crit = criterion_matrix(matrix, criteria)
    totals = crit.sum(axis=1)
    totals = np.where(totals > 0, totals, 1)
    norm, known = matrix.norm[rows], matrix.known[rows]
    low = np.where(known, norm, 0.0) @ crit.T / totals
    high = np.where(known, norm, 1.0) @ crit.T / totals
    return low, high


def dominated(
    matrix: Matrix,
    weights: Mapping[str, float],
    frameworks: Iterable[str],
    among: Iterable[str] | None = None,
    members: Mapping[str, list[str]] | None = None,
) -> dict[str, str]:
    """Frameworks (of `among`, default all) that another of `frameworks` beats on
    every weighted criterion by at least the tie tolerance, whatever their unknowns
    turn out to be: no weighting of these criteria makes them first or tied first.
    Maps each to the closest framework that dominates it. `members`: a framework
    standing for its stack -> the stack's other members (`Result.members`); a stack
    is dominated only when each of its members is, by a framework outside it."""
    frameworks = list(frameworks)
    criteria = [c for c, w in weights.items() if w > 0 and matrix.is_criterion(c)]
    if not criteria or len(frameworks) < 2:
        return {}
    low, high = criterion_ranges(matrix, criteria, frameworks)
    index = {fw: i for i, fw in enumerate(frameworks)}
    targets = [index[fw] for fw in (among if among is not None else frameworks) if fw in index]
    stacked = {fw: others for fw, others in (members or {}).items() if others and fw in index}
    if stacked:
        # A stack is first when any of its members is: every member must be beaten.
        beaten = dominated(matrix, weights, frameworks, among)
        result = {}
        for fw, by in beaten.items():
            others = stacked.get(fw)
            if others and not all(
                _beaten_by_other(matrix, criteria, m, frameworks, fw) for m in others
            ):
                continue
            result[fw] = by
        return result
    # a dominates b when a leads b by at least the tie tolerance on every criterion,
    # whatever the unknowns: a weighted mean of the criteria then keeps that lead
    # for every weighting, so b is never first, not even tied first. (Closer than
    # the tolerance on one criterion, and weighting that one alone makes them tie.)
    theirs = high[targets]  # B × C
    lead = low[:, None, :] - theirs[None, :, :]  # F × B × C
    dominates = (lead >= TIE_TOLERANCE - 1e-12).all(axis=2)
    dominates[targets, range(len(targets))] = False
    strength = low.sum(axis=1)
    result: dict[str, str] = {}
    for column, b in enumerate(targets):
        by = np.flatnonzero(dominates[:, column])
        if by.size:
            # The closest of them (the least strong): the like-for-like alternative
            # a reader would consider instead, not always the overall leader.
            nearest = by[np.argmin(strength[by])]
            result[frameworks[b]] = frameworks[nearest]
    return result


def _beaten_by_other(
    matrix: Matrix, criteria: list[str], member: str, frameworks: list[str], own: str
) -> bool:
    """Whether a framework of `frameworks` other than `own` (the line standing for
    the member's stack) leads `member` by the tie tolerance on every criterion,
    whatever the unknowns."""
    rivals = [fw for fw in frameworks if fw != own]
    low, _ = criterion_ranges(matrix, criteria, rivals)
    _, high = criterion_ranges(matrix, criteria, [member])
    return bool(((low - high) >= TIE_TOLERANCE - 1e-12).all(axis=1).any())


# --- Tipping points ---------------------------------------------------------------


@dataclass
class TippingPoint:
    criterion: str
    current: int
    threshold: int  # the nearest whole weight at which the challenger leads outright
    direction: str  # "below": the threshold is lower than the current weight
    challenger: str
    margin: float = 0.0  # the challenger's lead there, in score points


@dataclass
class Draw:
    """A weight at which a challenger only draws level (within the tie tolerance)."""

    criterion: str
    current: int
    threshold: int
    direction: str
    challenger: str


def _leaders(scores: np.ndarray) -> tuple[set[int], float]:
    """Who is first (all within the tie tolerance of the best) and the lead of an
    outright leader over the runner-up (0 when tied)."""
    order = np.argsort(-scores, kind="stable")
    best = scores[order[0]]
    # The same test as the ranking's ties (a difference below the tolerance).
    top = {int(i) for i in np.flatnonzero(best - scores < TIE_TOLERANCE)}
    runner = scores[order[1]] if len(order) > 1 else -np.inf
    return top, float(best - runner)


# Safety margin of the screening below: far more than the floating-point error of
# a weighted mean computed another way, far less than any difference a score shows.
_SCREEN_EPS = 1e-9


def _eventful_weights(
    matrix: Matrix,
    weights: Mapping[str, float],
    criteria: list[str],
    values: np.ndarray,
    leaders: np.ndarray,
    entity: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Criteria × whole weights 0..MAX_WEIGHT (every other weight as it is):
    whether anything could happen to the first place there (a framework other than
    the current leaders within reach of the first place, or tied leaders drawn
    apart), the scores there (criteria × weights × frameworks), and whether the
    first place there is too close to the tie tolerance to read from these scores.
    Every criterion's eleven weightings in one array product; where the answer is
    borderline, the caller computes that weighting exactly as `score` does.
    `entity` (`entity_rows`): the rows of `values` are members of stacks, each
    stack scoring its best member; `leaders` is over the entities and the scores
    returned over the rows."""
    now = _weighting(matrix, weights)[3]
    units = criterion_matrix(matrix, criteria)  # C × T
    current = np.array([max(float(weights.get(c, 0)), 0.0) for c in criteria])
    base = now[None, :] - current[:, None] * units  # C × T: the criterion at 0
    steps = np.arange(MAX_WEIGHT + 1, dtype=float)
    trait_w = base[:, None, :] + steps[None, :, None] * units[:, None, :]  # C × X × T
    totals = trait_w.sum(axis=2)
    with np.errstate(all="ignore"):
        scores = (trait_w @ values.T) / np.where(totals > 0, totals, 1)[:, :, None]  # C × X × F
    entities = by_entity(scores, entity)
    gap = entities.max(axis=2, keepdims=True) - entities
    others_close = ((gap < TIE_TOLERANCE + _SCREEN_EPS) & ~leaders).any(axis=2)
    if leaders.sum() > 1:
        # Tied leaders stay tied while at least two stay surely within the tolerance.
        together = ((gap < TIE_TOLERANCE - _SCREEN_EPS) & leaders).sum(axis=2) >= 2
        eventful = others_close | ~together
    else:
        eventful = others_close
    empty = totals <= 1e-12
    borderline = (np.abs(gap - TIE_TOLERANCE) < _SCREEN_EPS).any(axis=2) | empty
    return eventful | empty, scores, borderline


def _face(
    matrix: Matrix, scores: np.ndarray, rows: list[int], entity: np.ndarray | None, e: int
) -> str:
    """The framework an entity is shown as at these scores (over `entity_rows`'
    rows): itself, or for a stack the member a ranking would name, the best placed
    (the host when it is within the tie tolerance of the best)."""
    if entity is None:
        return matrix.slugs[rows[e]]
    mine = np.flatnonzero(entity == e)
    best = scores[mine].max()
    close = [k for k in mine if best - scores[k] < TIE_TOLERANCE]
    toolkits = matrix.__dict__.get("_stack_of", {})
    hosts = [k for k in close if matrix.slugs[rows[k]] not in toolkits]
    pick = hosts[0] if hosts else max(close, key=lambda k: scores[k])
    return matrix.slugs[rows[pick]]


def tipping_points(
    matrix: Matrix,
    weights: Mapping[str, float],
    result: Result,
    criteria: Iterable[str] | None = None,
) -> tuple[list[TippingPoint], list[Draw]]:
    """For each criterion (the weighted ones, or `criteria`), the nearest whole
    weight below and above the current one at which another framework leads
    outright (beyond the tie tolerance), every other weight unchanged. Weights
    are those a person can set: whole numbers 0..10. Where a challenger only
    draws level in a direction, that is reported as a draw."""
    ranked = [r for r in result.ranking if r.score is not None]
    if len(ranked) < 2:
        return [], []
    slugs = [r.slug for r in ranked]
    # A stack is one entity (one line, one index) scoring its best member.
    rows, entity = entity_rows(matrix, slugs, result.members)
    values = matrix.imputed[rows]
    leaders_now = {i for i, r in enumerate(ranked) if r.rank == ranked[0].rank}
    names = list(criteria) if criteria is not None else list(weights)
    names = [c for c in names if matrix.is_criterion(c)]
    points: list[TippingPoint] = []
    draws: list[Draw] = []
    leader_mask = np.zeros(len(slugs), dtype=bool)
    leader_mask[list(leaders_now)] = True
    eventful_at, screened, borderline_at = _eventful_weights(
        matrix, weights, names, values, leader_mask, entity
    )
    for c, criterion in enumerate(names):
        eventful, borderline = eventful_at[c], borderline_at[c]
        current = round(float(weights.get(criterion, 0)))
        for direction, steps in (
            ("below", range(current - 1, -1, -1)),
            ("above", range(current + 1, MAX_WEIGHT + 1)),
        ):
            drawn: Draw | None = None
            for x in steps:
                if not eventful[x]:
                    continue  # the leaders stay as they are: nothing to report there
                if borderline[x]:
                    changed = dict(weights)
                    changed[criterion] = float(x)
                    member_row = _row_scores(_weighting(matrix, changed)[3], values)
                    if member_row is None:
                        continue
                else:
                    member_row = screened[c, x]
                row = by_entity(member_row, entity)
                top, lead = _leaders(row)
                if len(top) == 1:
                    (winner,) = top
                    if winner not in leaders_now or len(leaders_now) > 1:
                        name = _face(matrix, member_row, rows, entity, winner)
                        points.append(TippingPoint(criterion, current, x, direction, name, lead))
                        break
                elif drawn is None and top - leaders_now:
                    challenger = min(top - leaders_now, key=lambda i: -row[i])
                    name = _face(matrix, member_row, rows, entity, challenger)
                    drawn = Draw(criterion, current, x, direction, name)
            else:
                if drawn is not None:
                    draws.append(drawn)
    return points, draws
