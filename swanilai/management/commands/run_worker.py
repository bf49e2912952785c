from django.core.management import call_command
from django.core.management.base import BaseCommand

from swanilai.scheduler import Scheduler


class Command(BaseCommand):
    help = "Jalankan pekerja latar (tugas latar + tugas berkala seperti pengingat batas waktu)."

    def handle(self, *args, **options):
        scheduler = Scheduler()
        scheduler.run_due()
        scheduler.start()
        self.stdout.write(
            "Pekerja latar berjalan (tugas berkala: "
            + ", ".join(p.task.rsplit(".", 1)[-1] for p in scheduler.schedule)
            + ")."
        )
        try:
            call_command("db_worker")
        finally:
            scheduler.stop()
