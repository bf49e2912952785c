"""The institution's proposed level of an indicator from its units' verified levels.
Pure Python: no Django imports.

Rules, chosen per indicator in the campaign:
- owner: the owner unit's (penanggung jawab) verified level;
- lowest: the lowest verified level across the owner and the contributing units;
- all units ≥ L: the institution is credited up to L when every unit reaches it, else it
  gets the lowest unit's level (criteria that say "seluruh unit");
- some units ≥ L: credited up to L when at least one unit reaches it, else the highest unit's
  level (criteria that say "sebagian unit").
A proposal over units of which some are not verified yet is marked incomplete.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

OWNER, LOWEST, ALL_AT_LEAST, SOME_AT_LEAST = "owner", "lowest", "all_at_least", "some_at_least"
RULES = (OWNER, LOWEST, ALL_AT_LEAST, SOME_AT_LEAST)
THRESHOLD_RULES = (ALL_AT_LEAST, SOME_AT_LEAST)


@dataclass(frozen=True)
class UnitLevel:
    unit: str
    level: Fraction | None  # verified; None when not verified yet
    is_owner: bool = False


@dataclass(frozen=True)
class Proposal:
    rule: str
    level: Fraction | None
    complete: bool
    verified: int  # units with a verified level
    total: int
    reaching: int | None = None  # for threshold rules: units at or above the threshold
    threshold: int | None = None


def propose(rule: str, units: Sequence[UnitLevel], threshold: int | None = None) -> Proposal:
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    if rule in THRESHOLD_RULES and threshold is None:
        raise ValueError(f"rule {rule} needs a threshold level")
    levels = [u.level for u in units if u.level is not None]
    base = {"rule": rule, "verified": len(levels), "total": len(units), "threshold": threshold}
    if rule == OWNER:
        owner = next((u for u in units if u.is_owner), None)
        level = owner.level if owner else None
        return Proposal(level=level, complete=level is not None, **base)
    complete = bool(units) and len(levels) == len(units)
    if not levels:
        return Proposal(level=None, complete=False, **base)
    if rule == LOWEST:
        return Proposal(level=min(levels), complete=complete, **base)
    limit = Fraction(threshold)
    reaching = sum(1 for level in levels if level >= limit)
    level = min(min(levels), limit) if rule == ALL_AT_LEAST else min(max(levels), limit)
    return Proposal(level=level, complete=complete, reaching=reaching, **base)
