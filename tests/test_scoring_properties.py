"""Properties of the scoring, over random catalogues (hypothesis)."""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from compare.scoring import AxisInfo, Matrix, TraitInfo, score, tipping_points

AXES = [AxisInfo("a1", "A1"), AxisInfo("a2", "A2")]
TRAITS = [
    TraitInfo("b", "B", "a1", "boolean"),
    TraitInfo("s", "S", "a1", "support"),
    TraitInfo("c", "C", "a2", "scale"),
    TraitInfo("n", "N", "a2", "number", "higher"),
    TraitInfo("m", "M", "a2", "number", "lower"),
]
GEN = {
    "b": st.booleans(),
    "s": st.sampled_from(["built-in", "first-party", "third-party", "none"]),
    "c": st.integers(1, 5),
    "n": st.integers(0, 1000),
    "m": st.integers(0, 1000),
}
CRITERIA = ["a1", "a2", "b", "s", "c", "n", "m"]


@st.composite
def matrices(draw, min_frameworks=2):
    count = draw(st.integers(min_frameworks, 6))
    frameworks = [f"f{i}" for i in range(count)]
    values = {}
    for fw in frameworks:
        for trait in TRAITS:
            if draw(st.booleans()) or draw(st.booleans()):  # mostly known
                values[(fw, trait.slug)] = draw(GEN[trait.slug])
    return Matrix({fw: fw.upper() for fw in frameworks}, AXES, TRAITS, values)


weights_st = st.dictionaries(st.sampled_from(CRITERIA), st.integers(0, 10), min_size=1)


@given(matrices(), weights_st)
def test_scores_stay_between_0_and_1(m, weights):
    for r in score(m, weights).ranking:
        assert r.score is None or -1e-9 <= r.score <= 1 + 1e-9
        assert 0 <= r.coverage <= 1 + 1e-9


@given(matrices(), weights_st, st.sampled_from(CRITERIA), st.integers(1, 10))
def test_raising_a_criterion_where_a_beats_b_never_lets_b_overtake(m, weights, criterion, bump):
    before = score(m, weights)
    scores = {r.slug: r for r in before.ranking}
    for a in scores:
        for b in scores:
            sa, sb = scores[a], scores[b]
            if a == b or sa.score is None or sb.score is None or sa.score <= sb.score:
                continue
            # A beats B on the criterion. The property is about weights, so both need
            # full evidence on every weighted trait: with unknowns, each framework's
            # mean is over a different set of traits (by design, unknown is not zero).
            if not (
                _full_evidence(m, weights, criterion, a)
                and _full_evidence(m, weights, criterion, b)
            ):
                continue
            ca = _criterion_score(m, criterion, a)
            cb = _criterion_score(m, criterion, b)
            if ca < cb:
                continue
            raised = dict(weights)
            raised[criterion] = raised.get(criterion, 0) + bump
            after = {r.slug: r.score for r in score(m, raised).ranking}
            assert after[a] >= after[b] - 1e-9


def _full_evidence(m, weights, criterion, fw):
    from compare.scoring import normalise, trait_weights

    traits = trait_weights(m, {**weights, criterion: 1})
    norm = normalise(m, m.frameworks)
    return all((fw, t) in norm for t in traits)


def _criterion_score(m, criterion, fw):
    from compare.scoring import normalise, trait_weights

    traits = trait_weights(m, {criterion: 1})
    norm = normalise(m, m.frameworks)
    if not traits or any((fw, t) not in norm for t in traits):
        return None
    return sum(w * norm[(fw, t)] for t, w in traits.items()) / sum(traits.values())


@given(
    matrices(),
    weights_st,
    st.lists(st.sampled_from(["b", "s"]), max_size=2),
    st.sampled_from(["b", "s"]),
)
def test_adding_a_must_have_never_adds_a_framework(m, weights, musts, extra):
    before = {r.slug for r in score(m, weights, musts).ranking}
    after = {r.slug for r in score(m, weights, [*musts, extra]).ranking}
    assert after <= before


@settings(max_examples=200)
@given(matrices(), weights_st)
def test_a_reported_tipping_point_applied_really_flips_the_order(m, weights):
    result = score(m, weights)
    scored = [r for r in result.ranking if r.score is not None]
    assume(len(scored) >= 2 and scored[0].score - scored[1].score > 1e-6)
    leader = scored[0].slug
    for point in tipping_points(m, weights, result):
        step = 1e-4 if point.direction == "above" else -1e-4
        moved = dict(weights)
        moved[point.criterion] = point.threshold + step
        after = {r.slug: r.score for r in score(m, moved).ranking}
        assert after[point.challenger] > after[leader]
        # And just short of the threshold, the leader still leads that challenger.
        held = dict(weights)
        held[point.criterion] = point.threshold - step
        kept = {r.slug: r.score for r in score(m, held).ranking}
        assert kept[leader] >= kept[point.challenger] - 1e-9
