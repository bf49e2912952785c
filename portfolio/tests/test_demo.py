"""The demo portfolio loads, is idempotent and shows the problems it promises — without a single
network connection."""

import socket

import pytest

from portfolio.models import Application, Disposition, Finding, OverlapGroup, ProbeResult, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the demo must not open connections")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_demo_loads_once_with_realistic_problems(no_network):
    from orgs.demo import load_demo as load_orgs
    from portfolio.demo import load_demo

    load_orgs()
    added = load_demo()
    apps = Application.objects.filter(institution__slug="sukamaju")
    assert added == apps.count() and 75 <= added <= 90
    probes = ProbeResult.objects.filter(application__institution__slug="sukamaju")
    latest = [a.last_probe for a in apps.select_related("last_probe") if a.last_probe]
    assert sum(1 for p in latest if p.is_down) >= 5
    assert any(p.tls_days_left is not None and p.tls_days_left < 0 for p in latest)
    assert any(p.tls_days_left is not None and 0 <= p.tls_days_left <= 30 for p in latest)
    assert any(p.blocked for p in latest)
    assert {p.grade for p in latest if p.grade} >= {"A+", "F"}
    assert probes.count() > 1000
    kinds = set(Finding.objects.filter(closed_at__isnull=True).values_list("kind", flat=True))
    assert {
        "unreachable",
        "stale",
        "cert_expired",
        "cert_expiring",
        "cert_invalid",
        "low_grade",
        "no_owner",
    } <= kinds
    groups = OverlapGroup.objects.filter(institution__slug="sukamaju")
    national = set(groups.filter(kind="national").values_list("national_code", flat=True))
    assert {"srikandi", "sipd", "sp4n-lapor"} <= national
    assert groups.filter(kind="similar").exists() and groups.filter(status="confirmed").exists()
    assert Disposition.objects.filter(status="done").count() >= 3
    assert (
        Service.objects.filter(published=True).count() >= 10
        and Service.objects.filter(published=False).exists()
    )
    assert not apps.filter(next_probe_at__isnull=True).exclude(url="").exists()

    assert load_demo() == 0
    assert ProbeResult.objects.count() == probes.count()


@pytest.mark.urls("portfolio.tests.urls_with_public")
def test_every_page_renders_with_the_demo(client, no_network):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from orgs.demo import load_demo as load_orgs
    from orgs.tests.test_url_access import login_verified
    from portfolio.demo import load_demo

    load_orgs()
    load_demo()
    login_verified(client, get_user_model().objects.get(username="admin.kominfo"))
    slug = "sukamaju"
    pages = [
        "portfolio:dashboard",
        "portfolio:application_list",
        "portfolio:overlap_list",
        "portfolio:plan_board",
        "portfolio:service_list",
        "portfolio:settings",
        "portfolio:application_create",
        "portfolio:application_import",
        "portfolio:service_create",
    ]
    for name in pages:
        assert client.get(reverse(name, args=[slug])).status_code == 200, name
    for status in ("confirmed", "dismissed"):
        assert (
            client.get(reverse("portfolio:overlap_list", args=[slug]) + f"?status={status}").status_code
            == 200
        )
    for query in (
        "kondisi=down",
        "kondisi=cert",
        "temuan=insecure",
        "unit=tanpa",
        "raa=01",
        "data_pribadi=ya",
    ):
        assert client.get(reverse("portfolio:application_list", args=[slug]) + "?" + query).status_code == 200
    for app in Application.objects.filter(institution__slug=slug)[:90]:
        for name in (
            "portfolio:application_detail",
            "portfolio:application_edit",
            "portfolio:disposition_edit",
        ):
            assert client.get(reverse(name, args=[slug, app.pk])).status_code == 200, (name, app.name)
    detail = client.get(
        reverse("portfolio:application_detail", args=[slug, Application.objects.get(name="e-Budgeting").pk])
    ).content.decode()
    assert "Sertifikat TLS kedaluwarsa" in detail and "hsts-invalid-cert" in detail
    client.logout()
    public = client.get(reverse("public_catalogue", args=[slug])).content.decode()
    assert (
        "Perekaman KTP elektronik" in public
        and "Buku KIA digital" not in public
        and "Catatan internal" not in public
    )
