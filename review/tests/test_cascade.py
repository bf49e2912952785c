"""The framework's level rule (Pemdi butir), pure: no database."""

from fractions import Fraction

from review.cascade import ACCEPTED, AUTO_REJECTED, NOT_CLAIMED, PENDING, REVISE, Item, decide, value_band

ITEMS = [
    Item("I1-L1-01", 1, ACCEPTED),
    Item("I1-L2-01", 2, ACCEPTED),
    Item("I1-L2-02", 2, ACCEPTED),
    Item("I1-L3-01", 3, ACCEPTED),
    Item("I1-L3-02", 3, ACCEPTED),
    Item("I1-L4-01", 4, ACCEPTED),
    Item("I1-L5-01", 5, ACCEPTED),
]


def with_status(code, status):
    return [Item(i.code, i.level, status) if i.code == code else i for i in ITEMS]


def test_all_accepted_reaches_the_claimed_level():
    result = decide(ITEMS, claimed=4)
    assert result.level == 4 and result.first_incomplete is None
    assert [i.status for i in result.items if i.level == 5] == [NOT_CLAIMED]


def test_a_missing_item_stops_the_cascade_and_auto_rejects_above():
    result = decide(with_status("I1-L2-02", REVISE), claimed=5)
    assert result.level == 1
    assert result.first_incomplete == 2 and result.missing == ("I1-L2-02",)
    by_code = {i.code: i for i in result.items}
    assert by_code["I1-L2-02"].status == REVISE
    assert by_code["I1-L2-01"].status == ACCEPTED  # same level, still its own verdict
    auto = [i.code for i in result.auto_rejected]
    assert auto == ["I1-L3-01", "I1-L3-02", "I1-L4-01", "I1-L5-01"]
    assert all(i.blocked_by_level == 2 and i.blocked_by_items == ("I1-L2-02",) for i in result.auto_rejected)
    assert by_code["I1-L3-01"].own == ACCEPTED  # the verifier's own verdict is kept alongside


def test_nothing_at_level_one_reaches_nothing():
    result = decide(with_status("I1-L1-01", PENDING), claimed=3)
    assert result.level == 0 and result.first_incomplete == 1
    assert {i.status for i in result.items if 1 < i.level <= 3} == {AUTO_REJECTED}


def test_a_level_without_items_cannot_be_proven():
    items = [i for i in ITEMS if i.level != 3]
    result = decide(items, claimed=5)
    assert result.level == 2 and result.first_incomplete == 3 and result.missing == ()


def test_unclaimed_levels_are_not_judged():
    result = decide(with_status("I1-L4-01", REVISE), claimed=3)
    assert result.level == 3
    assert {i.status for i in result.items if i.level > 3} == {NOT_CLAIMED}


def test_value_band_partial_credit():
    band = value_band(1, claimed=3, fractional=True)
    assert band.allows(Fraction(1)) and band.allows(Fraction(5, 4)) and band.allows(Fraction(7, 6))
    assert not band.allows(Fraction(2)) and not band.allows(Fraction(9, 10))
    whole = value_band(1, claimed=3, fractional=False)
    assert whole.allows(Fraction(1)) and not whole.allows(Fraction(5, 4))


def test_value_band_at_the_claim_and_below_the_scale():
    at_claim = value_band(3, claimed=3, fractional=True)
    assert at_claim.allows(Fraction(3)) and not at_claim.allows(Fraction(13, 4))
    nothing = value_band(0, claimed=2, fractional=True)  # no level reached still scores the minimum
    assert nothing.low == 1 and nothing.allows(Fraction(3, 2)) and not nothing.allows(Fraction(2))
