"""`manage.py probe URL [URL…] [--allow-private] [--ca-file FILE]`: the portfolio's probe, from the
command line, for an admin diagnosing a site. One JSON line per URL on stdout, in the order given;
a plain-language note per problem on stderr."""

import json
import ssl

from django.core.management.base import BaseCommand, CommandError

from portfolio.probe import ProbeOptions, probe_many


class Command(BaseCommand):
    help = (
        "Probe URL: ketersediaan, sertifikat TLS dan nilai header keamanan (seperti MDN HTTP Observatory). "
        "Mencetak satu baris JSON per URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL")
        parser.add_argument(
            "--allow-private",
            action="store_true",
            help="izinkan alamat privat, loopback dan link-local (intranet, mesin sendiri)",
        )
        parser.add_argument("--ca-file", help="file PEM CA tambahan yang dipercaya (CA instansi sendiri)")
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="batas waktu baca per permintaan (detik)"
        )

    def handle(self, *args, **options):
        ca_file = options["ca_file"]
        if ca_file:
            try:
                ssl.create_default_context(cafile=ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise CommandError(f"File CA {ca_file} tidak dapat dibaca sebagai sertifikat PEM: {exc}")
        timeout = options["timeout"]
        if timeout <= 0:
            raise CommandError("--timeout harus lebih dari 0.")
        probe_options = ProbeOptions(
            allow_private=options["allow_private"],
            ca_file=ca_file,
            connect_timeout=min(5.0, timeout),
            read_timeout=timeout,
            deadline=timeout * 1.5,
        )
        reports = dict(
            probe_many([(url, n) for n, url in enumerate(options["urls"])], probe_options, workers=4, gap=0.0)
        )
        for n in range(len(options["urls"])):
            report = reports[n]
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            for note in notes(report):
                self.stderr.write(f"{report.url}: {note}")


def notes(report) -> list[str]:
    """What an admin should read first, in Indonesian."""
    lines = []
    if report.blocked:
        lines.append(f"diblokir — {report.blocked}")
    elif not report.reachable:
        lines.append(f"tidak dapat dijangkau — {report.error or 'tidak ada jawaban'}")
    if report.tls.error:
        lines.append(f"sertifikat TLS tidak sah — {report.tls.error}")
    return lines
