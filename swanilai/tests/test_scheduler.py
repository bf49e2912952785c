"""The in-worker scheduler enqueues periodic tasks when due, and only then."""

from datetime import timedelta

import pytest
from django.utils import timezone

from swanilai.scheduler import Periodic, Scheduler

pytestmark = pytest.mark.django_db


def test_runs_due_tasks_once_per_interval():
    scheduler = Scheduler([Periodic("assessment.tasks.send_deadline_reminders", timedelta(hours=1))])
    now = timezone.now()
    assert scheduler.run_due(now) == ["assessment.tasks.send_deadline_reminders"]
    assert scheduler.run_due(now + timedelta(minutes=30)) == []
    assert scheduler.run_due(now + timedelta(minutes=61)) == ["assessment.tasks.send_deadline_reminders"]


def test_broken_task_does_not_stop_the_scheduler():
    scheduler = Scheduler(
        [
            Periodic("tidak.ada.tugas", timedelta(hours=1)),
            Periodic("assessment.tasks.send_deadline_reminders", timedelta(hours=1)),
        ]
    )
    assert scheduler.run_due() == ["assessment.tasks.send_deadline_reminders"]
