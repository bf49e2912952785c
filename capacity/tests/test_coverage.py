"""Coverage arithmetic against a case computed by hand, in the pure module and from the database.

The case (as of 15 May 2026, 12-month window = 16 May 2025 .. 15 May 2026):

    unit 1, A: admin_aplikasi (aplikasi, keamanan, data, literasi)
        covered aplikasi, data (session ended 10 Jan 2026); keamanan ended 15 May 2025, outside the window
    unit 1, B: pengguna (literasi)
        covered literasi (session ending on the day itself)
    unit 2, C: petugas_keamanan (keamanan, infrastruktur, literasi)
        covered keamanan (certificate valid until the day); the infrastruktur one expired the day before
    unit 2, D: pengguna (literasi)
        nothing

By hand: aplikasi 1/1, data 1/1, keamanan 1/2 (A lacks it), literasi 1/4 (only B), infrastruktur 0/1;
probis, arsitektur, layanan, analitik required by nobody. Complete: only B = 1/4 = 25,0 %.
Pengelola (A, C): complete 0/2, trained in at least one of their areas 2/2. Pengguna (B, D): 1/2 and 1/2.
Unit 1: complete 1/2, literasi 1/2, keamanan 0/1. Unit 2: complete 0/2, keamanan 1/1, literasi 0/2.
"""

from datetime import date
from fractions import Fraction

import pytest

from capacity import coverage
from capacity.catalogue import catalogue
from capacity.report import build_report, figures, training_needs
from capacity.templatetags.capacity_tags import share_percent
from capacity.tests.factories import attend, make_certification, make_programme, make_session, make_staff

AS_OF = date(2026, 5, 15)
AREAS = [
    "probis",
    "arsitektur",
    "data",
    "keamanan",
    "aplikasi",
    "infrastruktur",
    "literasi",
    "layanan",
    "analitik",
]
GROUPS = ["pengelola", "pengguna"]


def person(pk, unit, role_code):
    role = catalogue().role(role_code)
    return coverage.Person(pk, unit, role.code, role.group, role.areas)


PEOPLE = [
    person(1, 1, "admin_aplikasi"),
    person(2, 1, "pengguna"),
    person(3, 2, "petugas_keamanan"),
    person(4, 2, "pengguna"),
]
ATTENDED = [
    coverage.Attended(1, date(2026, 1, 10), ("aplikasi", "data")),
    coverage.Attended(1, date(2025, 5, 15), ("keamanan",)),  # one day before the window
    coverage.Attended(2, date(2026, 5, 15), ("literasi",)),  # the last day of the window
]
CREDENTIALS = [
    coverage.Credential(3, date(2024, 1, 1), date(2026, 5, 15), ("keamanan",)),  # valid on the day
    coverage.Credential(3, date(2024, 1, 1), date(2026, 5, 14), ("infrastruktur",)),  # expired the day before
    coverage.Credential(4, date(2026, 6, 1), None, ("literasi",)),  # not yet issued
]


@pytest.mark.parametrize(
    "as_of, months, start",
    [
        (date(2026, 5, 15), 12, date(2025, 5, 16)),
        (date(2026, 3, 31), 1, date(2026, 3, 1)),  # 31 Feb → 28 Feb, plus one day
        (date(2024, 2, 29), 12, date(2023, 3, 1)),
        (date(2026, 12, 31), 12, date(2026, 1, 1)),
        (date(2026, 1, 15), 3, date(2025, 10, 16)),
    ],
)
def test_window_start(as_of, months, start):
    assert coverage.window_start(as_of, months) == start


def test_covered_areas_respects_window_and_validity():
    covered = coverage.covered_areas(ATTENDED, CREDENTIALS, AS_OF, 12)
    assert covered == {1: {"aplikasi", "data"}, 2: {"literasi"}, 3: {"keamanan"}}


def test_hand_computed_case():
    covered = coverage.covered_areas(ATTENDED, CREDENTIALS, AS_OF, 12)
    total = coverage.summarise(PEOPLE, covered, AREAS, GROUPS)
    shares = {area: (s.covered, s.total) for area, s in total.by_area.items()}
    assert shares == {
        "probis": (0, 0),
        "arsitektur": (0, 0),
        "data": (1, 1),
        "keamanan": (1, 2),
        "aplikasi": (1, 1),
        "infrastruktur": (0, 1),
        "literasi": (1, 4),
        "layanan": (0, 0),
        "analitik": (0, 0),
    }
    assert total.by_area["literasi"].value == Fraction(1, 4)
    assert total.by_area["probis"].value is None
    assert (total.people, total.complete.covered, total.complete.total) == (4, 1, 4)
    pengelola_complete, pengelola_any = total.by_group["pengelola"]
    assert (pengelola_complete.covered, pengelola_complete.total) == (0, 2)
    assert (pengelola_any.covered, pengelola_any.total) == (2, 2)
    assert [(s.covered, s.total) for s in total.by_group["pengguna"]] == [(1, 2), (1, 2)]
    assert total.gaps == {
        ("admin_aplikasi", "keamanan"): 1,
        ("admin_aplikasi", "literasi"): 1,
        ("petugas_keamanan", "infrastruktur"): 1,
        ("petugas_keamanan", "literasi"): 1,
        ("pengguna", "literasi"): 1,
    }
    assert total.gap_total == 5


def test_hand_computed_case_by_unit():
    covered = coverage.covered_areas(ATTENDED, CREDENTIALS, AS_OF, 12)
    units = coverage.by_unit(PEOPLE, covered, AREAS, GROUPS)
    assert (units[1].complete.covered, units[1].complete.total) == (1, 2)
    assert (units[1].by_area["literasi"].covered, units[1].by_area["literasi"].total) == (1, 2)
    assert (units[1].by_area["keamanan"].covered, units[1].by_area["keamanan"].total) == (0, 1)
    assert (units[2].complete.covered, units[2].complete.total) == (0, 2)
    assert (units[2].by_area["keamanan"].covered, units[2].by_area["keamanan"].total) == (1, 1)
    assert units[2].by_area["literasi"].percent == 0


def test_a_shorter_window_drops_older_training():
    covered = coverage.covered_areas(ATTENDED, CREDENTIALS, AS_OF, 3)  # from 16 Feb 2026
    assert covered == {2: {"literasi"}, 3: {"keamanan"}}


def test_percentages_are_rounded_half_up_in_indonesian():
    assert share_percent(coverage.Share(1, 4)) == "25,0%"
    assert share_percent(coverage.Share(2, 3)) == "66,7%"
    assert share_percent(coverage.Share(1, 16)) == "6,3%"  # 6.25 → 6,3 (half up, not to even)
    assert share_percent(coverage.Share(0, 0)) == "–"


# -- the same case from the database ----------------------------------------------------------------


@pytest.fixture
def case(sukamaju, dinkes, disdik):
    a = make_staff(dinkes, "A", 1, "admin_aplikasi")
    b = make_staff(dinkes, "B", 2, "pengguna")
    c = make_staff(disdik, "C", 3, "petugas_keamanan")
    d = make_staff(disdik, "D", 4, "pengguna")
    make_staff(disdik, "E (pindah)", 5, "pengguna", is_active=False)  # inactive staff do not count
    attend(make_session(make_programme(sukamaju, ["aplikasi", "data"]), date(2026, 1, 10)), a)
    attend(make_session(make_programme(sukamaju, ["keamanan"]), date(2025, 5, 15)), a)
    literacy = make_session(make_programme(sukamaju, ["literasi"]), date(2026, 5, 15), days=2)
    attend(literacy, b)
    attend(literacy, d, present=False)  # enrolled but absent
    make_certification(c, ["keamanan"], expires_on=date(2026, 5, 15))
    make_certification(c, ["infrastruktur"], expires_on=date(2026, 5, 14))
    return {"A": a, "B": b, "C": c, "D": d}


@pytest.mark.django_db
def test_report_from_the_database_matches_the_hand_computed_case(
    case, sukamaju, dinkes, disdik, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        report = build_report(sukamaju, as_of=AS_OF, months=12)
    total = report.total
    assert (total.people, total.complete.covered) == (4, 1)
    assert (total.by_area["literasi"].covered, total.by_area["literasi"].total) == (1, 4)
    assert (total.by_area["keamanan"].covered, total.by_area["keamanan"].total) == (1, 2)
    assert [row.short_name for row in report.rows] == ["Dinkes", "Disdik"]
    assert report.rows[0].coverage.complete == coverage.Share(1, 2)
    assert report.rows[1].coverage.by_area["keamanan"] == coverage.Share(1, 1)
    # Target 90 %: aplikasi (1/1) and data (1/1) meet it; keamanan 1/2 and literasi 1/4 do not;
    # an area nobody requires never counts as met.
    assert report.areas_met == 2
    assert {a.code for a, s in report.area_shares if s.meets(report.target)} == {"aplikasi", "data"}
    assert (report.expiring, report.expired) == (1, 1)  # valid until today / expired yesterday
    assert figures(report)["total"]["areas"]["literasi"] == [1, 4]


@pytest.mark.django_db
def test_unit_report_counts_only_that_unit(case, sukamaju, disdik):
    report = build_report(sukamaju, as_of=AS_OF, months=12, unit=disdik)
    assert report.rows == [] and report.scope == "Dinas Pendidikan"
    assert report.total.complete == coverage.Share(0, 2)
    assert report.total.by_area["keamanan"] == coverage.Share(1, 1)


@pytest.mark.django_db
def test_fingerprint_changes_with_the_figures(case, sukamaju):
    before = build_report(sukamaju, as_of=AS_OF, months=12)
    assert before.fingerprint == build_report(sukamaju, as_of=AS_OF, months=12).fingerprint
    make_certification(case["D"], ["literasi"])
    assert build_report(sukamaju, as_of=AS_OF, months=12).fingerprint != before.fingerprint


@pytest.mark.django_db
def test_training_needs_list_who_lacks_what(case, sukamaju, dinkes):
    needs = training_needs(sukamaju, as_of=AS_OF, months=12)
    assert {n.staff.name: [a.code for a in n.missing] for n in needs} == {
        "A": ["keamanan", "literasi"],
        "C": ["infrastruktur", "literasi"],
        "D": ["literasi"],
    }
    only_dinkes = training_needs(sukamaju, as_of=AS_OF, months=12, unit_ids={dinkes.pk})
    assert [n.staff.name for n in only_dinkes] == ["A"]
    assert [n.staff.name for n in training_needs(sukamaju, as_of=AS_OF, months=12, area="infrastruktur")] == [
        "C"
    ]
