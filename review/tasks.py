"""Background work of verification: the nightly integrity checks."""

from django_tasks import task

from assessment.models import Campaign
from review import integrity


@task()
def run_integrity_checks() -> int:
    """Check every running campaign (open or in verification); returns the number of new findings."""
    created = 0
    for campaign in Campaign.objects.filter(status__in=integrity.RUNNING).select_related(
        "institution", "framework_version"
    ):
        created += integrity.check_campaign(campaign).created
    return created
