"""Properties of the scoring, over random catalogues (hypothesis)."""

import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from catalogue.scoring.engine import (
    TIE_TOLERANCE,
    AxisInfo,
    Matrix,
    TraitInfo,
    score,
    tipping_points,
)

AXES = [AxisInfo("a1", "A1"), AxisInfo("a2", "A2")]
TRAITS = [
    TraitInfo("b", "B", "a1", "boolean"),
    TraitInfo("s", "S", "a1", "support", share=0.5),
    TraitInfo("c", "C", "a2", "scale"),
    TraitInfo("n", "N", "a2", "number", "higher", low=0, high=1000),
    TraitInfo("m", "M", "a2", "number", "lower", low=1, high=1000, log=True),
]
GEN = {
    "b": st.booleans(),
    "s": st.sampled_from(["built-in", "first-party", "third-party", "limited", "none"]),
    "c": st.integers(1, 5),
    "n": st.integers(0, 1000),
    "m": st.integers(1, 1000),
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
def test_scores_stay_between_0_and_1_and_inside_their_range(m, weights):
    for r in score(m, weights).ranking:
        assert r.score is None or -1e-9 <= r.score <= 1 + 1e-9
        assert 0 <= r.coverage <= 1 + 1e-9
        if r.score is not None:
            assert r.low - 1e-9 <= r.score <= r.high + 1e-9


@given(matrices(min_frameworks=3), weights_st, st.data())
def test_a_frameworks_score_does_not_depend_on_which_others_are_shown(m, weights, data):
    everyone = {r.slug: r for r in score(m, weights).ranking}
    shown = data.draw(
        st.lists(st.sampled_from(list(m.frameworks)), min_size=1, unique=True), label="only"
    )
    for r in score(m, weights, only=shown).ranking:
        assert r.score == everyone[r.slug].score
        assert (r.low, r.high) == (everyone[r.slug].low, everyone[r.slug].high)


@given(matrices(), weights_st)
def test_wins_shares_sum_to_1(m, weights):
    result = score(m, weights)
    if any(r.score is not None for r in result.ranking):
        assert math.isclose(sum(r.wins_share for r in result.ranking), 1.0, abs_tol=1e-9)
        assert all(0 <= r.wins_share <= 1 for r in result.ranking)


@given(matrices(), weights_st)
def test_the_same_weights_give_the_same_robustness_every_time(m, weights):
    first = [(r.slug, r.wins_share) for r in score(m, weights).ranking]
    assert first == [(r.slug, r.wins_share) for r in score(m, weights).ranking]


@given(matrices(), weights_st, st.sampled_from(["b", "s"]))
def test_adding_a_must_have_never_adds_a_framework(m, weights, must):
    before = {r.slug for r in score(m, weights).ranking}
    after = {r.slug for r in score(m, weights, [must]).ranking}
    assert after <= before


@given(matrices(), weights_st)
def test_a_framework_never_outranks_a_fully_known_one_only_through_its_unknowns(m, weights):
    ranking = score(m, weights).ranking
    for i, above in enumerate(ranking):
        for below in ranking[i + 1 :]:
            if above.score is None or below.score is None or below.coverage < 1 - 1e-9:
                continue
            # Fill `above`'s unknowns with `below`'s values: it must still be ahead.
            filled = dict(m.values)
            for trait in m.traits:
                if m.value(above.slug, trait.slug) is None:
                    value = m.value(below.slug, trait.slug)
                    if value is not None:
                        filled[(above.slug, trait.slug)] = value
            again = {
                r.slug: r.score
                for r in score(Matrix(m.frameworks, m.axes, m.traits, filled), weights).ranking
            }
            assert again[above.slug] >= below.score - 1e-9


@settings(max_examples=150)
@given(matrices(), weights_st)
def test_a_stated_tipping_point_applied_makes_the_challenger_lead_outright(m, weights):
    weights = {c: float(w) for c, w in weights.items()}
    result = score(m, weights, robustness=False)
    assume(sum(1 for r in result.ranking if r.score is not None) >= 2)
    points, draws = tipping_points(m, weights, result, CRITERIA)
    for point in points:
        assert isinstance(point.threshold, int) and 0 <= point.threshold <= 10
        assert point.threshold != point.current
        changed = dict(weights, **{point.criterion: float(point.threshold)})
        after = score(m, changed, robustness=False).ranking
        assert after[0].slug == point.challenger
        assert not after[0].tied
        assert after[0].score - after[1].score >= TIE_TOLERANCE
    for draw in draws:
        changed = dict(weights, **{draw.criterion: float(draw.threshold)})
        after = score(m, changed, robustness=False).ranking
        assert draw.challenger in {r.slug for r in after if r.rank == 1}


@given(matrices(), weights_st)
def test_tipping_points_are_the_nearest_whole_weights(m, weights):
    weights = {c: float(w) for c, w in weights.items()}
    result = score(m, weights, robustness=False)
    assume(sum(1 for r in result.ranking if r.score is not None) >= 2)
    leader = result.ranking[0]
    assume(not leader.tied)
    points, _ = tipping_points(m, weights, result, CRITERIA)
    for point in points:
        step = -1 if point.direction == "below" else 1
        for x in range(point.current + step, point.threshold, step):
            changed = dict(weights, **{point.criterion: float(x)})
            first = score(m, changed, robustness=False).ranking[0]
            # Before the threshold nobody else leads outright.
            assert first.slug == leader.slug or first.tied


@settings(max_examples=150)
@given(matrices(), weights_st)
def test_when_nothing_tips_or_draws_the_leaders_stay_first_at_every_whole_weight(m, weights):
    weights = {c: float(w) for c, w in weights.items()}
    result = score(m, weights, robustness=False)
    assume(sum(1 for r in result.ranking if r.score is not None) >= 2)
    points, draws = tipping_points(m, weights, result, CRITERIA)
    leaders = {r.slug for r in result.ranking if r.rank == result.ranking[0].rank}
    quiet = {c for c in CRITERIA} - {p.criterion for p in points} - {d.criterion for d in draws}
    for criterion in quiet:
        for x in range(11):
            after = score(m, dict(weights, **{criterion: float(x)}), robustness=False).ranking
            if after[0].score is None:
                continue
            first = {r.slug for r in after if r.rank == after[0].rank}
            # No one else reaches the first place; tied leaders may be fewer there.
            assert first <= leaders and (len(first) > 1 or len(leaders) == 1)


@given(matrices(), weights_st)
def test_every_tie_group_spans_at_most_the_tolerance(m, weights):
    ranking = score(m, weights, robustness=False).ranking
    groups = {}
    for r in ranking:
        if r.score is not None:
            groups.setdefault(r.rank, []).append(r.score)
    for scores in groups.values():
        assert max(scores) - min(scores) < TIE_TOLERANCE


@given(matrices(), weights_st, st.randoms(use_true_random=False))
def test_the_order_the_criteria_are_given_in_changes_nothing(m, weights, rnd):
    shuffled = list(weights.items())
    rnd.shuffle(shuffled)
    first = score(m, weights).ranking
    again = score(m, dict(shuffled)).ranking
    assert [(r.slug, r.score, r.rank, r.wins_share) for r in first] == [
        (r.slug, r.score, r.rank, r.wins_share) for r in again
    ]
