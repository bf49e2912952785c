"""Periodic work without cron: the worker enqueues each periodic task when it is due.

The schedule is data here; each task is idempotent (notices carry keys, probes keep history),
so enqueuing one twice after a restart does no harm."""

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


@dataclass
class Periodic:
    task: str  # dotted path of a django-tasks Task
    every: timedelta


SCHEDULE = [
    Periodic("assessment.tasks.send_deadline_reminders", timedelta(hours=1)),
    Periodic("capacity.tasks.send_certification_reminders", timedelta(days=1)),
    Periodic("review.tasks.run_integrity_checks", timedelta(days=1)),
    Periodic("portfolio.tasks.run_due_probes", timedelta(minutes=5)),
    Periodic("insight.tasks.send_overdue_action_reminders", timedelta(hours=6)),
]


class Scheduler(threading.Thread):
    def __init__(self, schedule=SCHEDULE, tick: float = 30.0):
        super().__init__(daemon=True, name="swanilai-scheduler")
        self.schedule = schedule
        self.tick = tick
        self.next_run = {p.task: timezone.now() for p in schedule}
        self.stopped = threading.Event()

    def run_due(self, now=None) -> list[str]:
        now = now or timezone.now()
        started = []
        for periodic in self.schedule:
            if now >= self.next_run[periodic.task]:
                try:
                    import_string(periodic.task).enqueue()
                    started.append(periodic.task)
                except Exception:  # keep the scheduler alive; the next tick retries
                    log.exception("periodic task %s could not be enqueued", periodic.task)
                    continue
                self.next_run[periodic.task] = now + periodic.every
        return started

    def run(self):
        while not self.stopped.wait(self.tick):
            close_old_connections()
            self.run_due()

    def stop(self):
        self.stopped.set()
