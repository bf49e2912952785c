"""The demo portfolio of Kabupaten Sukamaju: about 80 applications with realistic problems — some
down, expired or soon-expiring certificates, weak headers, look-alikes of each other and of
national applications — with a consolidation plan and a service catalogue. Idempotent.

Probe history is synthesized, never fetched: each application has a server "profile" (its
headers, certificate and availability), the same grader as real probes scores it, and two weeks of
results are written. The URLs are under the reserved `.example` domain and the applications' next
probe is a year away, so a running worker never sends the demo to the internet.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from orgs.models import Institution, Unit
from portfolio import observatory as obs
from portfolio import services
from portfolio.demo_data import APPLICATIONS, DISPOSITIONS, SERVICES
from portfolio.models import Application, Disposition, OverlapGroup, PortfolioSettings, ProbeResult, Service
from portfolio.observatory_text import PROBE_BLOCKED
from portfolio.probe import ProbeReport, TlsInfo

DOMAIN = "sukamaju.example"
HISTORY_DAYS, EVERY_HOURS = 14, 12
GOOD = [
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'; object-src 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Set-Cookie", "sid=1; Secure; HttpOnly; SameSite=Lax"),
]
FAIR = [
    ("Strict-Transport-Security", "max-age=31536000"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "SAMEORIGIN"),
]
WEAK = [("Strict-Transport-Security", "max-age=86400"), ("X-Frame-Options", "SAMEORIGIN")]
LEGACY = [("Set-Cookie", "PHPSESSID=abc; path=/"), ("X-Powered-By", "PHP/5.6.40")]
LEGACY_BODY = '<script src="http://code.jquery.com/jquery-1.8.3.min.js"></script>'
# profile → (headers, certificate days left (None: no HTTPS), valid certificate, HTTP status, days down)
PROFILES = {
    "a": (GOOD, 210, True, 200, 0),
    "b": (FAIR, 150, True, 200, 0),
    "c": (WEAK, 75, True, 200, 0),
    "legacy": (LEGACY, None, True, 200, 0),
    "expired": (WEAK, -15, True, 200, 0),
    "expiring": (FAIR, 12, True, 200, 0),
    "self": (LEGACY, 300, False, 200, 0),
    "down": (LEGACY, None, True, 200, 21),
    "down_recent": (FAIR, 90, True, 200, 2),
    "error": (FAIR, 120, True, 500, 0),
    "blocked": ([], None, True, 200, 0),
    "none": None,
}


def _response(url, headers, status=200, body="<!doctype html><title>Aplikasi</title>"):
    return obs.Response(url=url, status=status, headers=[("Content-Type", "text/html"), *headers], body=body)


def scan_for(host: str, profile: str) -> obs.Scan:
    """What the grader would have seen from a server with this profile."""
    headers, days, valid, status, _down = PROFILES[profile]
    body = LEGACY_BODY if headers is LEGACY else "<!doctype html><title>Aplikasi</title>"
    if days is None:
        http = obs.Chain([_response(f"http://{host}/", headers, status, body)])
        return obs.Scan(host=host, http=http, https=obs.Chain(), preloaded=set())
    verified = valid and days >= 0  # an expired certificate fails verification like any other
    https = obs.Chain([_response(f"https://{host}/", headers, status, body)], verified=verified)
    http = obs.Chain(
        [
            obs.Response(f"http://{host}/", 301, [("Location", f"https://{host}/")]),
            _response(f"https://{host}/", headers, status),
        ],
        verified=verified,
    )
    return obs.Scan(host=host, http=http, https=https, preloaded=set())


def report_for(url: str, profile: str, days_ago: float, rng: random.Random) -> ProbeReport:
    """A probe report as `probe_url` would return it `days_ago` days back."""
    headers, days, valid, status, down_days = PROFILES[profile]
    host = url.split("/")[2]
    report = ProbeReport(url=url)
    if profile == "blocked":
        report.blocked = (
            f"{host} mengarah ke alamat 10.30.1.5 (privat); probe tidak terhubung ke jaringan privat, "
            f"loopback atau link-local kecuali jaringan itu ada di daftar izin instansi."
        )
        report.grade_error = PROBE_BLOCKED % {"reason": report.blocked}
        return report
    if days_ago < down_days:
        report.error = (
            "waktu habis (ConnectTimeout)" if rng.random() < 0.5 else "tidak dapat tersambung: ditolak"
        )
        report.grade = obs.grade(obs.Scan(host=host, http=obs.Chain(), https=obs.Chain(), preloaded=set()))
        return report
    report.reachable, report.status, report.final_url = True, status, url
    report.response_ms = int(rng.uniform(80, 900) * (3 if profile in ("legacy", "self") else 1))
    if days is not None:
        report.tls = TlsInfo(
            valid=valid,
            days_left=int(days + days_ago),
            issuer="Sectigo Limited" if valid else "Pemerintah Kabupaten Sukamaju",
            error=None if valid else "self-signed certificate",
        )
        if days + days_ago < 0:
            report.tls.valid, report.tls.error = False, "certificate has expired"
    report.grade = obs.grade(scan_for(host, profile))
    return report


def _fill_history(application: Application, profile: str, now, rng: random.Random) -> None:
    """Two weeks of results: the older ones in bulk, the latest through `record_probe`, which
    raises the findings (and notifies the owner unit) as a real probe would."""
    if PROFILES.get(profile) is None or application.probes.exists():
        return
    steps = range(HISTORY_DAYS * 24 // EVERY_HOURS, 0, -1)
    older = []
    for step in steps:
        days_ago = step * EVERY_HOURS / 24
        at = now - timedelta(days=days_ago, minutes=rng.randint(0, 30))
        older.append(
            services.result_from(application, report_for(application.url, profile, days_ago, rng), at)
        )
    ProbeResult.objects.bulk_create(older)
    services.record_probe(application, report_for(application.url, profile, 0, rng), now=now)
    # Keep the worker away from these made-up addresses.
    Application.objects.filter(pk=application.pk).update(next_probe_at=now + timedelta(days=365))


def _application(institution, units, row: dict, admin, rng) -> tuple[Application, str]:
    found = Application.objects.filter(institution=institution, name=row["name"]).first()
    if found is not None:
        return found, ""
    today = timezone.localdate()
    sub = row.get("sub", row["name"].lower().split()[0].replace("-", ""))
    url = row.get(
        "url", f"https://{sub}.{DOMAIN}/" if row.get("profile") != "legacy" else f"http://{sub}.{DOMAIN}/"
    )
    app = Application(
        institution=institution,
        name=row["name"],
        purpose=row["purpose"],
        owner_unit=units.get(row.get("unit")),
        url=url if row.get("profile") != "none" else "",
        raa_code=row.get("raa", "02.02"),
        ral_code=row.get("ral", ""),
        services=row.get("services", ""),
        lifecycle=row.get("lifecycle", "production"),
        hosting=row.get("hosting", rng.choice(["pdd", "pdd", "cloud", "pihak_ketiga"])),
        integration=row.get("integration", rng.choice(["none", "none", "api", "bus"])),
        personal_data=row.get("personal", False),
        developer=row.get(
            "developer",
            rng.choice(
                [
                    "Diskominfosantik",
                    "CV Data Prima",
                    "PT Solusi Nusantara",
                    "Tim internal OPD",
                    "CV Mitra Teknologi",
                ]
            ),
        ),
        year_built=row.get("year", rng.randint(2012, 2023)),
        last_updated=today - timedelta(days=30 * row.get("updated_months", rng.randint(1, 18))),
        contact=row.get("contact", "Bidang Aplikasi Informatika, Diskominfosantik"),
    )
    app = services.save_application(admin, app, [units[u] for u in row.get("users", []) if u in units])
    return app, row.get("profile", "b")


def _plan(institution, admin) -> None:
    by_name = {a.name: a for a in Application.objects.for_institution(institution)}
    today = timezone.localdate()
    for name, decision, status, months, rationale, national in DISPOSITIONS:
        app = by_name.get(name)
        if app is None or Disposition.objects.filter(application=app).exists():
            continue
        line = Disposition(
            application=app,
            decision=decision,
            status=status,
            rationale=rationale,
            national_code=national,
            target_date=today + timedelta(days=30 * months),
        )
        if status == Disposition.DONE:
            line.completed_on = today - timedelta(days=20)
        services.save_disposition(admin, line)


def _catalogue(institution, units, admin) -> None:
    by_name = {a.name: a for a in Application.objects.for_institution(institution)}
    for slug, name, category, unit, app_name, link, requirements, sso, published in SERVICES:
        if Service.objects.filter(institution=institution, slug=slug).exists() or unit not in units:
            continue
        service = Service(
            institution=institution,
            slug=slug,
            name=name,
            category=category,
            owner_unit=units[unit],
            application=by_name.get(app_name),
            link=link,
            requirements=requirements,
            sso=sso,
            description=f"{name} secara daring.",
            published=published,
            internal_notes="Catatan internal: kontrak pemeliharaan berakhir Desember."
            if not published
            else "",
        )
        services.save_service(admin, service)


def _decide_overlaps(institution, admin) -> None:
    groups = list(OverlapGroup.objects.filter(institution=institution, status=OverlapGroup.PROPOSED))
    for group in groups[:3]:
        services.decide_overlap(admin, group, OverlapGroup.CONFIRMED, "Dibahas di rapat Tim Koordinasi SPBE.")
    for group in groups[3:4]:
        services.decide_overlap(admin, group, OverlapGroup.DISMISSED, "Fungsi berbeda setelah diperiksa.")


@transaction.atomic
def load_demo() -> int:
    """Create the demo portfolio; return how many applications were added (0 when it exists)."""
    institution = Institution.objects.filter(slug="sukamaju").first()
    if institution is None:
        from orgs.demo import load_demo as load_orgs_demo

        load_orgs_demo()
        institution = Institution.objects.get(slug="sukamaju")
    admin = get_user_model().objects.filter(username="admin.kominfo").first()
    PortfolioSettings.objects.get_or_create(
        institution=institution, defaults={"allowed_networks": "10.20.0.0/16"}
    )
    units = {u.short_name: u for u in Unit.objects.filter(institution=institution)}
    rng, now, added = random.Random(2026), timezone.now(), 0
    first_run = not Application.objects.for_institution(institution).exists()
    for row in APPLICATIONS:
        app, profile = _application(institution, units, row, admin, rng)
        if profile:
            added += 1
            _fill_history(app, profile, now, rng)
    if first_run:
        services.detect_overlaps(admin, institution)
        _decide_overlaps(institution, admin)
    _plan(institution, admin)
    _catalogue(institution, units, admin)
    return added
