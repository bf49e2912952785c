"""The demo loader: ~300 plausible staff, a year of trainings, visible gaps; idempotent."""

import pytest
from django.utils import timezone

from capacity import demo
from capacity.models import Staff
from capacity.nip import parse_nip
from capacity.report import build_report
from orgs.demo import load_demo as load_orgs_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_visible_gaps():
    load_orgs_demo()
    lines = demo.load_demo()
    assert lines and demo.load_demo() == []
    staff = Staff.objects.filter(institution__slug="sukamaju")
    assert 280 <= staff.count() <= 330
    for person in staff.exclude(nip=""):  # every generated NIP passes the same validation
        parse_nip(person.nip, timezone.localdate(), pppk=person.employment == Staff.PPPK)
    assert staff.values("nip").exclude(nip="").distinct().count() == staff.exclude(nip="").count()
    report = build_report(staff.first().institution, as_of=timezone.localdate(), months=12)
    shares = {area.code: share.value for area, share in report.area_shares}
    assert shares["arsitektur"] == 0  # last trained 14 months ago: outside the window
    assert 0.3 < shares["literasi"] < 0.7
    assert report.total.complete.value < 0.5 and report.expiring >= 1
