"""The decision matrix's state and its URL: `scenario`, `w`, `must`, `only`.

`parse` turns query parameters into a `Decision` (or a list of problems that
name the bad part); `Decision.query` turns it back into the canonical query
string, so URL -> state -> URL is stable and the address bar is the permalink.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

DEFAULT_AXIS_WEIGHT = 5
MAX_WEIGHT = 10
_WEIGHT = re.compile(r"^(?P<criterion>[a-z0-9-]+):(?P<weight>\d{1,2})$")


@dataclass(frozen=True)
class Catalogue:
    """What the parameters may name."""

    axes: list[str]  # in display order
    traits: set[str]  # scored traits (weightable)
    must_traits: set[str]  # yes/no and support traits (can be must-haves)
    frameworks: set[str]
    scenarios: Mapping[str, tuple[dict[str, int], list[str]]]  # slug -> (weights, musts)


@dataclass
class Decision:
    scenario: str | None = None
    weights: dict[str, int] = field(default_factory=dict)  # effective, axis first
    must: list[str] = field(default_factory=list)  # effective, sorted
    only: list[str] = field(default_factory=list)  # sorted; empty = all frameworks
    base_weights: dict[str, int] = field(default_factory=dict)  # before `w`
    base_must: list[str] = field(default_factory=list)

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
            params.append(("must", ",".join(self.must)))
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
            if criterion not in catalogue.axes and criterion not in catalogue.traits:
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
        must = _comma_list(_single(params, "must", problems) or "")
        for slug in must:
            if slug not in catalogue.must_traits:
                problems.append(
                    f"must=“{slug}”: not a yes/no or support-level trait, so it cannot be a "
                    "must-have."
                )
        decision.must = sorted(set(must))

    if "only" in params:
        only = _comma_list(_single(params, "only", problems) or "")
        for slug in only:
            if slug not in catalogue.frameworks:
                problems.append(f"only=“{slug}”: there is no such framework.")
        decision.only = sorted(set(only))

    return (None, problems) if problems else (decision, [])


def from_form(params: Mapping, catalogue: Catalogue) -> Mapping[str, str]:
    """The plain form's fields (w_<criterion>, must, only, scenario) as URL parameters,
    so the canonical URL can be built from them."""
    result: dict[str, str] = {}
    scenario = params.get("scenario")
    if scenario:
        result["scenario"] = scenario
    weights = []
    for key in params:
        if key.startswith("w_"):
            value = params.get(key, "").strip() or "0"
            weights.append(f"{key[2:]}:{value}")
    if weights:
        result["w"] = ",".join(weights)
    result["must"] = ",".join(params.getlist("must") if hasattr(params, "getlist") else [])
    only = params.getlist("only") if hasattr(params, "getlist") else []
    if only and set(only) != catalogue.frameworks:
        result["only"] = ",".join(only)
    return result
