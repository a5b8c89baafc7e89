"""The decision's form, built in Python (`compare/decide/form.py`), is the markup the
template partial `decide-form` made (kept in tests/compare/data/), byte for byte, for
every decision: weights, must-haves with levels, team knowledge, the shortlist, a
scenario, a pinned revision; and two decisions' forms differ only where their values do."""

import difflib
import random
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.template import engines
from django.utils import timezone
from django.utils.html import escape

from catalogue.models import Axis, CatalogueRevision, Framework, Scenario, Trait
from catalogue.revision.pinning import Pin
from catalogue.scoring.engine import Matrix, split_must
from catalogue.scoring.matrix import current_matrix, load_matrix
from catalogue.scoring.podiums import ranked_scenarios
from compare.decide.form import decide_form, form_parts
from compare.decide.state import KNOWLEDGE, MUST_LEVELS, Decision, parse
from compare.decide.views import catalogue_for

pytestmark = pytest.mark.django_db

PARTIAL = Path(__file__).parent / "data" / "decide_form_partial.html"
OLD = engines["django"].from_string(PARTIAL.read_text().removesuffix("\n"))
FORM = re.compile(r'<form id="decide-form".*?</form>', re.S)
INDENT = re.compile(r"\n[ \t]+")  # as the page cache strips it (web/cache/pages.py)


def old_form(matrix: Matrix, decision: Decision, scenario, pin) -> str:  # type: ignore[no-untyped-def]
    """The form as the partial rendered it, with the context the view gave it."""
    return OLD.render(
        {
            "decision": decision,
            "scenario": scenario,
            "pin": pin,
            "axes": matrix.axes,
            "traits_by_axis": [
                {"axis": a, "traits": [t for t in matrix.traits if t.axis == a.slug and t.scored]}
                for a in matrix.axes
            ],
            "must_traits": [t for t in matrix.traits if t.type in ("boolean", "support")],
            "must_levels": {split_must(m)[0]: split_must(m)[1] or "default" for m in decision.must},
            "knowledge_weight": decision.weights.get(KNOWLEDGE, 0) if decision.know else 5,
            "frameworks": matrix.frameworks,
        }
    )


def new_form(matrix: Matrix, decision: Decision, pin: Pin | None = None) -> str:
    scenarios = ranked_scenarios(CatalogueRevision.current())
    return str(decide_form(form_parts(matrix, scenarios), decision, pin))


def current() -> Matrix:
    return current_matrix(CatalogueRevision.current())


def random_params(rng: random.Random, matrix: Matrix, scenarios: list[Scenario]) -> dict:
    """A decision's URL parameters: any mix of scenario, weights (axes, traits, team
    knowledge), must-haves (with levels, removing a scenario's), know and only."""
    params: dict[str, str] = {}
    scenario = rng.choice(scenarios) if rng.random() < 0.5 else None
    if scenario:
        params["scenario"] = scenario.slug
    weights = [f"{a.slug}:{rng.randint(0, 10)}" for a in matrix.axes if rng.random() < 0.6]
    scored = [t.slug for t in matrix.traits if t.scored and t.slug != KNOWLEDGE]
    weights += [f"{t}:{rng.randint(0, 10)}" for t in rng.sample(scored, rng.randint(0, 10))]
    frameworks = list(matrix.frameworks)
    if rng.random() < 0.4:
        params["know"] = ",".join(rng.sample(frameworks, rng.randint(1, 4)))
        if rng.random() < 0.5:
            weights.append(f"{KNOWLEDGE}:{rng.randint(0, 10)}")
    if weights:
        params["w"] = ",".join(weights)
    musts = []
    for t in matrix.traits:
        if t.type in ("boolean", "support") and rng.random() < 0.15:
            level = rng.choice(("", *MUST_LEVELS)) if t.type == "support" else ""
            musts.append(f"{t.slug}:{level}" if level else t.slug)
    if scenario and rng.random() < 0.5:
        taken = {m.partition(":")[0] for m in musts}
        musts += [f"-{t.slug}" for t in scenario.must_haves.all() if t.slug not in taken][:1]
    if musts:
        params["must"] = ",".join(musts)
    if rng.random() < 0.3:
        params["only"] = ",".join(rng.sample(frameworks, rng.randint(1, 8)))
    return params


def random_decisions(n: int, seed: int) -> list[tuple[Decision, Scenario | None, Pin | None]]:
    matrix = current()
    scenarios = ranked_scenarios(CatalogueRevision.current())
    catalogue = catalogue_for(matrix, scenarios)
    rng = random.Random(seed)
    decisions = []
    while len(decisions) < n:
        decision, problems = parse(random_params(rng, matrix, scenarios), catalogue)
        assert not problems, problems
        scenario = next((s for s in scenarios if s.slug == decision.scenario), None)
        pin = Pin(rng.randint(1, 10**6), timezone.now(), 10**6) if rng.random() < 0.3 else None
        decisions.append((decision, scenario, pin))
    return decisions


def test_the_form_is_the_partials_markup_for_many_decisions():
    matrix = current()
    decisions = random_decisions(300, seed=1)
    # Every kind of value is there somewhere in the sample.
    assert any(d.scenario for d, _, _ in decisions) and any(p for _, _, p in decisions)
    assert any(":" in m for d, _, _ in decisions for m in d.must)
    assert any(d.know for d, _, _ in decisions) and any(d.only for d, _, _ in decisions)
    assert any(KNOWLEDGE in d.weights for d, _, _ in decisions)
    for decision, scenario, pin in decisions:
        assert new_form(matrix, decision, pin) == old_form(matrix, decision, scenario, pin), (
            decision
        )


def test_decisions_the_url_cannot_make_render_as_the_partial_did():
    """The partial's odd cases: a missing axis weight (it showed the axis's slug),
    a level no option offers (none selected), a scenario not found."""
    matrix = current()
    support = next(t.slug for t in matrix.traits if t.type == "support")
    odd = [
        Decision(),
        Decision(weights={"performance": 7}, must=[f"{support}:first-party"]),
        Decision(scenario="gone", must=[support], know=["django"], only=["flask"]),
    ]
    for decision in odd:
        assert new_form(matrix, decision) == old_form(matrix, decision, None, None)


def test_names_with_markup_are_escaped_as_the_partial_escaped_them(client):
    Trait.objects.filter(slug="orm").update(name='ORM <b> & "mapper"')
    Axis.objects.filter(slug="team").update(name="Team & <i>people</i>")
    Framework.objects.filter(slug="flask").update(name="Flask <'micro'>")
    Scenario.objects.filter(slug="chat-service").update(name="Chat & <live>")
    matrix = load_matrix()
    for decision, scenario, pin in random_decisions(20, seed=2):
        form = new_form(matrix, decision, pin)
        assert form == old_form(matrix, decision, scenario, pin)
        assert "ORM &lt;b&gt; &amp; &quot;mapper&quot;" in form and "<b>" not in form
    chat, _ = parse(
        {"scenario": "chat-service"},
        catalogue_for(matrix, ranked_scenarios(CatalogueRevision.current())),
    )
    assert ">Chat &amp; &lt;live&gt;</a>" in new_form(matrix, chat)


def test_the_pages_form_is_the_partials_for_many_decisions_pinned_or_not(client):
    """Through the view (the memoized catalogue part, the scenario, the pin), on
    pages asked for in any spelling and redirected to the canonical one."""
    pinned_at = CatalogueRevision.current()
    # A change to more than values after the pin: a new catalogue part.
    trait = Trait.objects.get(slug="orm")
    trait.name = "Object-relational mapper, renamed"
    trait.save()
    rng = random.Random(3)
    matrix = current()
    scenarios = ranked_scenarios(CatalogueRevision.current())
    seen = set()
    for i in range(30):
        params = random_params(rng, matrix, scenarios)
        if i % 3 == 0:
            params["rev"] = str(pinned_at)
        response = client.get(f"/decide/?{urlencode(params)}", follow=True)
        assert response.status_code == 200, params
        decision, pin = response.context["decision"], response.context["pin"]
        shown = load_matrix(at=pin.at) if pin else current()
        form = FORM.search(response.content.decode())[0]
        old = old_form(shown, decision, response.context["scenario"], pin)
        assert form == INDENT.sub("\n", old), params
        assert "Object-relational mapper, renamed" in form
        seen.add((bool(pin), bool(decision.scenario), bool(decision.know), bool(decision.only)))
    assert len(seen) >= 8


def _changed_lines(a: str, b: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(a.splitlines(), b.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:].strip())
        elif line.startswith("+ "):
            added.append(line[2:].strip())
    return sorted(removed), sorted(added)


def _decision(params: dict) -> Decision:
    matrix = current()
    scenarios = ranked_scenarios(CatalogueRevision.current())
    decision, problems = parse(params, catalogue_for(matrix, scenarios))
    assert not problems
    return decision


def _slider(axis: str, value: int) -> list[str]:
    return [
        f'<input type="range" min="0" max="10" step="1" id="w_{axis}" name="w_{axis}" '
        f'value="{value}" aria-describedby="w_{axis}-value">',
        f'<output id="w_{axis}-value" for="w_{axis}">{value}</output>',
    ]


def _number(trait: str, value: int) -> str:
    return (
        f'<input type="number" min="0" max="10" step="1" id="w_{trait}" name="w_{trait}" '
        f'value="{value}">'
    )


def test_two_weightings_differ_exactly_where_their_weights_do():
    matrix = current()
    a = new_form(matrix, _decision({"w": "performance:3,scope:0"}))
    b = new_form(matrix, _decision({"w": "performance:8,tail-latency:4,throughput:10"}))
    removed, added = _changed_lines(a, b)
    assert removed == sorted(
        [
            *_slider("performance", 3),
            *_slider("scope", 0),
            _number("tail-latency", 0),
            _number("throughput", 0),
        ]
    )
    assert added == sorted(
        [
            *_slider("performance", 8),
            *_slider("scope", 5),
            _number("tail-latency", 4),
            _number("throughput", 10),
        ]
    )


def test_must_haves_levels_knowledge_and_the_shortlist_change_only_their_own_lines():
    matrix = current()
    names = matrix.frameworks
    traits = {t.slug: t.name for t in matrix.traits}
    a = new_form(matrix, _decision({}))
    b = new_form(
        matrix,
        _decision(
            {
                "w": f"{KNOWLEDGE}:7",
                "must": "websockets:third-party,asgi",
                "know": "django",
                "only": "django,flask",
            }
        ),
    )
    removed, added = _changed_lines(a, b)

    def must(slug: str, checked: str) -> str:
        return (
            f'<div class="choice must-choice"><input type="checkbox" name="must" value="{slug}" '
            f'id="must-{slug}"{checked}><label for="must-{slug}">{escape(traits[slug])}</label>'
            + ("</div>" if slug == "asgi" else "")  # a yes/no trait: no level select
        )

    def box(field: str, slug: str, checked: str) -> str:
        return (
            f'<div class="choice"><input type="checkbox" name="{field}" value="{slug}" '
            f'id="{field}-{slug}"{checked}><label for="{field}-{slug}">{escape(names[slug])}'
            "</label></div>"
        )

    def lines(checked: str, open_: str, counts: tuple[str, str, str]) -> list[str]:
        return sorted(
            [
                f'<summary>Must-haves <span class="muted">({counts[0]} selected)</span></summary>',
                must("websockets", checked),
                must("asgi", checked),
                f'<option value=""{" selected" if not checked else ""}>built-in or first-party'
                "</option>",
                f'<option value="third-party"{" selected" if checked else ""}>third-party or '
                "better</option>",
                f'<details class="know"{open_}>',
                f"<summary>Team knowledge{counts[1]}</summary>",
                '<input type="number" min="0" max="10" step="1" id="w_team-knowledge" '
                f'name="w_team-knowledge" value="{7 if checked else 5}">',
                box("know", "django", checked),
                f'<details class="only"{open_}>',
                f"<summary>Shortlist{counts[2]}</summary>",
                box("only", "django", checked),
                box("only", "flask", checked),
            ]
        )

    assert removed == lines("", "", ("0", "", ""))
    assert added == lines(" checked", " open", ("2", " (1)", " (2)"))


def test_a_scenario_and_a_pin_add_their_inputs_and_link():
    matrix = current()
    scenario = Scenario.objects.get(slug="chat-service")
    pin = Pin(7, timezone.now(), 9)
    form = new_form(matrix, _decision({"scenario": "chat-service"}), pin)
    assert (
        'data-hx-push-url="true">\n    <input type="hidden" name="rev" value="7">\n'
        '    <input type="hidden" name="scenario" value="chat-service">\n'
        f'    <p class="small">Scenario: <a href="/scenarios/chat-service/">'
        f"{escape(scenario.name)}</a></p>\n    <fieldset>"
    ) in form
    plain = new_form(matrix, _decision({}))
    assert 'data-hx-push-url="true">\n    \n    \n    <fieldset>' in plain
