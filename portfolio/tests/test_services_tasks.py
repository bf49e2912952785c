"""State changes (audited), findings and notices, the background probes, and `manage.py probe`."""

import io
import ipaddress
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessment.models import Notice
from audit.models import AuditEntry
from portfolio import services
from portfolio.forms import SettingsForm
from portfolio.localservers import Page, Site, free_port
from portfolio.models import Application, Disposition, Finding, OverlapGroup, PortfolioSettings, ProbeResult
from portfolio.probe import Politeness, ProbeReport, TlsInfo, interleave_by_host
from portfolio.tasks import probe_due, run_due_probes

pytestmark = pytest.mark.django_db


def report(url="https://simpus.uji.example/", **kwargs):
    values = dict(
        reachable=True, status=200, response_ms=120, tls=TlsInfo(valid=True, days_left=200, issuer="CA")
    )
    return ProbeReport(url=url, **(values | kwargs))


def test_findings_open_notify_once_and_close(personas, dinkes_app, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.record_probe(
            dinkes_app, report(tls=TlsInfo(valid=False, days_left=-3, error="certificate has expired"))
        )
    finding = Finding.objects.get(application=dinkes_app, closed_at__isnull=True)
    assert finding.kind == "cert_expired" and "3 hari" in finding.explanation
    notices = Notice.objects.filter(kind="portfolio.finding")
    assert {n.user.username for n in notices} == {"op.dinkes", "kepala.dinkes"}
    assert "kedaluwarsa" in notices.first().body
    with django_capture_on_commit_callbacks(execute=True):
        services.record_probe(dinkes_app, report(tls=TlsInfo(valid=False, days_left=-4, error="expired")))
    assert (
        Notice.objects.filter(kind="portfolio.finding").count() == 2
    )  # still the same finding: no new notice
    services.record_probe(dinkes_app, report())
    finding.refresh_from_db()
    assert finding.closed_at is not None
    assert AuditEntry.objects.filter(action="finding.open").count() == 1
    assert AuditEntry.objects.filter(action="finding.close").count() == 1
    assert services.plan_progress(dinkes_app.institution)["findings_closed"] == 1


def test_owner_is_told_when_an_application_goes_down(
    dinkes_app, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.record_probe(dinkes_app, report())
        services.record_probe(dinkes_app, report(status=503))
        services.record_probe(dinkes_app, report(reachable=False, status=None, error="waktu habis"))
    notices = Notice.objects.filter(kind="portfolio.down")
    assert notices.count() == 2  # operator and head, once: only the up → down transition
    assert "HTTP 503" in notices.first().body


def test_unreachable_flag_needs_history(dinkes_app):
    now = timezone.now()
    for days in (10, 9, 8):
        services.record_probe(
            dinkes_app,
            report(reachable=False, status=None, error="waktu habis"),
            now=now - timedelta(days=days),
        )
    assert not Finding.objects.filter(kind="unreachable").exists()
    services.record_probe(dinkes_app, report(reachable=False, status=None, error="waktu habis"), now=now)
    assert "10 hari" in Finding.objects.get(kind="unreachable").explanation


def test_save_application_audits_and_schedules(personas, sukamaju, dinkes):
    app = services.save_application(
        personas["admin"], Application(institution=sukamaju, name="Baru", url="https://baru.uji.example/")
    )
    assert app.next_probe_at is None  # probed at the next tick
    app.next_probe_at = timezone.now() + timedelta(hours=1)
    app.save()
    app.url = "https://lain.uji.example/"
    services.save_application(personas["admin"], app)
    assert Application.objects.get(pk=app.pk).next_probe_at is None
    actions = list(AuditEntry.objects.filter(object_id=str(app.pk)).values_list("action", flat=True))
    assert actions.count("application.create") == 1 and actions.count("application.update") == 1
    assert Finding.objects.filter(application=app, kind="no_owner").exists()


def test_overlap_detection_is_repeatable_and_respects_decisions(personas, sukamaju, dinkes, disdik):
    for name, unit in (("SIMPEG Sukamaju", dinkes), ("Sistem Informasi Kepegawaian", disdik)):
        Application.objects.create(institution=sukamaju, name=name, owner_unit=unit, ral_code="02.04")
    first = services.detect_overlaps(personas["admin"], sukamaju)
    assert first["created"] >= 2  # the pair, and SIASN look-alikes
    again = services.detect_overlaps(personas["admin"], sukamaju)
    assert again["created"] == 0 and again["removed"] == 0
    group = OverlapGroup.objects.get(kind="similar")
    services.decide_overlap(personas["admin"], group, OverlapGroup.DISMISSED, "beda fungsi")
    Application.objects.filter(name="Sistem Informasi Kepegawaian").update(
        name="Aplikasi Gudang Obat", ral_code=""
    )
    services.detect_overlaps(personas["admin"], sukamaju)
    assert OverlapGroup.objects.filter(pk=group.pk, status="dismissed").exists()  # decided groups stay
    assert AuditEntry.objects.filter(action="overlap.decide").count() == 1


def test_disposition_rules_and_progress(personas, dinkes_app):
    admin = personas["admin"]
    with pytest.raises(services.ServiceError):
        services.save_disposition(
            admin, Disposition(application=dinkes_app, decision="replace", rationale="x")
        )
    line = services.save_disposition(
        admin, Disposition(application=dinkes_app, decision="retire", rationale="tua", status="done")
    )
    assert line.completed_on == timezone.localdate()
    dinkes_app.refresh_from_db()
    assert dinkes_app.lifecycle == "retired"
    assert services.plan_progress(dinkes_app.institution)["retired"] == 1


def test_publishing_is_audited(personas, dinkes_service):
    services.set_published(personas["admin"], dinkes_service, False)
    services.set_published(personas["admin"], dinkes_service, False)
    assert AuditEntry.objects.filter(action="service.unpublish").count() == 1


@pytest.mark.parametrize(
    ("networks", "ok"),
    [
        ("10.20.0.0/16\n192.168.5.0/24", True),
        ("0.0.0.0/0", False),
        ("10.0.0.0/4", False),
        ("bukan-jaringan", False),
    ],
)
def test_settings_refuse_wide_or_bad_networks(sukamaju, networks, ok):
    form = SettingsForm(
        {
            "allowed_networks": networks,
            "trusted_ca_pem": "",
            "default_probe_minutes": 60,
            "unreachable_days": 7,
            "stale_months": 24,
            "cert_warning_days": 30,
            "min_grade": "C",
        },
        instance=PortfolioSettings(institution=sukamaju),
    )
    assert form.is_valid() == ok


def test_settings_accept_only_ca_certificates(sukamaju, pki):
    base = {
        "allowed_networks": "",
        "default_probe_minutes": 60,
        "unreachable_days": 7,
        "stale_months": 24,
        "cert_warning_days": 30,
        "min_grade": "C",
    }
    assert SettingsForm(
        base | {"trusted_ca_pem": pki.ca.cert_pem().decode()},
        instance=PortfolioSettings(institution=sukamaju),
    ).is_valid()
    leaf = pki.valid[0].read_text()
    form = SettingsForm(base | {"trusted_ca_pem": leaf}, instance=PortfolioSettings(institution=sukamaju))
    assert not form.is_valid() and "bukan sertifikat CA" in str(form.errors)
    form = SettingsForm(base | {"trusted_ca_pem": "sampah"}, instance=PortfolioSettings(institution=sukamaju))
    assert not form.is_valid()


# -- background probes ----------------------------------------------------------------------------


def test_due_probes_run_once_and_reschedule(serve, sukamaju, dinkes, django_capture_on_commit_callbacks):
    PortfolioSettings.objects.create(institution=sukamaju, allowed_networks="127.0.0.0/8")
    up = serve()
    broken = serve(Site(pages={"/": Page(status=500)}))
    apps = [
        Application.objects.create(institution=sukamaju, name=f"App {n}", owner_unit=dinkes, url=url)
        for n, url in enumerate([up.url, broken.url, f"http://127.0.0.1:{free_port()}/", "http://10.1.2.3/"])
    ]
    Application.objects.create(
        institution=sukamaju, name="Nanti", url=up.url, next_probe_at=timezone.now() + timedelta(hours=1)
    )
    Application.objects.create(institution=sukamaju, name="Pensiun", url=up.url, lifecycle="retired")
    Application.objects.create(institution=sukamaju, name="Tanpa URL")
    closed = free_port()
    with django_capture_on_commit_callbacks(execute=True):
        assert probe_due(https_port=closed, read_timeout=2, connect_timeout=1) == 4
    results = {r.application.name: r for r in ProbeResult.objects.select_related("application")}
    assert set(results) == {"App 0", "App 1", "App 2", "App 3"}
    assert results["App 0"].health == "up" and results["App 0"].grade == "F"
    assert results["App 1"].is_down and results["App 1"].status == 500
    assert results["App 2"].is_down and "tersambung" in results["App 2"].error
    assert results["App 3"].health == "blocked" and "10.1.2.3" in results["App 3"].blocked
    assert all(
        timezone.now() + timedelta(minutes=55) < a.next_probe_at
        for a in Application.objects.filter(pk__in=[a.pk for a in apps])
    )
    assert Finding.objects.filter(application__name="App 0", kind="low_grade").exists()
    assert probe_due(https_port=closed) == 0


def test_scheduler_task_and_probe_now(serve, personas, sukamaju, dinkes, django_capture_on_commit_callbacks):
    PortfolioSettings.objects.create(institution=sukamaju, allowed_networks="127.0.0.0/8")
    app = Application.objects.create(
        institution=sukamaju,
        name="Sekarang",
        owner_unit=dinkes,
        url=serve().url,
        next_probe_at=timezone.now() + timedelta(days=1),
    )
    assert run_due_probes.enqueue().return_value == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.request_probe(personas["operator_dinkes"], app)
    assert ProbeResult.objects.filter(application=app, reachable=True).exists()
    assert AuditEntry.objects.filter(action="application.probe_requested").exists()


def test_politeness_and_interleaving():
    import threading
    import time

    order = interleave_by_host([("http://a/1", 1), ("http://a/2", 2), ("http://b/1", 3), ("http://a/3", 4)])
    assert [tag for _url, tag in order] == [1, 3, 2, 4]
    politeness, active, peak, lock = Politeness(gap=0.05), [0], [0], threading.Lock()

    def work():
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1

    started = time.monotonic()
    threads = [threading.Thread(target=politeness.run, args=("a", work)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 1 and time.monotonic() - started >= 3 * 0.05


# -- manage.py probe ------------------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("probe", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_probe_command_prints_one_json_line_per_url(serve, pki):
    plain = serve()
    secure = serve(
        Site(
            pages={
                "/": Page(
                    headers=[("Content-Type", "text/html"), ("Strict-Transport-Security", "max-age=300")]
                )
            }
        ),
        cert=pki.valid,
    )
    lines, _err = run(
        plain.url, secure.url, "--allow-private", "--ca-file", str(pki.ca_file), "--timeout", "3"
    )
    assert [line["url"] for line in lines] == [plain.url, secure.url]
    for line in lines:
        assert list(line) == ["url", "blocked", "reachable", "status", "response_ms", "tls", "observatory"]
        assert set(line["observatory"]) == {"score", "grade", "tests"}
        for test in line["observatory"]["tests"].values():
            assert list(test) == ["pass", "result", "modifier"]
    assert lines[1]["tls"] == {"valid": True, "days_left": 89, "issuer": "Swanilai Test CA"}
    hsts = lines[1]["observatory"]["tests"]["strict-transport-security"]
    assert hsts == {"pass": False, "result": "hsts-implemented-max-age-less-than-six-months", "modifier": -10}


def test_probe_command_blocks_private_without_the_flag(serve):
    server = serve()
    lines, err = run(server.url, "not-a-url")
    assert lines[0]["blocked"] and "loopback" in lines[0]["blocked"] and lines[0]["reachable"] is False
    assert lines[0]["observatory"]["error"].startswith("Tidak dinilai karena probe diblokir")
    assert lines[1]["blocked"].startswith("URL tidak sah")
    assert "diblokir" in err


def test_probe_command_rejects_a_bad_ca_file(tmp_path):
    bad = tmp_path / "ca.pem"
    bad.write_text("bukan sertifikat")
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        run("https://example.invalid/", "--ca-file", str(bad))


def test_allow_list_from_settings_reaches_intranet(serve, sukamaju):
    settings = PortfolioSettings(institution=sukamaju, allowed_networks="127.0.0.0/8")
    options = services.probe_options(settings, grade=False)
    assert options.allowed_networks == (ipaddress.ip_network("127.0.0.0/8"),)
    from portfolio.probe import probe_url

    assert probe_url(serve().url, options).reachable
