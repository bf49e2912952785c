"""The target planner: the cheapest set of level steps that lifts an index to a target.

Pure Python, no Django: it takes the engine's `ScoringModel`, current values and a target and
returns a `Plan`. The numbers it produces are *simulated* (what the index would be), never to be
shown as self-assessed, verified or official results.

Rules (those of the frameworks): values run from `min_value` to `max_value`; a step raises one
indicator to its next whole level (a fractional Pemdi value 2,4 steps to 3, then 4, ...);
indicators whose value comes from another agency (`external`) take no steps.

Exactness: every gain is an exact rational, scaled once to integers; the search is a dynamic
programme over indicators that keeps, for every cost, the largest gain (a Pareto front of
(cost, gain)), so the plan is optimal, not greedy. Greedy fails here because the first step of a
fractional value gains less than the next steps of the same indicator.

Cost of a step: 1 when minimising steps; with effort estimates, `effort × M + 1` with M larger
than any step count, i.e. least total effort first, then fewest steps. Among plans of equal cost
the one with the higher resulting index wins.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from instrument.scoring import ScoringModel

STEPS, EFFORT = "steps", "effort"


class PlannerError(ValueError):
    """A target or input the planner cannot work with. `kind` and `params` let the pages say it in
    the reader's language (insight/planning.py); str() is the Indonesian text."""

    TEXTS = {
        "unknown-predicate": "predikat tidak dikenal: {target}",
        "target-out-of-range": "target harus antara {low} dan {high}",
        "value-out-of-scale": "nilai indikator {number} di luar skala",
        "negative-effort": "perkiraan usaha tidak boleh negatif",
    }

    def __init__(self, kind: str, **params):
        self.kind, self.params = kind, params
        super().__init__(self.TEXTS[kind].format(**params))


@dataclass(frozen=True)
class Step:
    indicator: int
    from_value: Fraction
    to_level: int
    gain: Fraction  # exact rise of the index
    effort: Fraction | None = None


@dataclass(frozen=True)
class Plan:
    requested: Fraction  # the target asked for
    target: Fraction  # the target planned for (lower than `requested` when unreachable)
    target_label: str  # the predicate of the target, or "" for a bare index value
    current_index: Fraction
    max_index: Fraction  # the highest index any plan can reach
    reachable: bool
    objective: str
    steps: tuple[Step, ...] = ()
    assumed: tuple[int, ...] = field(default=())  # indicators without a value, taken at the minimum

    @property
    def new_index(self) -> Fraction:
        return self.current_index + sum((s.gain for s in self.steps), Fraction(0))

    @property
    def step_count(self) -> int:
        return len(self.steps)

    @property
    def total_effort(self) -> Fraction | None:
        if self.objective != EFFORT:
            return None
        return sum((s.effort or 0 for s in self.steps), Fraction(0))

    def by_indicator(self) -> dict[int, list[Step]]:
        grouped: dict[int, list[Step]] = {}
        for step in self.steps:
            grouped.setdefault(step.indicator, []).append(step)
        return grouped


@dataclass(frozen=True)
class _Choice:
    """The ways to raise one indicator: option s = take its first s steps."""

    indicator: int
    costs: tuple[int, ...]  # cumulative, option 0 = (0)
    gains: tuple[int, ...]  # cumulative, scaled to integers


def target_value(model: ScoringModel, target: Fraction | int | str) -> tuple[Fraction, str]:
    """A predicate label ("Memuaskan") or an index value, as (lower bound, predicate label or "")."""
    if isinstance(target, str):
        for lower, label in model.predicates:
            if label.casefold() == target.strip().casefold():
                return lower, label
        raise PlannerError("unknown-predicate", target=target)
    value = Fraction(target)
    if not model.min_value <= value <= model.max_value:
        raise PlannerError("target-out-of-range", low=model.min_value, high=model.max_value)
    return value, ""


def current_values(model: ScoringModel, current: Mapping[int, Fraction | int]) -> tuple[dict, tuple]:
    """Every indicator's value; missing ones at the minimum (returned as `assumed`)."""
    values, assumed = {}, []
    for rule in model.indicators:
        value = current.get(rule.number)
        if value is None:
            assumed.append(rule.number)
            value = model.min_value
        value = Fraction(value)
        if not model.min_value <= value <= model.max_value:
            raise PlannerError("value-out-of-scale", number=rule.number)
        values[rule.number] = value
    return values, tuple(assumed)


def index_of(model: ScoringModel, values: Mapping[int, Fraction]) -> Fraction:
    total = sum(rule.weight for rule in model.indicators)
    return sum((values[r.number] * r.weight for r in model.indicators), Fraction(0)) / total


def step_levels(value: Fraction, max_value: int) -> list[int]:
    """The whole levels a value steps through: 2 -> [3, 4, 5]; 2,4 -> [3, 4, 5]."""
    return list(range(math.floor(value) + 1, max_value + 1))


def plan(
    model: ScoringModel,
    current: Mapping[int, Fraction | int],
    target: Fraction | int | str,
    efforts: Mapping[int, Fraction | int] | None = None,
) -> Plan:
    """The optimal plan to reach `target`; if it cannot be reached, the optimal plan to the best
    reachable predicate above the current index (or, failing that, to the highest index)."""
    requested, label = target_value(model, target)
    values, assumed = current_values(model, current)
    objective = EFFORT if efforts else STEPS
    if efforts and any(Fraction(e) < 0 for e in efforts.values()):
        raise PlannerError("negative-effort")
    now = index_of(model, values)
    top = now + sum((s.gain for s in _all_steps(model, values, efforts)), Fraction(0))
    goal, reachable = requested, requested <= top
    if not reachable:
        goal, label = _fallback(model, now, top)
    steps = _solve(model, values, goal - now, efforts) if goal > now else ()
    return Plan(
        requested=requested,
        target=goal,
        target_label=label,
        current_index=now,
        max_index=top,
        reachable=reachable,
        objective=objective,
        steps=steps,
        assumed=assumed,
    )


def _fallback(model: ScoringModel, now: Fraction, top: Fraction) -> tuple[Fraction, str]:
    for lower, label in model.predicates:  # highest first
        if lower <= top:
            return (lower, label) if lower > now else (top, model.predicate(top))
    return top, model.predicate(top)


def _all_steps(model: ScoringModel, values, efforts) -> list[Step]:
    """Every step the rules allow, per indicator in order."""
    total = sum(rule.weight for rule in model.indicators)
    steps = []
    for rule in model.indicators:
        if rule.external or rule.weight <= 0:
            continue
        effort = Fraction(efforts.get(rule.number, 1)) if efforts else None  # no estimate: one unit
        previous = values[rule.number]
        for level in step_levels(previous, model.max_value):
            steps.append(Step(rule.number, previous, level, (level - previous) * rule.weight / total, effort))
            previous = Fraction(level)
    return steps


def _choices(steps: list[Step], objective: str, deficit: Fraction) -> tuple[list[_Choice], int]:
    """Scale gains (and the deficit) to integers over one common denominator, and costs to
    integers; returns the choices per indicator and the scaled deficit."""
    scale = math.lcm(deficit.denominator, *(s.gain.denominator for s in steps))
    effort_scale = math.lcm(*(s.effort.denominator for s in steps)) if objective == EFFORT and steps else 1
    multiplier = len(steps) + 1  # any effort unit outweighs every possible difference in step count
    grouped: dict[int, list[Step]] = {}
    for step in steps:
        grouped.setdefault(step.indicator, []).append(step)
    choices = []
    for number, own in grouped.items():
        costs, gains = [0], [0]
        for step in own:
            cost = 1 if objective == STEPS else int(step.effort * effort_scale) * multiplier + 1
            costs.append(costs[-1] + cost)
            gains.append(gains[-1] + int(step.gain * scale))
        choices.append(_Choice(number, tuple(costs), tuple(gains)))
    return choices, int(deficit * scale)


def _solve(model: ScoringModel, values, deficit: Fraction, efforts) -> tuple[Step, ...]:
    """Steps of the cheapest plan whose gain is at least `deficit` (which must be reachable).

    1. Enumerate the allowed steps and scale gains and costs to integers.
    2. Walk the indicators; a state is (cost, gain, parent, option taken). Extend every state by
       every option of the indicator, then keep per cost only the largest gain (Pareto front).
       Drop states that can no longer reach the deficit, and states whose cost plus a lower bound
       of what the rest must still cost (the fractional relaxation) exceeds the cheapest plan
       known (at first a feasible greedy plan).
    3. Take the cheapest final state that reaches the deficit (largest gain among equals) and
       walk back to the options taken.
    """
    steps = _all_steps(model, values, efforts)
    choices, need = _choices(steps, EFFORT if efforts else STEPS, deficit)
    bounds = _Relaxation.suffixes(choices)
    bound = _greedy_cost(choices, need)
    front: list[tuple[int, int, tuple | None, int]] = [(0, 0, None, 0)]
    for i, choice in enumerate(choices):
        front, bound = _extend(front, choice, need, bounds[i + 1], bound)
    best = min((s for s in front if s[1] >= need), key=lambda s: (s[0], -s[1]))
    taken: dict[int, int] = {}
    state, position = best, len(choices) - 1
    while state[2] is not None:
        taken[choices[position].indicator] = state[3]
        state, position = state[2], position - 1
    grouped: dict[int, list[Step]] = {}
    for step in steps:
        grouped.setdefault(step.indicator, []).append(step)
    return tuple(step for number, own in grouped.items() for step in own[: taken.get(number, 0)])


class _Relaxation:
    """Lower bound of the cost of gaining `amount` from the steps given as (cost, gain), sorted
    by cost per gain: the fractional knapsack, which ignores that steps come in order, so it is
    never more than the true cost."""

    def __init__(self, pairs: list[tuple[int, int]]):
        self.pairs, self.cum_gain, self.cum_cost = pairs, [0], [0]
        for cost, gain in pairs:
            self.cum_gain.append(self.cum_gain[-1] + gain)
            self.cum_cost.append(self.cum_cost[-1] + cost)

    @classmethod
    def suffixes(cls, choices: list[_Choice]) -> list[_Relaxation]:
        """One relaxation per position i, over the steps of choices i, i+1, ..."""
        ranked = sorted(
            (
                (c.costs[k + 1] - c.costs[k], c.gains[k + 1] - c.gains[k], i)
                for i, c in enumerate(choices)
                for k in range(len(c.costs) - 1)
            ),
            key=lambda p: Fraction(p[0], p[1]),
        )
        return [cls([(cost, gain) for cost, gain, j in ranked if j >= i]) for i in range(len(choices) + 1)]

    @property
    def most(self) -> int:
        return self.cum_gain[-1]

    def least_cost(self, amount: int) -> int:
        if amount <= 0:
            return 0
        k = bisect_left(self.cum_gain, amount) - 1  # whole pairs 0..k-1, then part of pair k
        cost, gain = self.pairs[k]
        return self.cum_cost[k] + -(-cost * (amount - self.cum_gain[k]) // gain)


def _greedy_cost(choices: list[_Choice], need: int) -> int:
    """Cost of a feasible plan: take steps by best ratio, with the earlier steps they need."""
    ranked = sorted(
        (
            (c.costs[k] - c.costs[0], c.gains[k], i, k)
            for i, c in enumerate(choices)
            for k in range(1, len(c.costs))
        ),
        key=lambda r: Fraction(r[0], r[1]),
    )
    taken = [0] * len(choices)
    cost = gain = 0
    for _cost, _gain, i, k in ranked:
        if gain >= need:
            break
        if k > taken[i]:
            c = choices[i]
            cost += c.costs[k] - c.costs[taken[i]]
            gain += c.gains[k] - c.gains[taken[i]]
            taken[i] = k
    return cost if gain >= need else sum(c.costs[-1] for c in choices)


def _extend(front, choice: _Choice, need: int, rest: _Relaxation, bound: int):
    candidates = []
    for state in front:
        cost, gain = state[0], state[1]
        for option, (extra_cost, extra_gain) in enumerate(zip(choice.costs, choice.gains, strict=True)):
            total_cost, total_gain = cost + extra_cost, gain + extra_gain
            if total_cost > bound:
                break  # costs grow with the option
            if total_gain + rest.most < need or total_cost + rest.least_cost(need - total_gain) > bound:
                continue
            if total_gain >= need:
                bound = min(bound, total_cost)
            candidates.append((total_cost, total_gain, state, option))
    candidates.sort(key=lambda s: (s[0], -s[1]))
    kept, best_gain = [], -1
    for candidate in candidates:
        if candidate[0] > bound:
            break
        if candidate[1] > best_gain:
            kept.append(candidate)
            best_gain = candidate[1]
    return kept, bound
