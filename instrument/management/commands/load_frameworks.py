from django.core.management.base import BaseCommand, CommandError

from instrument.schema import FrameworkFileError
from instrument.services import default_framework_files, load_frameworks


class Command(BaseCommand):
    help = "Validasi dan muat berkas instrumen (YAML). Tanpa argumen: semua berkas di frameworks/."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="berkas YAML instrumen")

    def handle(self, *args, files, **options):
        paths = files or default_framework_files()
        if not paths:
            raise CommandError("Tidak ada berkas instrumen untuk dimuat.")
        try:
            results = load_frameworks(paths)
        except FrameworkFileError as exc:
            raise CommandError(
                "Berkas instrumen ditolak; tidak ada yang dimuat.\n"
                + "\n".join(f"  - {p}" for p in exc.problems)
            )
        for result in results:
            v = result.version
            state = "dimuat sebagai versi baru" if result.created else "tidak berubah"
            self.stdout.write(
                f"{result.source}: {v.framework.slug} v{v.number} ({v.label}), "
                f"{v.indicators.count()} indikator — {state}"
            )
