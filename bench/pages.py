"""`make bench`: server time and query count of the pages opened on the deadline day, on SQLite and
on PostgreSQL, with realistic data: 60 units × all 47 SPBE indicators × 5 yearly campaigns, the
current one open, one unit with 200 evidence items.

Each database runs in its own process (`--inner`) so the figures do not mix. PostgreSQL is a
throwaway cluster in a temporary directory (initdb + pg_ctl on 127.0.0.1, as user postgres when
run by root), or the server named by BENCH_DATABASE_URL; without either it is skipped with a note.
Times are server-side (Django's test client: middleware, views, queries, templates), the median
of several runs after a warm-up."""

import argparse
import glob
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNITS, CAMPAIGNS, EVIDENCE, RUNS = 60, 5, 200, 15


# -- outer: one process per database --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def throwaway_postgres():
    """Yield a DATABASE_URL of a fresh PostgreSQL cluster, or None when PostgreSQL is not installed."""
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        yield given
        return
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb")]
    if not initdb or not initdb[-1]:
        yield None
        return
    bindir = Path(initdb[-1]).parent
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    tmp = Path(tempfile.mkdtemp(prefix="swanilai-bench-pg-"))
    data, port = tmp / "data", free_port()
    if as_postgres:
        shutil.chown(tmp, "postgres")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
    try:
        subprocess.run(
            [*as_postgres, bindir / "initdb", "-A", "trust", "-U", "postgres", "-D", data], **quiet
        )
        options = f"-h 127.0.0.1 -p {port} -k {tmp} -c fsync=off"
        subprocess.run(
            [*as_postgres, bindir / "pg_ctl", "-D", data, "-o", options, "-l", tmp / "log", "-w", "start"],
            **quiet,
        )
        subprocess.run(
            [
                *as_postgres,
                bindir / "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "bench",
            ],
            **quiet,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(
            [*as_postgres, bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def run_inner(label: str, env: dict) -> None:
    print(f"\n== pages on {label}: {UNITS} units × 47 indicators × {CAMPAIGNS} campaigns", flush=True)
    subprocess.run([sys.executable, __file__, "--inner"], env=env, check=True)
    subprocess.run([sys.executable, __file__, "--memory"], env=env, check=True)


def outer() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"SWANILAI_VAR_DIR": tmp, "DJANGO_SETTINGS_MODULE": "swanilai.settings"}
        env.pop("DATABASE_URL", None)
        run_inner("SQLite", env)
        with throwaway_postgres() as url:
            if url is None:
                print(
                    "\n== pages on PostgreSQL: skipped (PostgreSQL is not installed; set BENCH_DATABASE_URL)"
                )
            else:
                run_inner("PostgreSQL", env | {"DATABASE_URL": url})


# -- inner: build the data, time the pages --------------------------------------------------------


def build():
    """The institution, its people, 5 campaigns (4 closed with levels, the current one open and
    half answered) and 200 evidence items for the first unit."""
    from datetime import date, timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessment import services as assessment_services
    from assessment.models import Answer, AnswerEvidence, Campaign, Evidence
    from instrument.models import FrameworkVersion
    from orgs.models import Institution, Membership, Role, Unit

    spbe = FrameworkVersion.objects.get(framework__slug="spbe-2020", is_current=True)
    inst = Institution.objects.create(
        name="Kabupaten Uji Beban", slug="uji-beban", kind="kabupaten", require_2fa=False
    )
    Unit.objects.bulk_create(
        Unit(institution=inst, name=f"Dinas Uji {n:02}", short_name=f"D{n:02}", kind="dinas")
        for n in range(UNITS)
    )
    units = list(Unit.objects.filter(institution=inst).order_by("name"))
    users = get_user_model().objects
    people = {
        "admin": users.create_user("bench.admin", password="x"),
        "operator": users.create_user("bench.operator", password="x"),
        "verifier": users.create_user("bench.verifier", password="x"),
        "sekda": users.create_user("bench.sekda", password="x"),
    }
    Membership.objects.bulk_create(
        [
            Membership(user=people["admin"], institution=inst, role=Role.INSTITUTION_ADMIN),
            Membership(user=people["operator"], institution=inst, role=Role.UNIT_OPERATOR, unit=units[0]),
            Membership(user=people["verifier"], institution=inst, role=Role.VERIFIER),
            Membership(user=people["sekda"], institution=inst, role=Role.KOORDINATOR),
        ]
    )
    current = None
    for year in range(2026 - CAMPAIGNS + 1, 2027):
        draft = Campaign(
            institution=inst,
            framework_version=spbe,
            name=f"PM SPBE {year}",
            year=year,
            opens_on=date(year, 3, 1),
            unit_deadline=timezone.now() + timedelta(hours=6),
            verification_starts_on=date(year, 4, 1),
            verification_ends_on=date(year, 4, 20),
            closes_on=date(year, 5, 1),
        )
        assessment_services.create_campaign(people["admin"], draft, units)
        assessment_services.open_campaign(people["admin"], draft, notify=False)
        ids = list(Answer.objects.filter(assessment__campaign=draft).values_list("id", "indicator__number"))
        for level in range(1, 6):
            chosen = [pk for pk, number in ids if (number + year) % 5 == level - 1]
            if year == 2026:
                chosen = chosen[: len(chosen) // 2]
            Answer.objects.filter(id__in=chosen).update(level=level, fakta="Perbup", analisis="Memenuhi")
        if year < 2026:
            Campaign.objects.filter(pk=draft.pk).update(status=Campaign.CLOSED)
        current = draft
    assessment = current.assessments.get(unit=units[0])
    answers = list(assessment.answers.order_by("indicator__number"))
    evidence = Evidence.objects.bulk_create(
        Evidence(
            unit=units[0],
            kind="link",
            title=f"Dokumen {n}",
            url=f"https://uji.go.id/d/{n}",
            uploaded_by=people["operator"],
        )
        for n in range(EVIDENCE)
    )
    AnswerEvidence.objects.bulk_create(
        AnswerEvidence(answer=answers[n % len(answers)], evidence=e) for n, e in enumerate(evidence)
    )


def measure(client, method: str, path: str, data=None, headers=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = getattr(client, method)
    payload = data if callable(data) else (lambda: data or {})
    call(path, payload(), headers=headers)  # warm-up (caches, template loading)
    times, queries, status = [], 0, None
    for _ in range(RUNS):
        body = payload()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = call(path, body, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured), response.status_code
    measure.last_sql = [q["sql"] for q in captured.captured_queries]
    return statistics.median(times), max(times), queries, status


def setup_django():
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's response.context, and no real e-mail


def pages_and_people():
    """(who, method, path, label) of the deadline-day pages of the built institution, and its people."""
    from django.contrib.auth import get_user_model

    from assessment.models import Campaign, UnitAssessment

    campaign = Campaign.objects.get(institution__slug="uji-beban", status=Campaign.OPEN)
    assessment = UnitAssessment.objects.filter(campaign=campaign).order_by("unit__name").first()
    answer = assessment.answers.order_by("indicator__number").first()
    base = f"/instansi/{campaign.institution.slug}"
    people = {
        p.username.split(".")[1]: p for p in get_user_model().objects.filter(username__startswith="bench.")
    }
    pages = [
        (
            "operator",
            "get",
            f"{base}/penilaian/{assessment.pk}/",
            "unit workspace (47 indicators, 200 evidence)",
        ),
        ("operator", "get", f"{base}/jawaban/{answer.pk}/", "indicator page"),
        ("operator", "get", f"{base}/dasbor/unit/{assessment.unit_id}/", "unit dashboard"),
        ("admin", "get", f"{base}/dasbor/", "institution dashboard"),
        ("sekda", "get", f"{base}/dasbor/pimpinan/", "leadership page"),
        ("admin", "get", f"{base}/dasbor/tren/", "trends"),
        ("admin", "get", f"{base}/periode/{campaign.pk}/", "campaign"),
        ("verifier", "get", f"{base}/verifikasi/periode/{campaign.pk}/", "verification queue"),
        ("verifier", "get", f"{base}/verifikasi/penilaian/{assessment.pk}/", "verifier: one unit"),
        ("verifier", "get", f"{base}/verifikasi/jawaban/{answer.pk}/", "verifier: one answer"),
        ("verifier", "get", f"{base}/verifikasi/periode/{campaign.pk}/hasil/", "institution result"),
    ]
    return pages, people, answer


def signed_in_clients(people):
    from django.test import Client

    clients = {}
    for who, user in people.items():
        clients[who] = Client()
        clients[who].force_login(user)
    return clients


def inner() -> None:
    """Build the data, then time every page and the autosave."""
    setup_django()
    from django.core.management import call_command

    from assessment.models import Answer

    call_command("migrate", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    start = time.perf_counter()
    build()
    if "postgres" in os.environ.get("DATABASE_URL", ""):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"data built in {time.perf_counter() - start:.0f} s", flush=True)

    pages, people, answer = pages_and_people()
    clients = signed_in_clients(people)
    levels = iter(range(10**6))

    def save_data():
        return {
            "level": str(next(levels) % 5 + 1),
            "fakta": "Perbup 5/2025 hal. 3",
            "analisis": "Sudah ditetapkan",
            "version": str(Answer.objects.get(pk=answer.pk).version),
        }

    print(f"{'page':45} {'median':>8} {'max':>8} {'queries':>8}")
    for who, method, path, label in pages:
        report(label, measure(clients[who], method, path))
    save = f"/instansi/uji-beban/jawaban/{answer.pk}/simpan/"
    report("save one answer (htmx autosave)", measure(clients["operator"], "post", save, save_data, HTMX))
    print("  its queries: " + "; ".join(statement(sql) for sql in measure.last_sql))


def memory() -> None:
    """A fresh process, as a web worker is: serve every page once, then report its memory."""
    setup_django()
    pages, people, _answer = pages_and_people()
    clients = signed_in_clients(people)
    for who, method, path, _label in pages:
        getattr(clients[who], method)(path)
    rss = next(
        int(line.split()[1])
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmRSS")
    )
    heavy = sorted(m for m in ("weasyprint", "openpyxl", "httpx", "rapidfuzz", "pandas") if m in sys.modules)
    print(
        f"web worker memory after serving every page once: {rss / 1024:.0f} MB "
        f"(heavy libraries loaded: {', '.join(heavy) or 'none'})"
    )


HTMX = {"HX-Request": "true"}


def statement(sql: str) -> str:
    """'SELECT django_session', 'UPDATE assessment_answer' …: what a query does, to which table."""
    words = sql.replace('"', "").split()
    verb = words[0].upper()
    if verb in ("SELECT", "DELETE"):
        table = words[words.index("FROM") + 1] if "FROM" in words else ""
    elif verb == "INSERT":
        table = words[2]
    elif verb == "UPDATE":
        table = words[1]
    else:
        table = " ".join(words[1:2])
    return f"{verb} {table}".strip()


def report(label: str, figures) -> None:
    median, worst, queries, status = figures
    flag = "" if status == 200 else f"  (HTTP {status})"
    print(f"{label:45} {median:6.1f} ms {worst:6.1f} ms {queries:8}{flag}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.inner:
        inner()
    elif arguments.memory:
        memory()
    else:
        outer()
