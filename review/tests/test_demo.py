"""The demo: a verified unit, a returned unit, findings of every kind, last year approved."""

import pytest

from assessment.models import UnitAssessment
from review.models import Approval, Finding, InterviewNote

pytestmark = pytest.mark.django_db
FS_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def test_demo_is_complete_and_idempotent(settings, tmp_path):
    from assessment.demo import load_demo as load_assessments
    from orgs.demo import load_demo as load_institution
    from review.demo import load_demo

    settings.STORAGES, settings.MEDIA_ROOT = FS_STORAGES, tmp_path / "media"
    load_institution()
    load_assessments()
    assert load_demo()
    statuses = dict(
        UnitAssessment.objects.filter(campaign__status="open").values_list("unit__short_name", "status")
    )
    assert statuses["Bappeda"] == UnitAssessment.ACCEPTED and statuses["Dinkes"] == UnitAssessment.RETURNED
    current = UnitAssessment.objects.get(campaign__status="open", unit__short_name="Bappeda")
    assert current.round == 2
    kinds = set(
        Finding.objects.filter(campaign__status="open", resolved_at=None).values_list("kind", flat=True)
    )
    assert kinds == {k for k, _label in Finding.KINDS}
    assert Finding.objects.exclude(dismissed_at=None).exists()
    approval = Approval.objects.get(campaign__status="closed")
    assert approval.revoked_at is None and approval.number.endswith(str(approval.approved_at.year))
    assert InterviewNote.objects.exists()
    counts = (Finding.objects.count(), Approval.objects.count())
    assert load_demo() == []
    assert (Finding.objects.count(), Approval.objects.count()) == counts
