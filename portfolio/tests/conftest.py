"""Fixtures of the portfolio tests: a throw-away PKI and local web servers (loopback only)."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from portfolio.localservers import Issued, LocalServer, issue, make_ca


@dataclass
class Pki:
    ca: Issued
    ca_file: Path
    valid: tuple[Path, Path]
    expired: tuple[Path, Path]
    self_signed: tuple[Path, Path]
    expiring: tuple[Path, Path]


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    ca = make_ca()
    ca_file = folder / "ca.crt"
    ca_file.write_bytes(ca.cert_pem())
    hosts = ["127.0.0.1", "localhost", "aplikasi.sukamaju.test"]
    return Pki(
        ca=ca,
        ca_file=ca_file,
        valid=issue(ca, hosts, days_valid=90).write(folder, "valid"),
        expired=issue(ca, hosts, days_valid=-10).write(folder, "expired"),
        self_signed=issue(None, hosts, days_valid=90).write(folder, "self"),
        expiring=issue(ca, hosts, days_valid=12).write(folder, "expiring"),
    )


@pytest.fixture
def serve():
    """Start local servers for one test: serve(site=None, cert=None) → LocalServer."""
    started = []

    def start(site=None, cert=None):
        server = LocalServer(site, cert)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# -- portfolio objects ----------------------------------------------------------------------------


@pytest.fixture
def dinkes_app(db, sukamaju, dinkes):
    from portfolio.models import Application

    return Application.objects.create(
        institution=sukamaju,
        name="SIMPUS Uji",
        purpose="Rekam medis puskesmas",
        owner_unit=dinkes,
        url="https://simpus.uji.example/",
        raa_code="02.02",
        ral_code="01.25",
    )


@pytest.fixture
def dinkes_service(db, sukamaju, dinkes, dinkes_app):
    from portfolio.models import Service

    return Service.objects.create(
        institution=sukamaju,
        slug="antrian-puskesmas",
        name="Antrian puskesmas",
        category="kesehatan",
        owner_unit=dinkes,
        application=dinkes_app,
        link="https://antrian.uji.example/",
        published=True,
        internal_notes="kontrak vendor habis Desember",
    )


@pytest.fixture
def overlap_group(db, sukamaju, dinkes_app):
    from portfolio.models import OverlapGroup

    group = OverlapGroup.objects.create(
        institution=sukamaju, kind="similar", key="similar::1", reason="uji", score=90
    )
    group.members.set([dinkes_app])
    return group
