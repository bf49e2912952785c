"""Score assessments from JSON Lines: one `{"id": ..., "levels": {"1": 3, ...}}` per line."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from instrument.models import FrameworkVersion
from instrument.scoring import ScoringError


class Command(BaseCommand):
    help = "Hitung indeks dari berkas JSON Lines (satu penilaian per baris); '-' untuk stdin."

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas JSON Lines, atau - untuk standard input")
        parser.add_argument("--framework", required=True, help="slug instrumen, mis. spbe-2020")
        parser.add_argument(
            "--framework-version", dest="version_number", type=int, help="nomor versi (bawaan: terkini)"
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="indeks unit: hanya indikator yang diberi nilai, bobot dinormalkan",
        )

    def handle(self, *args, file, framework, version_number, partial, **options):
        version = self.find_version(framework, version_number)
        engine = version.engine()
        failed = 0
        stream = sys.stdin if file == "-" else self.open(file)
        out = self.stdout._out
        with stream:
            for line_no, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                result = score_line(engine, line, line_no, partial)
                failed += "error" in result
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
        if failed:
            raise CommandError(f"{failed} baris gagal dihitung (lihat kolom 'error').")

    def find_version(self, slug, number):
        versions = FrameworkVersion.objects.select_related("framework").filter(framework__slug=slug)
        version = versions.filter(number=number).first() if number else versions.current().first()
        if version is None:
            known = (
                ", ".join(FrameworkVersion.objects.current().values_list("framework__slug", flat=True))
                or "belum ada; jalankan load_frameworks"
            )
            raise CommandError(
                f"Instrumen '{slug}'{f' versi {number}' if number else ''} tidak ada. Tersedia: {known}"
            )
        return version

    def open(self, path):
        try:
            return open(path, encoding="utf-8")  # noqa: SIM115 - closed by the with-block above
        except OSError as exc:
            raise CommandError(f"Berkas '{path}' tidak dapat dibuka: {exc.strerror}")


def score_line(engine, line: str, line_no: int, partial: bool) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": line_no, "error": f"baris {line_no}: JSON tidak sah ({exc.msg})"}
    if not isinstance(record, dict):
        return {"id": None, "line": line_no, "error": f"baris {line_no}: harus objek JSON"}
    ident = record.get("id")
    levels = record.get("levels")
    if not isinstance(levels, dict):
        return {"id": ident, "error": "kolom 'levels' wajib berupa objek {nomor indikator: level}"}
    try:
        score = engine.score(levels, partial=partial)
    except ScoringError as exc:
        return {"id": ident, "error": str(exc)}
    result = {
        "id": ident,
        "index": float(score.index),
        "index_display": score.display,
        "predicate": score.predicate,
        "domains": {str(k): float(v) for k, v in score.domains.items()},
        "aspects": {str(k): float(v) for k, v in score.aspects.items()},
    }
    if partial:
        result["kind"] = "indeks unit"
    return result
