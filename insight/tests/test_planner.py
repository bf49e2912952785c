"""The target planner: exact, optimal (checked against brute force), within the rules."""

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insight import planner
from instrument.scoring import AspectRule, Engine, IndicatorRule, ScoringModel
from instrument.tests.helpers import engine

PREDICATES = (
    (Fraction(4), "Memuaskan"),
    (Fraction(3), "Baik"),
    (Fraction(2), "Cukup"),
    (Fraction(1), "Kurang"),
)


def model_of(weights, external=(), max_value=5, fractional=True):
    indicators = tuple(
        IndicatorRule(n, 1, Fraction(w), n in external) for n, w in enumerate(weights, start=1)
    )
    return ScoringModel(
        slug="uji",
        domains=(),
        aspects=(AspectRule(1, sum(Fraction(w) for w in weights)),),
        indicators=indicators,
        predicates=PREDICATES,
        max_value=max_value,
        fractional=fractional,
    )


def applied(current, plan):
    values = {n: Fraction(v) for n, v in current.items()}
    for step in plan.steps:
        assert step.from_value == values[step.indicator], "steps go one level at a time, in order"
        assert step.to_level == math.floor(step.from_value) + 1
        values[step.indicator] = Fraction(step.to_level)
    return values


# -- hand cases -----------------------------------------------------------------------------------


def test_fewest_steps_beats_greedy_with_a_fractional_value():
    """A greedy planner takes B and C (gain 5 each) and then A's small first step: 3 steps. The
    optimum raises A from 3,9 to 4 and 5: 2 steps."""
    model = model_of([10, 5, 5])
    current = {1: Fraction(39, 10), 2: 4, 3: 4}
    result = planner.plan(model, current, Fraction(9, 2))
    assert result.reachable
    assert result.current_index == Fraction(79, 20)
    assert [(s.indicator, s.to_level) for s in result.steps] == [(1, 4), (1, 5)]
    assert result.new_index == Fraction(9, 2) == Engine(model).score_parsed(applied(current, result)).index
    assert result.steps[0].gain == Fraction(1, 20) and result.steps[1].gain == Fraction(1, 2)


def test_least_effort_is_a_knapsack_not_a_ratio_greedy():
    model = model_of([3, 2, 2, 13])
    current = {1: 4, 2: 4, 3: 4, 4: 5}
    efforts = {1: 3, 2: 2, 3: 2}
    # now 4,65; the deficit 4 weight points = 0,2 index points; A+B costs 5, B+C costs 4
    result = planner.plan(model, current, Fraction(93, 20) + Fraction(1, 5), efforts)
    assert sorted(s.indicator for s in result.steps) == [2, 3]
    assert result.total_effort == 4
    assert result.objective == planner.EFFORT


def test_target_by_predicate_uses_the_unrounded_threshold():
    model = engine("spbe-2020").model
    current = dict.fromkeys(range(1, 48), 4)
    result = planner.plan(model, current, "Memuaskan")
    assert result.target == Fraction(21, 5) and result.target_label == "Memuaskan"
    assert result.new_index >= Fraction(21, 5)
    values = applied(current, result)
    assert Engine(model).score_parsed(values).predicate == "Memuaskan"
    # 0,2 index points = 20 weight points; the largest weights (3,00) need 7 steps, 2,75 need 8
    assert result.step_count == 7
    assert {s.indicator for s in result.steps} <= set(range(42, 48)) | set(range(32, 42))


def test_external_indicators_take_no_steps_and_unreachable_says_so():
    model = engine("pemdi-2026").model
    external = {r.number for r in model.indicators if r.external}
    current = {r.number: (1 if r.number in external else 3) for r in model.indicators}
    result = planner.plan(model, current, Fraction(9, 2))
    assert not result.reachable
    assert not external & {s.indicator for s in result.steps}
    assert result.max_index == Fraction(111, 25) < Fraction(9, 2)  # 86 × 5 + 14 × 1, over 100
    # the best reachable predicate is planned for instead
    assert (result.target, result.target_label) == (4, "Memuaskan")
    assert result.new_index >= result.target


def test_already_there_needs_no_steps():
    model = model_of([1, 1])
    result = planner.plan(model, {1: 5, 2: 4}, "Memuaskan")
    assert result.reachable and result.steps == ()


def test_missing_values_are_assumed_at_the_minimum():
    model = model_of([1, 1])
    result = planner.plan(model, {1: 3}, Fraction(2))
    assert result.assumed == (2,)
    assert result.current_index == 2 and result.steps == ()


def test_bad_targets_are_refused():
    model = model_of([1])
    with pytest.raises(planner.PlannerError):
        planner.plan(model, {1: 1}, "Luar Biasa")
    with pytest.raises(planner.PlannerError):
        planner.plan(model, {1: 1}, 7)


# -- against brute force --------------------------------------------------------------------------


@st.composite
def cases(draw):
    n = draw(st.integers(1, 4))
    max_value = draw(st.integers(2, 5))
    integral = draw(st.booleans())
    weights = [
        draw(st.integers(1, 10)) if integral else Fraction(draw(st.integers(1, 80)), 20) for _ in range(n)
    ]
    external = {i for i in range(1, n + 1) if draw(st.integers(0, 5)) == 0}
    fractional = draw(st.booleans())
    current = {}
    for i in range(1, n + 1):
        if fractional:
            denominator = draw(st.sampled_from([1, 2, 3, 10, 100]))
            current[i] = Fraction(draw(st.integers(denominator, max_value * denominator)), denominator)
        else:
            current[i] = draw(st.integers(1, max_value))
    if draw(st.booleans()):
        target = draw(st.sampled_from([label for _, label in PREDICATES]))
    else:
        target = Fraction(draw(st.integers(100, max_value * 100)), 100)
    efforts = None
    if draw(st.booleans()):
        efforts = {
            i: draw(st.sampled_from([0, 1, 2, 3, 5, 8, Fraction(1, 2), Fraction(7, 3)])) for i in current
        }
    return model_of(weights, external, max_value, fractional), current, target, efforts


def brute_force(model, current, goal, efforts):
    """(cost, -index) of the best plan reaching `goal`, trying every combination; None if none."""
    eng, best = Engine(model), None
    ranges = [
        range(1 if r.external else len(planner.step_levels(Fraction(current[r.number]), model.max_value)) + 1)
        for r in model.indicators
    ]
    for counts in itertools.product(*ranges):
        values, effort = {}, Fraction(0)
        for rule, count in zip(model.indicators, counts, strict=True):
            value = Fraction(current[rule.number])
            values[rule.number] = Fraction(math.floor(value) + count) if count else value
            effort += count * Fraction(efforts.get(rule.number, 1)) if efforts else 0
        index = eng.score_parsed(values).index
        if index >= goal:
            key = (effort, sum(counts), -index)
            best = key if best is None or key < best else best
    return best


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_plan_is_optimal_against_brute_force(case):
    model, current, target, efforts = case
    result = planner.plan(model, current, target, efforts)
    requested, _label = planner.target_value(model, target)
    assert result.reachable == (brute_force(model, current, requested, efforts) is not None)
    values = applied(current, result)
    index = Engine(model).score_parsed(values).index
    assert index == result.new_index, "the planner's arithmetic is the engine's"
    assert index >= result.target
    assert not any(model.indicators[s.indicator - 1].external for s in result.steps)
    assert all(s.to_level <= model.max_value for s in result.steps)
    if result.target <= result.current_index:
        assert result.steps == ()
        return
    best = brute_force(model, current, result.target, efforts)
    effort = sum((Fraction(efforts.get(s.indicator, 1)) for s in result.steps), Fraction(0)) if efforts else 0
    assert (effort, result.step_count, -index) == best


# -- shipped frameworks ---------------------------------------------------------------------------


def most_gain_with(model, current, budget):
    """Independent check: the largest index gain (in weight points) of at most `budget` steps,
    by a plain DP over indicators × steps used."""
    best = [Fraction(0)] + [None] * budget
    for rule in model.indicators:
        if rule.external:
            continue
        value = Fraction(current[rule.number])
        gains = [Fraction(0)]
        for level in planner.step_levels(value, model.max_value):
            gains.append((level - value) * rule.weight)
        new = list(best)
        for used, have in enumerate(best):
            if have is None:
                continue
            for extra in range(1, len(gains)):
                if used + extra <= budget and (
                    new[used + extra] is None or have + gains[extra] > new[used + extra]
                ):
                    new[used + extra] = have + gains[extra]
        best = new
    return max(g for g in best if g is not None)


@pytest.mark.parametrize("slug", ["spbe-2020", "pemdi-2026"])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_fewest_steps_on_shipped_frameworks(slug, data):
    model = engine(slug).model
    if model.fractional:
        current = {r.number: Fraction(data.draw(st.integers(100, 500)), 100) for r in model.indicators}
    else:
        current = {r.number: data.draw(st.integers(1, 5)) for r in model.indicators}
    target = data.draw(st.sampled_from([label for _, label in model.predicates]))
    result = planner.plan(model, current, target)
    if result.target <= result.current_index:
        assert result.steps == ()
        return
    total = sum(r.weight for r in model.indicators)
    need = (result.target - result.current_index) * total
    assert most_gain_with(model, current, result.step_count) >= need
    assert most_gain_with(model, current, result.step_count - 1) < need, "a plan with fewer steps exists"


def min_effort_spbe(model, current, need_units, efforts, unit=Fraction(1, 20)):
    """Independent check for whole levels: min effort per gain in 0,05-weight units (array DP)."""
    inf = float("inf")
    best = [0] + [inf] * need_units
    for rule in model.indicators:
        w = int(rule.weight / unit)
        steps = 5 - current[rule.number]
        new = list(best)
        for have in range(need_units + 1):
            if best[have] == inf:
                continue
            for k in range(1, steps + 1):
                to = min(need_units, have + k * w)
                new[to] = min(new[to], best[have] + k * efforts[rule.number])
        best = new
    return best[need_units]


@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_least_effort_on_spbe(data):
    model = engine("spbe-2020").model
    current = {r.number: data.draw(st.integers(1, 4)) for r in model.indicators}
    efforts = {r.number: data.draw(st.integers(1, 20)) for r in model.indicators}
    result = planner.plan(
        model, current, data.draw(st.sampled_from(["Baik", "Sangat Baik", "Memuaskan"])), efforts
    )
    if not result.steps:
        return
    total = sum(r.weight for r in model.indicators)
    need = (result.target - result.current_index) * total * 20
    assert result.total_effort == min_effort_spbe(model, current, math.ceil(need), efforts)
