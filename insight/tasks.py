"""Background work of coaching: reminders of overdue actions (run by the scheduler)."""

from django_tasks import task

from insight import reminders


@task()
def send_overdue_action_reminders() -> int:
    return reminders.overdue_action_reminders()
