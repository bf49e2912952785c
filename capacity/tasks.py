"""Background work of capacity building (scheduled by swanilai/scheduler.py)."""

from django_tasks import task

from capacity import reminders


@task()
def send_certification_reminders() -> int:
    return reminders.certification_reminders()
