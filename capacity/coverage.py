"""Competency coverage: who is trained in which required area, as exact shares.

A person is *covered* in an area on a day when, within the window of months before that day,
they attended (were marked present at) a session that ended in the window and builds that
area, or when they hold a certification in that area valid on that day. Each digital-service
role requires some areas; a person's *gaps* are the required areas not covered.

Pure: no Django. Shares are Fractions, so a page, the Excel export and the PDF show the same
number rounded the same way.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction


@dataclass(frozen=True)
class Person:
    id: int
    unit_id: int
    role: str
    group: str
    required: tuple[str, ...]


@dataclass(frozen=True)
class Attended:
    """One session a person was present at."""

    staff_id: int
    ended_on: date
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Credential:
    staff_id: int
    issued_on: date
    expires_on: date | None
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Share:
    covered: int
    total: int

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.covered, self.total) if self.total else None

    @property
    def percent(self) -> Fraction | None:
        return None if self.value is None else self.value * 100

    @property
    def missing(self) -> int:
        return self.total - self.covered

    def meets(self, target: Fraction) -> bool:
        return self.value is not None and self.value >= target


@dataclass
class Coverage:
    """Coverage of a group of people (a unit or the institution)."""

    people: int = 0
    complete: Share = field(default_factory=lambda: Share(0, 0))  # every required area covered
    by_area: dict[str, Share] = field(default_factory=dict)
    by_group: dict[str, tuple[Share, Share]] = field(default_factory=dict)  # (complete, any area)
    gaps: dict[tuple[str, str], int] = field(default_factory=dict)  # (role, area) -> people lacking it

    @property
    def gap_total(self) -> int:
        return sum(self.gaps.values())

    def gaps_of_role(self, role: str, areas: Iterable[str]) -> list[int | None]:
        """Gap counts of one role in the order of `areas` (None where the role does not require it)."""
        return [self.gaps.get((role, area)) for area in areas]


def window_start(as_of: date, months: int) -> date:
    """The first day of the window: the same day `months` months earlier, plus one (12 months
    before 15 May 2026 starts on 16 May 2025); clamped at the month's end (31 → 30/28)."""
    month_index = as_of.year * 12 + as_of.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(as_of.day, last_day)) + timedelta(days=1)


def covered_areas(
    attended: Iterable[Attended], credentials: Iterable[Credential], as_of: date, months: int
) -> dict[int, set[str]]:
    """Staff id → areas covered on `as_of`."""
    start = window_start(as_of, months)
    covered: dict[int, set[str]] = {}
    for a in attended:
        if start <= a.ended_on <= as_of:
            covered.setdefault(a.staff_id, set()).update(a.areas)
    for c in credentials:
        if c.issued_on <= as_of and (c.expires_on is None or c.expires_on >= as_of):
            covered.setdefault(c.staff_id, set()).update(c.areas)
    return covered


def missing_areas(person: Person, covered: Mapping[int, set[str]]) -> tuple[str, ...]:
    have = covered.get(person.id, set())
    return tuple(area for area in person.required if area not in have)


def summarise(
    people: Iterable[Person], covered: Mapping[int, set[str]], areas: Iterable[str], groups: Iterable[str]
) -> Coverage:
    """Coverage of `people`, with a Share for every area in `areas` (in that order) and every
    group in `groups`, even when nobody requires it (total 0)."""
    areas, groups = list(areas), list(groups)
    required = dict.fromkeys(areas, 0)
    have = dict.fromkeys(areas, 0)
    group_counts = {g: [0, 0, 0] for g in groups}  # people, complete, any
    gaps: dict[tuple[str, str], int] = {}
    count = complete = 0
    for person in people:
        count += 1
        mine = covered.get(person.id, set())
        lacking = missing_areas(person, covered)
        complete += not lacking
        counts = group_counts.setdefault(person.group, [0, 0, 0])
        counts[0] += 1
        counts[1] += not lacking
        counts[2] += any(area in mine for area in person.required)
        for area in person.required:
            required[area] = required.get(area, 0) + 1
            have[area] = have.get(area, 0) + (area in mine)
        for area in lacking:
            gaps[(person.role, area)] = gaps.get((person.role, area), 0) + 1
    return Coverage(
        people=count,
        complete=Share(complete, count),
        by_area={area: Share(have[area], required[area]) for area in required},
        by_group={g: (Share(c[1], c[0]), Share(c[2], c[0])) for g, c in group_counts.items()},
        gaps=gaps,
    )


def by_unit(
    people: Iterable[Person], covered: Mapping[int, set[str]], areas: Iterable[str], groups: Iterable[str]
) -> dict[int, Coverage]:
    areas, groups = list(areas), list(groups)
    members: dict[int, list[Person]] = {}
    for person in people:
        members.setdefault(person.unit_id, []).append(person)
    return {unit_id: summarise(group, covered, areas, groups) for unit_id, group in members.items()}
