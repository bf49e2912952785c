"""The scoring engine against the regulation's worked examples and published results."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instrument.scoring import ScoringError, format_id, parse_value
from instrument.tests.helpers import engine, spread

SPBE_DOMAINS = {1: range(1, 11), 2: range(11, 21), 3: range(21, 32), 4: range(32, 48)}


def spbe_levels(d1: int, d2: int, d3: int, d4_admin: int, d4_public: int) -> dict[str, int]:
    """Levels whose sums per group are given: D1, D2, D3, D4 indicators 32-41 and 42-47."""
    levels = {}
    levels |= spread(list(range(1, 11)), d1)
    levels |= spread(list(range(11, 21)), d2)
    levels |= spread(list(range(21, 32)), d3)
    levels |= spread(list(range(32, 42)), d4_admin)
    levels |= spread(list(range(42, 48)), d4_public)
    return levels


def test_aspect_worked_example():
    # PermenPANRB 59/2020: aspect 2 with levels 3, 4, 3, 2 (2,50% each) -> 30,00 / 10 = 3,00
    score = engine("spbe-2020").score({"11": 3, "12": 4, "13": 3, "14": 2}, partial=True)
    assert score.aspects[2] == 3
    assert score.kind == "unit"


def test_domain_worked_example():
    # A2 = 3,00, A3 = 4,00, A4 = 3,00 -> (30 + 40 + 15) / 25 = 3,40
    levels = {"11": 3, "12": 3, "13": 3, "14": 3, "15": 4, "16": 4, "17": 4, "18": 4, "19": 3, "20": 3}
    score = engine("spbe-2020").score(levels, partial=True)
    assert score.domains[2] == Fraction(34, 10)


def test_bekasi_2023_published_index_comes_from_unrounded_domains():
    # Published: D1 3,50 / D2 2,70 / D3 2,27 / D4 3,89 -> 3,28 Baik. D3 is 25/11 unrounded.
    score = engine("spbe-2020").score(spbe_levels(35, 27, 25, 36, 26))
    assert [format_id(score.domains[d]) for d in (1, 2, 3, 4)] == ["3,50", "2,70", "2,27", "3,89"]
    assert score.domains[3] == Fraction(25, 11)
    assert score.index == Fraction(3275, 1000)  # exactly half way: rounds up, as published
    assert score.display == "3,28"
    assert score.predicate == "Baik"


def test_bekasi_2024_published_result():
    score = engine("spbe-2020").score(spbe_levels(47, 35, 34, 44, 29))
    assert [format_id(score.domains[d]) for d in (1, 2, 3, 4)] == ["4,70", "3,50", "3,09", "4,57"]
    assert score.display == "4,08"
    assert score.predicate == "Sangat Baik"


def test_regulation_index_example_from_domains():
    # Domains 3,70 / 3,40 / 3,00 / 3,20 -> 328,20 / 100 = 3,282
    domains = {1: Fraction(37, 10), 2: Fraction(34, 10), 3: Fraction(3), 4: Fraction(32, 10)}
    weights = {1: Fraction(13), 2: Fraction(25), 3: Fraction(33, 2), 4: Fraction(91, 2)}
    index = sum(domains[d] * weights[d] for d in domains) / 100
    assert format_id(index) == "3,28"
    assert engine("spbe-2020").model.predicate(index) == "Baik"


def test_displayed_180_can_be_kurang():
    # 2024: an index shown as 1,80 was "Kurang": the predicate comes from the unrounded value.
    model = engine("spbe-2020").model
    value = Fraction(1798, 1000)
    assert format_id(value) == "1,80"
    assert model.predicate(value) == "Kurang"


def exact_levels(slug: str, target: Fraction) -> dict[str, int]:
    """Integer levels whose weighted index is exactly `target` (subset-sum over level steps)."""
    model = engine(slug).model
    rules = model.indicators
    unit = Fraction(1, 100)  # weights are multiples of 0.05 -> level steps in 1/100 of index
    need = (target - model.min_value) * 100
    reachable = {Fraction(0): {}}
    for rule in rules:
        step = rule.weight
        nxt = {}
        for total, chosen in reachable.items():
            for extra in range(model.max_value - model.min_value + 1):
                value = total + extra * step
                if value <= need and value not in nxt:
                    nxt[value] = chosen | {rule.number: extra}
        reachable = nxt
    assert need in reachable, f"{target} not reachable with whole levels"
    del unit
    return {str(r.number): model.min_value + reachable[need].get(r.number, 0) for r in rules}


@pytest.mark.parametrize(
    ("slug", "boundary", "label", "below"),
    [
        ("spbe-2020", Fraction(18, 10), "Cukup", "Kurang"),
        ("spbe-2020", Fraction(26, 10), "Baik", "Cukup"),
        ("spbe-2020", Fraction(35, 10), "Sangat Baik", "Baik"),
        ("spbe-2020", Fraction(42, 10), "Memuaskan", "Sangat Baik"),
        ("pemdi-2026", Fraction(15, 10), "Cukup", "Kurang"),
        ("pemdi-2026", Fraction(25, 10), "Baik", "Cukup"),
        ("pemdi-2026", Fraction(35, 10), "Sangat Baik", "Baik"),
        ("pemdi-2026", Fraction(4), "Memuaskan", "Sangat Baik"),
    ],
)
def test_predicate_boundaries_exact(slug, boundary, label, below):
    eng = engine(slug)
    score = eng.score(exact_levels(slug, boundary))
    assert score.index == boundary
    assert score.predicate == label
    assert eng.model.predicate(boundary - Fraction(1, 10**9)) == below


def test_pemdi_fractional_values_and_boundary():
    eng = engine("pemdi-2026")
    at = eng.score({str(n): "2,5" for n in range(1, 21)})
    assert at.index == Fraction(5, 2) and at.predicate == "Baik"
    under = eng.score({str(n): 2.49 for n in range(1, 21)})
    assert under.predicate == "Cukup" and under.display == "2,49"


def test_pemdi_assessor_example_aceh_tengah():
    # External assessor 2026: aspects 1,75 / 1,28 / 1,00 / 1,17 / 1,08 / 1,40 / 1,18 and index
    # 1,24 (unrounded 1,2413). I13, shown as 1,17, is 7/6 unrounded: with 1,17 aspect 5 would
    # be 1,085 -> "1,09" and the index 1,2415.
    values = {
        1: 2,
        2: 1.5,
        3: 1.26,
        4: 1.3,
        5: 1,
        6: 1,
        7: 1,
        8: 1,
        9: 1,
        10: 1,
        11: 1.5,
        12: 1.25,
        13: "7/6",
        14: 1,
        15: 1,
        16: 1,
        17: 2.5,
        18: 1,
        19: 1,
        20: 1.3,
    }
    score = engine("pemdi-2026").score({str(k): v for k, v in values.items()})
    shown = [format_id(score.aspects[a]) for a in range(1, 8)]
    assert shown == ["1,75", "1,28", "1,00", "1,17", "1,08", "1,40", "1,18"]
    assert score.aspects[4] == Fraction(175, 150)
    assert f"{float(score.index):.4f}" == "1.2413"
    assert score.display == "1,24"
    assert score.predicate == "Kurang"


def test_refuses_unknown_missing_and_out_of_scale():
    eng = engine("spbe-2020")
    levels = {str(n): 3 for n in range(1, 47)} | {"48": 2, "5": 6, "6": 2.5}
    with pytest.raises(ScoringError) as err:
        eng.score(levels)
    message = str(err.value)
    assert "tidak dikenal: 48" in message
    assert "belum diberi nilai: 47" in message
    assert "5 (6" in message and "6 (" in message


def test_partial_score_is_renormalised_unit_index():
    eng = engine("spbe-2020")
    # 1 (1,3%) at 5 and 11 (2,5%) at 1: (6,5 + 2,5) / 3,8
    score = eng.score({"1": 5, "11": 1}, partial=True)
    assert score.index == Fraction(90, 38)
    assert score.kind == "unit"
    with pytest.raises(ScoringError):
        eng.score({}, partial=True)


@pytest.mark.parametrize(
    ("raw", "fractional"),
    [(True, True), ("abc", True), (None, True), (float("nan"), True), (2.5, False), ("1/0", True)],
)
def test_parse_value_refuses(raw, fractional):
    with pytest.raises(ValueError):
        parse_value(raw, fractional)


def test_format_id_half_up():
    assert format_id(Fraction(4075, 1000)) == "4,08"
    assert format_id(Fraction(3275, 1000)) == "3,28"
    assert format_id(Fraction(1, 3)) == "0,33"
    assert format_id(1234.5) == "1.234,50"


@settings(max_examples=60, deadline=None)
@given(slug=st.sampled_from(["spbe-2020", "pemdi-2026"]), level=st.integers(1, 5))
def test_all_level_k_gives_k(slug, level):
    eng = engine(slug)
    score = eng.score({str(r.number): level for r in eng.model.indicators})
    assert score.index == level
    assert all(v == level for v in score.aspects.values())
    assert all(v == level for v in score.domains.values())


@settings(max_examples=80, deadline=None)
@given(data=st.data(), slug=st.sampled_from(["spbe-2020", "pemdi-2026"]))
def test_raising_one_level_never_lowers_any_index(data, slug):
    eng = engine(slug)
    numbers = [r.number for r in eng.model.indicators]
    levels = {str(n): data.draw(st.integers(1, 5)) for n in numbers}
    lower = [n for n in numbers if levels[str(n)] < 5]
    if not lower:
        return
    raised = data.draw(st.sampled_from(lower))
    before = eng.score(levels)
    after = eng.score(levels | {str(raised): levels[str(raised)] + 1})
    assert after.index > before.index
    assert all(after.aspects[a] >= before.aspects[a] for a in before.aspects)
    assert all(after.domains[d] >= before.domains[d] for d in before.domains)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_index_equals_weighted_sum_over_100(data):
    eng = engine("spbe-2020")
    levels = {str(r.number): data.draw(st.integers(1, 5)) for r in eng.model.indicators}
    expected = sum(Fraction(levels[str(r.number)]) * r.weight for r in eng.model.indicators) / 100
    assert eng.score(levels).index == expected


def test_step_gains_skip_external_and_top():
    eng = engine("pemdi-2026")
    values = {r.number: Fraction(5 if r.number == 1 else 1) for r in eng.model.indicators}
    gains = eng.step_gains(values)
    numbers = [g[0] for g in gains]
    assert 1 not in numbers
    assert not {5, 6, 7, 18} & set(numbers)  # values from other agencies' systems
    assert gains[0][2] == max(g[2] for g in gains)
