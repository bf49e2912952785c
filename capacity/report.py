"""Coverage figures of an institution or a unit, built from the database into plain dataclasses
(first of the three report layers; `render.py` turns them into PDF and Excel, the views and
services serve them).

Every figure comes from `coverage.py`; the queries here only gather the facts, in a fixed
number of queries whatever the number of staff.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Q

from capacity import coverage
from capacity.catalogue import Area, catalogue
from capacity.models import Attendance, Certification, Staff
from orgs.models import Unit


@dataclass
class UnitRow:
    unit_id: int
    name: str
    short_name: str
    coverage: coverage.Coverage


@dataclass
class RoleRow:
    code: str
    name: str
    people: int
    gaps: list[int | None]  # per area of the report, None where the role does not require it


@dataclass
class CoverageReport:
    institution: str
    scope: str  # the unit's name, or the institution's
    unit_id: int | None
    as_of: date
    months: int
    start: date
    target: Fraction
    areas: list[Area]
    groups: dict[str, str]
    total: coverage.Coverage
    rows: list[UnitRow] = field(default_factory=list)
    roles: list[RoleRow] = field(default_factory=list)
    expiring: int = 0  # certifications expiring within the warning period
    expired: int = 0  # certifications that expired within the window
    warning_days: int = 60
    fingerprint: str = ""

    @property
    def area_codes(self) -> list[str]:
        return [a.code for a in self.areas]

    @property
    def area_shares(self) -> list[tuple[Area, coverage.Share]]:
        return [(a, self.total.by_area[a.code]) for a in self.areas]

    @property
    def group_shares(self) -> list[tuple[str, coverage.Share, coverage.Share]]:
        return [(label, *self.total.by_group[code]) for code, label in self.groups.items()]

    @property
    def areas_met(self) -> int:
        return sum(1 for _a, share in self.area_shares if share.meets(self.target))


# -- facts ------------------------------------------------------------------------------------------


def load_people(institution, unit_ids=None) -> list[coverage.Person]:
    """Active staff of the institution (of `unit_ids` if given) as coverage.Person."""
    cat = catalogue()
    rows = (
        Staff.objects.filter(institution=institution, is_active=True)
        .in_units(unit_ids)
        .values_list("pk", "unit_id", "digital_role")
    )
    people = []
    for pk, unit_id, role_code in rows:
        role = cat.role(role_code)
        if role is not None:  # a role removed from the data file counts no more
            people.append(coverage.Person(pk, unit_id, role.code, role.group, role.areas))
    return people


def load_covered(institution, as_of: date, months: int, unit_ids=None) -> dict[int, set[str]]:
    start = coverage.window_start(as_of, months)
    attended = (
        Attendance.objects.filter(
            present=True,
            staff__institution=institution,
            session__ends_on__gte=start,
            session__ends_on__lte=as_of,
        )
        .filter(Q() if unit_ids is None else Q(staff__unit_id__in=unit_ids))
        .values_list("staff_id", "session__ends_on", "session__programme__areas")
    )
    credentials = (
        Certification.objects.filter(staff__institution=institution)
        .valid_on(as_of)
        .filter(Q() if unit_ids is None else Q(staff__unit_id__in=unit_ids))
        .values_list("staff_id", "issued_on", "expires_on", "areas")
    )
    return coverage.covered_areas(
        (coverage.Attended(s, ended, tuple(areas or ())) for s, ended, areas in attended),
        (
            coverage.Credential(s, issued, expires, tuple(areas or ()))
            for s, issued, expires, areas in credentials
        ),
        as_of,
        months,
    )


def expiring_certifications(institution, as_of: date, days: int, unit_ids=None, months: int = 12):
    """Certifications of active staff expiring within `days` or expired within the window."""
    return Certification.objects.filter(
        staff__institution=institution,
        staff__is_active=True,
        expires_on__gte=coverage.window_start(as_of, months),
        expires_on__lte=as_of + timedelta(days=days),
    ).filter(Q() if unit_ids is None else Q(staff__unit_id__in=unit_ids))


# -- the report ---------------------------------------------------------------------------------------


def _role_rows(total: coverage.Coverage, people: list[coverage.Person], areas: list[str]) -> list[RoleRow]:
    counts: dict[str, int] = {}
    for person in people:
        counts[person.role] = counts.get(person.role, 0) + 1
    rows = []
    for role in catalogue().roles:
        if role.code in counts:
            gaps = [total.gaps.get((role.code, a), 0) if a in role.areas else None for a in areas]
            rows.append(RoleRow(role.code, role.name, counts[role.code], gaps))
    return rows


def build_report(institution, *, as_of: date, months: int, unit=None) -> CoverageReport:
    """The coverage of the institution (one row per active unit with staff) or of one unit."""
    cat = catalogue()
    unit_ids = None if unit is None else {unit.pk}
    people = load_people(institution, unit_ids)
    covered = load_covered(institution, as_of, months, unit_ids)
    areas, groups = list(cat.area_codes), list(cat.groups)
    report = CoverageReport(
        institution=institution.name,
        scope=unit.name if unit else institution.name,
        unit_id=unit.pk if unit else None,
        as_of=as_of,
        months=months,
        start=coverage.window_start(as_of, months),
        target=cat.target,
        areas=list(cat.areas),
        groups=dict(cat.groups),
        total=coverage.summarise(people, covered, areas, groups),
        warning_days=cat.expiry_warning_days,
    )
    report.roles = _role_rows(report.total, people, areas)
    if unit is None:
        per_unit = coverage.by_unit(people, covered, areas, groups)
        units = (
            Unit.objects.filter(pk__in=per_unit)
            .order_by("short_name")
            .values_list("pk", "name", "short_name")
        )
        report.rows = [UnitRow(pk, name, short, per_unit[pk]) for pk, name, short in units]
    certifications = expiring_certifications(institution, as_of, cat.expiry_warning_days, unit_ids, months)
    report.expired = certifications.filter(expires_on__lt=as_of).count()
    report.expiring = certifications.filter(expires_on__gte=as_of).count()
    report.fingerprint = fingerprint(report)
    return report


def _share(share: coverage.Share) -> list[int]:
    return [share.covered, share.total]


def figures(report: CoverageReport) -> dict:
    """Every number the report shows, as plain JSON: what is frozen in the PDF and hashed."""

    def block(c: coverage.Coverage) -> dict:
        return {
            "people": c.people,
            "complete": _share(c.complete),
            "areas": {code: _share(share) for code, share in c.by_area.items()},
            "groups": {g: [_share(a), _share(b)] for g, (a, b) in c.by_group.items()},
            "gaps": {f"{role}/{area}": n for (role, area), n in sorted(c.gaps.items())},
        }

    return {
        "institution": report.institution,
        "scope": report.scope,
        "as_of": report.as_of.isoformat(),
        "window": [report.start.isoformat(), report.as_of.isoformat(), report.months],
        "target_percent": str(report.target * 100),
        "total": block(report.total),
        "units": {row.short_name: block(row.coverage) for row in report.rows},
        "certifications": {"expiring": report.expiring, "expired": report.expired},
    }


def fingerprint(report: CoverageReport) -> str:
    text = json.dumps(figures(report), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# -- personal lists (for the admin and the unit's own people only) -------------------------------------


@dataclass
class Need:
    staff: Staff
    missing: list[Area]


def training_needs(institution, *, as_of: date, months: int, unit_ids=None, area: str = "") -> list[Need]:
    """Who lacks which required area, staff by unit and name; only those lacking `area` if given."""
    cat = catalogue()
    covered = load_covered(institution, as_of, months, unit_ids)
    staff = (
        Staff.objects.filter(institution=institution, is_active=True)
        .in_units(unit_ids)
        .select_related("unit")
        .order_by("unit__name", "name")
    )
    needs = []
    for person in staff:
        role = cat.role(person.digital_role)
        if role is None:
            continue
        have = covered.get(person.pk, set())
        missing = [code for code in role.areas if code not in have]
        if missing and (not area or area in missing):
            needs.append(Need(person, [a for a in cat.areas if a.code in missing]))
    return needs
