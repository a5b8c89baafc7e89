"""The comparison table as plain data: rows of cells, best values marked, the
baseline's better/worse/same, and which rows differ."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalogue import levels
from catalogue.scoring.engine import AxisInfo, Matrix, TraitInfo, normalise
from catalogue.scoring.evidence import Evidence
from catalogue.wording import quantity

SUPPORT_LABELS = levels.LABELS


@dataclass
class Cell:
    framework: str
    value: Any  # typed value, None when unknown
    display: str
    evidence: Evidence
    best: bool = False
    tie: bool = False  # best, shared with another column
    versus_base: str = ""  # better | worse | same | "" (no baseline, or unknown)

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass
class Row:
    trait: TraitInfo
    cells: list[Cell]
    differs: bool
    description: str = ""
    unit: str = ""
    spread: float = 0.0  # best minus worst normalised value: how much the row decides
    scores: dict[str, float] = field(default_factory=dict)  # framework -> 0..1, known only


@dataclass
class AxisGroup:
    slug: str
    name: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Comparison:
    frameworks: dict[str, str]  # slug -> name, in column order
    groups: list[AxisGroup]
    base: str | None = None

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def differing(self) -> int:
        return sum(1 for row in self.rows if row.differs)

    @property
    def data_date(self) -> Any:
        """The most recent verified date behind any shown value (the "data as of" stamp)."""
        dates = [c.evidence.verified for r in self.rows for c in r.cells if c.evidence.verified]
        return max(dates) if dates else None


@dataclass
class AxisScore:
    slug: str
    name: str
    scores: dict[str, float | None]  # framework -> 0..1, None when nothing is known
    known: dict[str, int]  # framework -> scored rows with a known value
    rows: int  # scored rows on this axis


def axis_scores(comparison: Comparison) -> list[AxisScore]:
    """Each framework's score per axis: the share-weighted mean of its known,
    normalised values on that axis. Only its own values count, so a score never
    depends on which other frameworks are shown (the decision matrix, which also
    brackets unknowns, is the place to weigh axes against each other)."""
    result = []
    for group in comparison.groups:
        rows = [r for r in group.rows if r.trait.scored and r.trait.share > 0]
        scores: dict[str, float | None] = {}
        known: dict[str, int] = {}
        for fw in comparison.frameworks:
            pairs = [(r.scores[fw], r.trait.share) for r in rows if fw in r.scores]
            weight = sum(w for _, w in pairs)
            scores[fw] = sum(v * w for v, w in pairs) / weight if weight else None
            known[fw] = len(pairs)
        result.append(AxisScore(group.slug, group.name, scores, known, len(rows)))
    return result


def differ_most(
    comparison: Comparison, count: int = 5, weights: dict[str, float] | None = None
) -> list[Row]:
    """The rows that separate the frameworks most in a decision: the spread of
    normalised values times the trait's weight in decisions (`weights`, trait
    slug -> weight, from `catalogue.scoring.weighing`; without them, its share of its
    axis with every axis weighed equally), in the grid's order among equals. A
    trait that is shown but not scored ("WSGI", "Flask-compatible API") never
    counts, and a minor one (a release count) rarely beats an ORM."""
    totals: dict[str, float] = {}
    for row in comparison.rows:
        if row.trait.scored:
            totals[row.trait.axis] = totals.get(row.trait.axis, 0.0) + row.trait.share

    def weight(row: Row) -> float:
        if weights is not None:
            return row.spread * weights.get(row.trait.slug, 0.0) * (row.trait.share > 0)
        return row.spread * row.trait.share / totals[row.trait.axis]

    ranked = sorted(
        (r for r in comparison.rows if r.differs and r.trait.scored and weight(r) > 0),
        key=lambda r: -weight(r),
    )
    return ranked[:count]


def display(trait: TraitInfo, value: Any, unit: str = "") -> str:
    if value is None:
        return "Unknown"
    if trait.type == "boolean":
        return "Yes" if value else "No"
    if trait.type == "support":
        return SUPPORT_LABELS.get(value, str(value))
    if trait.type == "scale":
        return f"{value} / 5"
    if trait.type == "number":
        return quantity(value, unit)
    return str(value)


def build(
    matrix: Matrix,
    evidence: dict[tuple[str, str], Evidence],
    descriptions: dict[str, tuple[str, str]],
    base: str | None = None,
) -> Comparison:
    """`descriptions`: trait slug -> (description, unit)."""
    columns = list(matrix.frameworks)
    norm = normalise(matrix, columns)
    groups = {a.slug: AxisGroup(a.slug, a.name) for a in matrix.axes}
    for trait in matrix.traits:
        description, unit = descriptions.get(trait.slug, ("", ""))
        values = [matrix.value(fw, trait.slug) for fw in columns]
        cells = [
            Cell(
                framework=fw,
                value=value,
                display=display(trait, value, unit),
                evidence=evidence.get((fw, trait.slug), Evidence()),
            )
            for fw, value in zip(columns, values, strict=True)
        ]
        if trait.scored:
            _mark_best(cells, norm, trait.slug)
            if base in columns:
                _versus_base(cells, norm, trait.slug, base)
        distinct = {c.display for c in cells}
        scores = [norm[(fw, trait.slug)] for fw in columns if (fw, trait.slug) in norm]
        groups[trait.axis].rows.append(
            Row(
                trait=trait,
                cells=cells,
                differs=len(distinct) > 1,
                description=description,
                unit=unit,
                spread=max(scores) - min(scores) if scores else 0.0,
                scores={fw: norm[(fw, trait.slug)] for fw in columns if (fw, trait.slug) in norm},
            )
        )
    return Comparison(frameworks=matrix.frameworks, groups=list(groups.values()), base=base)


def _mark_best(cells: list[Cell], norm: dict, trait: str) -> None:
    scores = {
        c.framework: norm[(c.framework, trait)] for c in cells if (c.framework, trait) in norm
    }
    if len(scores) < 2 or len(set(scores.values())) == 1:
        return  # nothing to prefer: a single known value, or all the same
    top = max(scores.values())
    winners = [fw for fw, s in scores.items() if s == top]
    for cell in cells:
        if cell.framework in winners:
            cell.best = True
            cell.tie = len(winners) > 1


def _versus_base(cells: list[Cell], norm: dict, trait: str, base: str) -> None:
    if (base, trait) not in norm:
        return
    reference = norm[(base, trait)]
    for cell in cells:
        key = (cell.framework, trait)
        if cell.framework == base or key not in norm:
            continue
        if norm[key] > reference:
            cell.versus_base = "better"
        elif norm[key] < reference:
            cell.versus_base = "worse"
        else:
            cell.versus_base = "same"


def for_one(
    framework: tuple[str, str],
    axes: list[AxisInfo],
    traits: list[tuple[TraitInfo, str, str]],
    values: dict[str, tuple[Any, Evidence]],
) -> Comparison:
    """One framework's rows, as the grid shows them, from values already loaded
    (a framework page reads its own, drafts included). `traits`: (info,
    description, unit) in display order; `values`: trait slug -> (typed value or
    None, evidence)."""
    slug, name = framework
    matrix = Matrix(
        frameworks={slug: name},
        axes=axes,
        traits=[t for t, _, _ in traits],
        values={(slug, t): v for t, (v, _) in values.items() if v is not None and v != ""},
    )
    evidence = {(slug, t): e for t, (_, e) in values.items()}
    descriptions = {t.slug: (description, unit) for t, description, unit in traits}
    return build(matrix, evidence, descriptions)
