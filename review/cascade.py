"""The level rule of frameworks that list evidence items (butir) per level — Pemdi's cascade.
Pure Python: no Django imports.

A level counts only if all its items are accepted and every lower level is complete; the
verified level is the highest level reached that way (never above the level the unit claimed).
Items above the first incomplete level are rejected automatically ("ditolak otomatis"),
whatever their own verdict, and carry the level and the items that blocked them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

ACCEPTED, REVISE, PENDING = "accepted", "revise", "pending"
AUTO_REJECTED, NOT_CLAIMED = "auto_rejected", "not_claimed"


@dataclass(frozen=True)
class Item:
    """One evidence item and the verifier's own verdict on it."""

    code: str
    level: int
    status: str = PENDING  # ACCEPTED, REVISE or PENDING


@dataclass(frozen=True)
class ItemOutcome:
    code: str
    level: int
    own: str  # the verifier's verdict on the item itself
    status: str  # after the rule: own, AUTO_REJECTED or NOT_CLAIMED
    blocked_by_level: int | None = None  # for AUTO_REJECTED: the incomplete level below
    blocked_by_items: tuple[str, ...] = ()  # ... and its items that are not accepted


@dataclass(frozen=True)
class Cascade:
    level: int  # highest level reached; min_level - 1 when not even the lowest is complete
    items: tuple[ItemOutcome, ...]
    first_incomplete: int | None = None  # the level that stopped the cascade, if any
    missing: tuple[str, ...] = field(default=())  # its items that are not accepted

    @property
    def auto_rejected(self) -> tuple[ItemOutcome, ...]:
        return tuple(i for i in self.items if i.status == AUTO_REJECTED)


def decide(
    items: Iterable[Item], *, claimed: int | None = None, min_level: int = 1, max_level: int = 5
) -> Cascade:
    """Apply the rule to the items of one answer.

    1. Walk the levels upwards from `min_level` to the claimed level (or `max_level`).
    2. A level is complete when it lists at least one item and all of them are accepted; a
       level without items cannot be proven and stops the walk like an incomplete one.
    3. The verified level is the last complete level before the first incomplete one.
    4. Items above the first incomplete level are auto-rejected; items above the claimed level
       are marked not claimed (the unit did not ask for them).
    """
    items = sorted(items, key=lambda i: (i.level, i.code))
    by_level: dict[int, list[Item]] = {}
    for item in items:
        by_level.setdefault(item.level, []).append(item)
    top = max_level if claimed is None else min(claimed, max_level)
    reached, first_incomplete, missing = min_level - 1, None, ()
    for level in range(min_level, top + 1):
        level_items = by_level.get(level, [])
        not_accepted = tuple(i.code for i in level_items if i.status != ACCEPTED)
        if level_items and not not_accepted:
            reached = level
            continue
        first_incomplete, missing = level, not_accepted
        break
    outcomes = []
    for item in items:
        if claimed is not None and item.level > claimed:
            outcomes.append(ItemOutcome(item.code, item.level, item.status, NOT_CLAIMED))
        elif first_incomplete is not None and item.level > first_incomplete:
            outcomes.append(
                ItemOutcome(item.code, item.level, item.status, AUTO_REJECTED, first_incomplete, missing)
            )
        else:
            outcomes.append(ItemOutcome(item.code, item.level, item.status, item.status))
    return Cascade(reached, tuple(outcomes), first_incomplete, missing)


@dataclass(frozen=True)
class Band:
    """The values a verifier may record once the rule has decided the level: exactly `low`, or
    with partial credit anything from `low` up to (not including) `high`."""

    low: Fraction
    high: Fraction
    fractional: bool

    def allows(self, value: Fraction) -> bool:
        if not self.fractional or self.high == self.low:
            return value == self.low
        return self.low <= value < self.high


def value_band(
    reached: int, *, claimed: int | None, min_level: int = 1, max_level: int = 5, fractional: bool = False
) -> Band:
    """Partial credit stays between the level the rule reached and the next whole level, never
    above the claimed level. A cascade that reached nothing still scores the scale's minimum
    (Pemdi: an indicator without accepted evidence is 1,00)."""
    low = Fraction(max(reached, min_level))
    ceiling = max_level if claimed is None else min(claimed, max_level)
    high = min(low + 1, Fraction(max(ceiling, low)))
    return Band(low, high, fractional)
