"""Background work of the self-assessment: notices and deadline reminders."""

from django_tasks import task

from assessment import notices


@task()
def notify_campaign_opened(campaign_id: int) -> int:
    return notices.campaign_opened(campaign_id)


@task()
def notify_assessment_submitted(assessment_id: int) -> int:
    return notices.assessment_submitted(assessment_id)


@task()
def send_deadline_reminders() -> int:
    return notices.deadline_reminders()
