"""Watching a decision: what its answer comes to at one catalogue revision (an
`Outcome`), and what changed between two revisions that a person who took the
decision would want to hear about (`differences`).

Plain functions over a `Matrix` and a `Decision`: no request in sight. An
outcome is computed once per (canonical decision, revision) and kept in the
shared cache (`outcome_at`), so a decision's feed costs one new outcome per
new revision, not one per request.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from catalogue import history
from catalogue.models import VALUE_FIELDS, Framework, SupportLevel, Trait
from catalogue.scoring.engine import Matrix, trait_weights
from catalogue.scoring.matrix import _FIELDS as MATRIX_FIELDS
from catalogue.scoring.matrix import _values as matrix_values
from catalogue.scoring.matrix import current_matrix, replace_rows
from compare.decide.explain import essentials
from compare.decide.state import Decision
from web.cache.store import memoize, memoized_many

TOP = 3
# Deciding values are kept for this many of the ranking (and for the frameworks
# the must-haves eliminate), so a framework that leaves the top three says why.
KEPT = 10
# The package index's counts of security advisories: a rise for one of the top
# three is news even when the trait carries no weight in the decision.
ADVISORY_TRAITS = ("vulnerabilities-latest", "vulnerabilities-12m")


@dataclass(frozen=True)
class Outcome:
    """A decision's answer at one revision, reduced to what would change it."""

    revision: int
    top: tuple[str, ...]  # the first three, in order
    eliminated: tuple[str, ...]  # by the must-haves
    tipping: tuple[tuple[str, int, str, str], ...]  # criterion, threshold, direction, challenger
    deciding: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (framework, trait)
    advisories: Mapping[str, float | None] = field(default_factory=dict)  # top three
    names: Mapping[str, str] = field(default_factory=dict)  # frameworks, criteria, traits


def _display(matrix: Matrix, trait: str, value: object) -> str:
    if value is None:
        return "unknown"
    kind = matrix.trait_by_slug[trait].type
    if kind == "boolean":
        return "yes" if value else "no"
    if kind == "support":
        return SupportLevel(value).label
    if kind == "scale":
        return f"{value} / 5"
    if kind == "number":
        number = float(value)
        return f"{int(number)}" if number.is_integer() else f"{number:g}"
    return str(value)


def outcome(matrix: Matrix, decision: Decision, names: dict[str, str], revision: int) -> Outcome:
    """What `decision` comes to on `matrix` (the catalogue at `revision`)."""
    # The ranking without the explanation's robustness sampling and sentences (a
    # cold feed computes one outcome per revision of its window).
    result, tipping = essentials(matrix, decision)
    lines = result.ranking
    eliminated = sorted(result.eliminated.items())
    top = tuple(line.slug for line in lines[:TOP] if line.score is not None)
    weighted = [t for t, w in trait_weights(matrix, decision.weights).items() if w > 0]
    deciding_traits = sorted(set(weighted) | set(decision.must))
    ranked = [line.slug for line in lines[:KEPT]]
    deciding = {
        (fw, t): _display(matrix, t, matrix.value(fw, t))
        for fw in ranked
        for t in deciding_traits
        if t in matrix.trait_by_slug
    }
    # An eliminated framework: the must-haves are what count.
    deciding.update(
        {
            (slug, must): _display(matrix, must, matrix.value(slug, must))
            for slug, failed in eliminated
            for must in failed
        }
    )
    advisories = {
        fw: next(
            (
                float(v)
                for t in ADVISORY_TRAITS
                if t in matrix.trait_by_slug and (v := matrix.value(fw, t)) is not None
            ),
            None,
        )
        for fw in top
    }
    all_names = {**names, **{t.slug: t.name for t in matrix.traits}, **matrix.frameworks}
    return Outcome(
        revision=revision,
        top=top,
        eliminated=tuple(slug for slug, _ in eliminated),
        tipping=tuple(
            sorted((p.criterion, p.threshold, p.direction, p.challenger) for p in tipping)
        ),
        deciding=deciding,
        advisories=advisories,
        names=all_names,
    )


def differences(before: Outcome, after: Outcome) -> list[str]:
    """What changed between two outcomes that changes the answer, in words; empty
    when the decision comes out the same."""
    names = {**before.names, **after.names}

    def n(slug: str) -> str:
        return names.get(slug, slug)

    def listed(slugs: tuple[str, ...]) -> str:
        return ", ".join(n(s) for s in slugs) or "no framework"

    lines = []
    if before.top != after.top:
        if set(before.top) == set(after.top):
            lines.append(
                f"The top three changed order: {listed(after.top)} (was {listed(before.top)})."
            )
        else:
            lines.append(f"The top three are now {listed(after.top)} (were {listed(before.top)}).")
    for slug in after.eliminated:
        if slug not in before.eliminated:
            lines.append(f"{n(slug)} is now eliminated by a must-have.")
    for slug in before.eliminated:
        if slug not in after.eliminated:
            lines.append(f"{n(slug)} is back: it now meets every must-have.")
    for criterion, threshold, direction, challenger in after.tipping:
        if (criterion, threshold, direction, challenger) not in before.tipping:
            edge = "drops to" if direction == "below" else "rises to"
            lines.append(
                f"New tipping point: {n(challenger)} would come first if the weight of "
                f"{n(criterion)} {edge} {threshold}."
            )
    for criterion, threshold, direction, challenger in before.tipping:
        if not any(p[0] == criterion and p[2] == direction for p in after.tipping):
            lines.append(
                f"Tipping point gone: changing the weight of {n(criterion)} no longer hands "
                f"first place to {n(challenger)} ({direction} {threshold})."
            )
    podium = set(before.top) | set(after.top)
    for key, value in after.deciding.items():
        old = before.deciding.get(key)
        framework, trait = key
        if framework in podium and old is not None and old != value:
            lines.append(f"A deciding value changed: {n(framework)} · {n(trait)}: {old} → {value}.")
    for framework in after.top:
        was, now = before.advisories.get(framework), after.advisories.get(framework)
        if framework in before.advisories and now is not None and now > (was or 0):
            lines.append(
                f"New security advisory for {n(framework)}: {now:g} known (was {was or 0:g})."
            )
    return lines


def matrix_at(
    at: datetime.datetime, current: Matrix, revision: int | None = None, now: int | None = None
) -> Matrix:
    """The catalogue's matrix as it was at `at`: the current one with the values
    saved since put back as they were. Reading the whole catalogue as of `at`
    (`load_matrix(at=…)`) took 0.65 s per revision on the shipped catalogue with 30
    edits of history. With `revision` (the one made at `at`) and `now` (the
    current one), what was read is kept for every decision's feed to share, so a
    decision watched for the first time reads no history that another has read."""
    if revision is None or now is None:
        slugs, fresh = _rows_then(at, current)
    else:
        slugs, fresh = memoize(
            "rows-then", revision, str(now), lambda: _rows_then(at, current), local=True
        )
    return replace_rows(current, slugs, fresh) if slugs else current


def _rows_then(
    at: datetime.datetime, current: Matrix
) -> tuple[list[str], dict[tuple[str, str], object]]:
    """The frameworks whose values were saved after `at`, and all their values as
    they were at `at` (three queries over the history of those values only)."""
    since = (
        history.HistoricalTraitValue.objects.filter(history_date__gt=at)
        .values_list("id", "framework_id", "trait_id")
        .distinct()
    )
    touched = {pk: (framework, trait) for pk, framework, trait in since}
    if not touched:
        return [], {}
    ids = current.__dict__.get("_ids") or dict(
        Framework.objects.filter(slug__in=current.frameworks).values_list("slug", "pk")
    )
    slug_of = {pk: slug for slug, pk in ids.items()}
    touched_frameworks = {framework for framework, _ in touched.values()}
    trait_of = {
        pk: (slug, VALUE_FIELDS[kind])
        for pk, slug, kind in Trait.objects.values_list("pk", "slug", "type")
    }
    then: dict[int, tuple] = {}
    for record in (
        history.HistoricalTraitValue.objects.filter(id__in=list(touched), history_date__lte=at)
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "history_type", *MATRIX_FIELDS)
    ):
        then.setdefault(record[0], record)
    # Only the rows of the frameworks whose values changed since are read and scored
    # again (normalising every row took most of a cold feed's time).
    slugs = [slug for slug in current.frameworks if ids[slug] in touched_frameworks]
    fresh = {
        (slug, trait.slug): current.values[(slug, trait.slug)]
        for slug in slugs
        for trait in current.traits
        if (slug, trait.slug) in current.values
    }
    for framework, trait in touched.values():
        if framework not in slug_of or trait not in trait_of:
            continue
        fresh.pop((slug_of[framework], trait_of[trait][0]), None)
    rows = [record[2:] for record in then.values() if record[1] != "-" and record[2] in slug_of]
    fresh.update(matrix_values(rows, trait_of, slug_of))
    return slugs, fresh


def outcome_at(
    decision: Decision, names: dict[str, str], revision: int, at: datetime.datetime, current: int
) -> Outcome:
    """The decision's outcome at `revision` (made at `at`), computed once per
    (decision, revision) across servers. `current`: the catalogue's revision now."""
    return memoize(
        "decision-outcome",
        revision,
        decision.query,
        lambda: outcome(
            matrix_at(at, current_matrix(current), revision, current), decision, names, revision
        ),
    )


def known_outcomes(decision: Decision, revisions: list[int]) -> dict[int, Outcome]:
    """The outcomes of `decision` already computed for these revisions (one call to
    the shared cache)."""
    return memoized_many("decision-outcome", revisions, decision.query)


def current_outcome(decision: Decision, names: dict[str, str], revision: int) -> Outcome:
    return memoize(
        "decision-outcome",
        revision,
        decision.query,
        lambda: outcome(current_matrix(revision), decision, names, revision),
    )
