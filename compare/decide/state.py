"""The decision matrix's state and its URL: `scenario`, `w`, `must`, `know`, `only`.

`must` items are `trait` (built-in or first-party) or `trait:level` (that level or
better on the support ladder); with a scenario they add to its must-haves, and
`-trait` removes one of them. `know` names frameworks the team knows: it adds
the criterion `team-knowledge` (weight 5 unless `w` says otherwise).

`parse` turns query parameters into a `Decision` (or a list of problems that
name the bad part); `Decision.query` turns it back into the canonical query
string, so URL -> state -> URL is stable and the address bar is the permalink.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from catalogue import levels

if TYPE_CHECKING:
    from catalogue.models import Scenario
    from catalogue.revision.pinning import Pin
    from catalogue.scoring.engine import Matrix

DEFAULT_AXIS_WEIGHT = 5
MAX_WEIGHT = 10
KNOWLEDGE = "team-knowledge"
DEFAULT_KNOWLEDGE_WEIGHT = 5
MUST_LEVELS = levels.ASKABLE
_WEIGHT = re.compile(r"^(?P<criterion>[a-z0-9-]+):(?P<weight>\d{1,2})$")


@dataclass(frozen=True)
class Catalogue:
    """What the parameters may name."""

    axes: list[str]  # in display order
    traits: set[str]  # scored traits (weightable)
    must_traits: set[str]  # yes/no and support traits (can be must-haves)
    frameworks: set[str]
    scenarios: Mapping[str, tuple[dict[str, int], list[str]]]  # slug -> (weights, musts)
    support_traits: set[str] = field(default_factory=set)  # must-haves that take a level


@dataclass
class Decision:
    scenario: str | None = None
    weights: dict[str, int] = field(default_factory=dict)  # effective, axis first
    must: list[str] = field(default_factory=list)  # effective, sorted: "trait[:level]"
    only: list[str] = field(default_factory=list)  # sorted; empty = all frameworks
    base_weights: dict[str, int] = field(default_factory=dict)  # before `w`
    base_must: list[str] = field(default_factory=list)
    know: list[str] = field(default_factory=list)  # sorted: frameworks the team knows

    @property
    def query(self) -> str:
        """The canonical query string (no leading "?")."""
        params: list[tuple[str, str]] = []
        if self.scenario:
            params.append(("scenario", self.scenario))
        changed = [f"{c}:{w}" for c, w in self.weights.items() if self.base_weights.get(c, 0) != w]
        changed += [f"{c}:0" for c in self.base_weights if c not in self.weights]
        if changed:
            params.append(("w", ",".join(changed)))
        if self.must != self.base_must:
            # What changes the scenario's must-haves: additions (or a new level), removals.
            traits = {m.partition(":")[0] for m in self.must}
            added = [m for m in self.must if m not in self.base_must]
            removed = [f"-{m.partition(':')[0]}" for m in self.base_must]
            removed = [r for r in removed if r[1:] not in traits]
            params.append(("must", ",".join(added + removed)))
        params += [("know", slug) for slug in self.know]
        if self.only:
            params.append(("only", ",".join(self.only)))
        return urlencode(params, safe=":,")


def _comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _single(params: Mapping, name: str, problems: list[str]) -> str | None:
    values = params.getlist(name) if hasattr(params, "getlist") else [params[name]]
    if len(values) > 1:
        problems.append(f"{name}: give it once (as a comma list), not {len(values)} times.")
    return values[-1] if values else None


def parse(params: Mapping, catalogue: Catalogue) -> tuple[Decision | None, list[str]]:
    problems: list[str] = []
    decision = Decision(base_weights={a: DEFAULT_AXIS_WEIGHT for a in catalogue.axes})

    scenario = _single(params, "scenario", problems) if "scenario" in params else None
    if scenario is not None:
        if scenario not in catalogue.scenarios:
            problems.append(f"scenario=“{scenario}”: there is no such scenario.")
        else:
            weights, musts = catalogue.scenarios[scenario]
            decision.scenario = scenario
            decision.base_weights = {a: weights.get(a, 0) for a in catalogue.axes}
            decision.base_weights.update(
                {c: w for c, w in weights.items() if c not in catalogue.axes and w}
            )
            decision.base_must = sorted(musts)

    weights = dict(decision.base_weights)
    if "w" in params:
        for item in _comma_list(_single(params, "w", problems) or ""):
            match = _WEIGHT.match(item)
            if not match:
                problems.append(
                    f"w=“{item}”: write each weight as criterion:number, as in w=performance:8."
                )
                continue
            criterion, weight = match["criterion"], int(match["weight"])
            if (
                criterion not in catalogue.axes
                and criterion not in catalogue.traits
                and criterion != KNOWLEDGE
            ):
                problems.append(f"w=“{item}”: “{criterion}” is neither an axis nor a scored trait.")
            elif weight > MAX_WEIGHT:
                problems.append(f"w=“{item}”: weights run from 0 to {MAX_WEIGHT}.")
            else:
                weights[criterion] = weight
    # Axes are always shown; a trait weighted 0 is simply not a criterion.
    decision.weights = {a: weights.get(a, 0) for a in catalogue.axes}
    decision.weights.update(
        {c: w for c, w in sorted(weights.items()) if c not in catalogue.axes and w}
    )

    decision.must = list(decision.base_must)
    if "must" in params:
        chosen = {m.partition(":")[0]: m for m in decision.base_must}
        for item in _comma_list(_single(params, "must", problems) or ""):
            removing = item.startswith("-")
            slug, _, level = item.removeprefix("-").partition(":")
            if slug not in catalogue.must_traits:
                problems.append(
                    f"must=“{item}”: not a yes/no or support-level trait, so it cannot be a "
                    "must-have."
                )
            elif removing and level:
                problems.append(f"must=“{item}”: remove a must-have by its trait alone (-{slug}).")
            elif removing:
                chosen.pop(slug, None)
            elif level and slug not in catalogue.support_traits:
                problems.append(f"must=“{item}”: a yes/no trait takes no level; write {slug}.")
            elif level and level not in MUST_LEVELS:
                problems.append(
                    f"must=“{item}”: the level is one of {', '.join(MUST_LEVELS)} "
                    "(that level or better)."
                )
            else:
                # First-party is the default level: "orm:first-party" is "orm".
                chosen[slug] = slug if level in ("", "first-party") else f"{slug}:{level}"
        decision.must = sorted(chosen.values())

    if "know" in params:
        know = (
            [k for v in params.getlist("know") for k in _comma_list(v)]
            if hasattr(params, "getlist")
            else _comma_list(params["know"])
        )
        for slug in know:
            if slug not in catalogue.frameworks:
                problems.append(f"know=“{slug}”: there is no such framework.")
        decision.know = sorted(set(know))
    if decision.know:
        decision.base_weights[KNOWLEDGE] = DEFAULT_KNOWLEDGE_WEIGHT
        weights.setdefault(KNOWLEDGE, DEFAULT_KNOWLEDGE_WEIGHT)
        decision.weights = {a: weights.get(a, 0) for a in catalogue.axes}
        decision.weights.update(
            {c: w for c, w in sorted(weights.items()) if c not in catalogue.axes and w}
        )
    elif KNOWLEDGE in weights:
        problems.append(
            f"w=“{KNOWLEDGE}”: team knowledge needs the frameworks the team knows, as "
            "know=<framework>."
        )

    if "only" in params:
        only = _comma_list(_single(params, "only", problems) or "")
        for slug in only:
            if slug not in catalogue.frameworks:
                problems.append(f"only=“{slug}”: there is no such framework.")
        decision.only = sorted(set(only))

    return (None, problems) if problems else (decision, [])


def from_form(params: Mapping, catalogue: Catalogue) -> Mapping[str, str | list[str]]:
    """The plain form's fields (w_<criterion>, must with level_<trait> beside each,
    know, only, scenario) as URL parameters, so the canonical URL can be built from
    them. The form shows every must-have ticked or not, so the scenario's own
    must-haves left unticked are removed (`-trait`)."""
    result: dict[str, str | list[str]] = {}

    def many(name: str) -> list[str]:
        return params.getlist(name) if hasattr(params, "getlist") else []

    scenario = params.get("scenario")
    if scenario:
        result["scenario"] = scenario
    weights = []
    know = many("know")
    for key in params:
        if key == f"w_{KNOWLEDGE}" and not know:
            continue  # the field is always there; it counts once a framework is ticked
        if key.startswith("w_"):
            value = params.get(key, "").strip() or "0"
            weights.append(f"{key[2:]}:{value}")
    if weights:
        result["w"] = ",".join(weights)
    ticked = many("must")
    musts = []
    for slug in ticked:
        level = params.get(f"level_{slug}", "").strip()
        musts.append(f"{slug}:{level}" if level else slug)
    base = catalogue.scenarios.get(scenario or "", ({}, []))[1]
    musts += [f"-{slug.partition(':')[0]}" for slug in base if slug not in ticked]
    result["must"] = ",".join(musts)
    if know:
        result["know"] = know
    only = many("only")
    if only and set(only) != catalogue.frameworks:
        result["only"] = ",".join(only)
    return result


@dataclass
class Asked:
    """What a decision's URL asks for, read once per request: the matrix it ranks
    in (pinned or current), the published scenarios, and the decision, or (for a
    malformed URL) the 400 page saying why; `from_plain_form`: sent by the form
    without JavaScript, one field per slider."""

    matrix: Matrix
    scenarios: list[Scenario]
    decision: Decision | None
    error: Any = None  # the 400 response
    from_plain_form: bool = False


def decision_url(decision: Decision, path: str = "/decide/", pin: Pin | None = None) -> str:
    """The decision's address (at `path`), pinned to a revision with `pin`."""
    query = decision.query
    if pin:
        query = f"{query}&rev={pin.number}" if query else f"rev={pin.number}"
    return f"{path}?{query}" if query else path
