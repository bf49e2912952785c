from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEntry
from audit.services import verify_chain


class Command(BaseCommand):
    help = "Periksa keutuhan jejak audit (rantai hash)."

    def handle(self, *args, **options):
        problems = verify_chain()
        if problems:
            for problem in problems:
                self.stderr.write(f"  - {problem.message}")
            raise CommandError(f"Jejak audit TIDAK utuh: {len(problems)} masalah ditemukan.")
        self.stdout.write(f"Jejak audit utuh: {AuditEntry.objects.count()} catatan diperiksa.")
