"""The institution's proposed level from unit results, pure: no database."""

from fractions import Fraction

import pytest

from review.consolidation import ALL_AT_LEAST, LOWEST, OWNER, SOME_AT_LEAST, UnitLevel, propose

UNITS = [
    UnitLevel("Diskominfo", Fraction(4), is_owner=True),
    UnitLevel("Dinkes", Fraction(3)),
    UnitLevel("Disdik", Fraction(2)),
]


def test_owner_rule():
    proposal = propose(OWNER, UNITS)
    assert proposal.level == 4 and proposal.complete


def test_lowest_rule():
    assert propose(LOWEST, UNITS).level == 2


def test_all_units_at_least():
    assert propose(ALL_AT_LEAST, UNITS, threshold=2).level == 2  # all reach 2: credited up to 2
    proposal = propose(ALL_AT_LEAST, UNITS, threshold=3)
    assert proposal.level == 2 and proposal.reaching == 2  # not all reach 3: the lowest


def test_some_units_at_least():
    assert propose(SOME_AT_LEAST, UNITS, threshold=3).level == 3
    assert propose(SOME_AT_LEAST, UNITS, threshold=5).level == 4  # nobody reaches 5: the highest


def test_unverified_units_make_an_incomplete_proposal():
    units = [*UNITS, UnitLevel("Dinsos", None)]
    proposal = propose(LOWEST, units)
    assert proposal.level == 2 and not proposal.complete and (proposal.verified, proposal.total) == (3, 4)
    assert propose(OWNER, [UnitLevel("Diskominfo", None, is_owner=True)]).level is None


def test_partial_credit_and_threshold_required():
    units = [UnitLevel("A", Fraction(5, 4), is_owner=True), UnitLevel("B", Fraction(7, 6))]
    assert propose(LOWEST, units).level == Fraction(7, 6)
    with pytest.raises(ValueError):
        propose(ALL_AT_LEAST, units)
