"""Probes against local servers: plain HTTP, HTTPS with a valid, an expired and a self-signed
certificate, slow and hanging servers, redirect chains (one to a private address), DNS answers
checked before connecting. Loopback is itself private, so these tests allow 127.0.0.0/8 and check
the blocking of everything else separately."""

import ipaddress
import socket
import time
from dataclasses import dataclass, field

import pytest

from portfolio.localservers import Page, Site, free_port
from portfolio.netguard import check_url
from portfolio.probe import ProbeOptions, probe_url

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


def options(**kwargs) -> ProbeOptions:
    """Loopback allow-listed, short timeouts, and the Observatory's other chain pointed at a closed
    port unless a test says otherwise."""
    defaults = dict(
        allowed_networks=LOOPBACK,
        connect_timeout=2.0,
        read_timeout=2.0,
        deadline=4.0,
        http_port=free_port(),
        https_port=free_port(),
    )
    return ProbeOptions(**(defaults | kwargs))


def test_plain_http(serve):
    server = serve()
    report = probe_url(server.url, options(http_port=None))
    data = report.as_json()
    assert list(data) == ["url", "blocked", "reachable", "status", "response_ms", "tls", "observatory"]
    assert (data["blocked"], data["reachable"], data["status"]) == (None, True, 200)
    assert isinstance(data["response_ms"], int)
    assert data["tls"] == {"valid": None, "days_left": None, "issuer": None}
    assert data["observatory"]["tests"]["redirection"]["result"] == "redirection-missing"
    assert (
        data["observatory"]["tests"]["strict-transport-security"]["result"] == "hsts-not-implemented-no-https"
    )


def test_https_valid_certificate_from_test_ca(serve, pki):
    server = serve(cert=pki.valid)
    report = probe_url(server.url, options(ca_file=str(pki.ca_file), https_port=None))
    assert report.reachable and report.status == 200
    assert report.tls.as_dict() == {"valid": True, "days_left": 89, "issuer": "Swanilai Test CA"}
    hsts = report.as_json()["observatory"]["tests"]["strict-transport-security"]
    assert hsts["result"] == "hsts-not-implemented"  # verified, but the header is missing


def test_institution_ca_given_as_pem_text(serve, pki):
    server = serve(cert=pki.valid)
    report = probe_url(server.url, options(ca_pem=pki.ca.cert_pem().decode(), https_port=None))
    assert report.tls.valid is True


def test_untrusted_ca_is_invalid_but_still_answers(serve, pki):
    server = serve(cert=pki.valid)
    report = probe_url(server.url, options(https_port=None))
    assert report.reachable and report.tls.valid is False
    assert "unable to get local issuer certificate" in report.tls.error


def test_expired_certificate(serve, pki):
    server = serve(cert=pki.expired)
    report = probe_url(server.url, options(ca_file=str(pki.ca_file), https_port=None))
    assert report.reachable and report.status == 200
    assert report.tls.valid is False and report.tls.days_left == -10
    assert "expired" in report.tls.error
    tests = report.as_json()["observatory"]["tests"]
    assert tests["strict-transport-security"]["result"] == "hsts-invalid-cert"


def test_self_signed_certificate(serve, pki):
    server = serve(cert=pki.self_signed)
    report = probe_url(server.url, options(ca_file=str(pki.ca_file), https_port=None))
    assert report.reachable and report.tls.valid is False
    assert "self-signed" in report.tls.error
    assert report.tls.issuer == "Pemerintah Kabupaten Uji"


def test_slow_server_is_timed(serve):
    server = serve(Site(pages={"/": Page(delay=0.4)}))
    report = probe_url(server.url, options(grade=False))
    assert report.reachable and report.response_ms >= 400


def test_hanging_server_times_out(serve):
    server = serve(Site(pages={"/": Page(hang=True)}))
    started = time.monotonic()
    report = probe_url(server.url, options(read_timeout=0.5, deadline=1.0))
    assert time.monotonic() - started < 6
    assert not report.reachable and "waktu habis" in report.error
    assert report.as_json()["observatory"] == {
        "error": "Tidak ada jawaban dari HTTP maupun HTTPS; nilai tidak dapat dihitung."
    }


def test_refused_connection(serve):
    report = probe_url(f"http://127.0.0.1:{free_port()}/", options(grade=False))
    assert not report.reachable and report.blocked is None
    assert "tidak dapat tersambung" in report.error


def test_redirect_chain_is_followed_and_recorded(serve):
    site = Site(
        pages={
            "/": Page(status=301, headers=[("Location", "/a")]),
            "/a": Page(status=302, headers=[("Location", "/b")]),
            "/b": Page(),
        }
    )
    server = serve(site)
    report = probe_url(server.url, options(grade=False))
    assert report.status == 200 and report.final_url == server.url + "b"
    assert report.redirects == [server.url + "a", server.url + "b"]


def test_redirect_loop_stops_after_ten(serve):
    server = serve(Site(pages={"/": Page(status=302, headers=[("Location", "/")])}))
    report = probe_url(server.url, options(grade=False))
    assert report.reachable and report.status == 302 and len(report.redirects) == 10


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("http://10.1.2.3/admin", "privat"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
    ],
)
def test_redirect_to_private_address_is_blocked(serve, target, kind):
    server = serve(Site(pages={"/": Page(status=302, headers=[("Location", target)])}))
    allowed = () if kind == "loopback" else LOOPBACK
    if kind == "loopback":  # loopback itself must be allowed to reach the first hop: allow only 127.0.0.1
        allowed = (ipaddress.ip_network("127.0.0.1/32"),)
    report = probe_url(server.url, options(allowed_networks=allowed))
    assert report.blocked is not None and "pengalihan" in report.blocked and kind in report.blocked
    assert not report.reachable
    assert report.as_json()["observatory"]["error"].startswith("Tidak dinilai karena probe diblokir")


def test_name_resolving_to_loopback_is_blocked_without_allow_list(serve):
    server = serve()
    report = probe_url(f"http://localhost:{server.port}/", ProbeOptions(connect_timeout=2, read_timeout=2))
    assert report.blocked and "loopback" in report.blocked and "--allow-private" in report.blocked
    assert not report.reachable


def test_private_literal_address_is_blocked():
    report = probe_url("http://192.168.1.10/")
    assert "192.168.1.10" in report.blocked and "privat" in report.blocked


def test_allow_private_opens_everything(serve):
    server = serve()
    report = probe_url(f"http://localhost:{server.port}/", ProbeOptions(allow_private=True, grade=False))
    assert report.reachable and report.blocked is None


def fake_dns(monkeypatch, answers):
    """Resolve names from `answers` {name: [ip, ...] or callable}, everything else as usual."""
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host in answers:
            ips = answers[host]() if callable(answers[host]) else answers[host]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


def test_connects_to_the_checked_address_only(serve, monkeypatch):
    server = serve()
    fake_dns(monkeypatch, {"aplikasi.sukamaju.test": ["10.9.9.9", "127.0.0.1"]})
    connected = []
    real_connect = socket.create_connection

    def spy(address, *args, **kwargs):
        connected.append(address[0])
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    report = probe_url(f"http://aplikasi.sukamaju.test:{server.port}/", options(grade=False))
    assert report.reachable and connected == ["127.0.0.1"]


def test_dns_rebinding_between_connections_is_blocked(serve, monkeypatch):
    other = serve()
    first = serve(
        Site(
            pages={
                "/": Page(status=302, headers=[("Location", f"http://aplikasi.sukamaju.test:{other.port}/")])
            }
        )
    )
    answers = iter([["127.0.0.1"], ["169.254.169.254"]])
    fake_dns(monkeypatch, {"aplikasi.sukamaju.test": lambda: next(answers)})
    report = probe_url(f"http://aplikasi.sukamaju.test:{first.port}/", options(grade=False))
    assert report.blocked and "pengalihan" in report.blocked and "169.254.169.254" in report.blocked


def test_https_with_hostname_uses_sni_and_checks_the_name(serve, pki, monkeypatch):
    server = serve(cert=pki.valid)
    fake_dns(monkeypatch, {"aplikasi.sukamaju.test": ["127.0.0.1"], "lain.sukamaju.test": ["127.0.0.1"]})
    good = probe_url(
        f"https://aplikasi.sukamaju.test:{server.port}/", options(ca_file=str(pki.ca_file), grade=False)
    )
    assert good.tls.valid is True
    wrong = probe_url(
        f"https://lain.sukamaju.test:{server.port}/", options(ca_file=str(pki.ca_file), grade=False)
    )
    assert wrong.tls.valid is False and "mismatch" in wrong.tls.error.lower()


def test_large_body_is_capped(serve):
    server = serve(Site(pages={"/": Page(body="x" * 3_000_000)}))
    report = probe_url(server.url, options(max_body=10_000, grade=False))
    assert report.reachable and report.status == 200


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://x/", "http://"),
        ("https:///path", "nama host"),
        ("http://user:pw@host/", "kata sandi"),
        ("http://h:99999/", "URL"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(url, problem):
    assert problem in check_url(url)
    report = probe_url(url)
    assert report.blocked and problem in report.blocked and not report.reachable


# -- the grade against real servers ---------------------------------------------------------------

SECURE_HEADERS = [
    ("Content-Type", "text/html"),
    ("Strict-Transport-Security", "max-age=31536000"),
    ("Content-Security-Policy", "default-src 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
]


def test_grade_of_a_well_configured_site(serve, pki):
    https = serve(Site(pages={"/": Page(headers=SECURE_HEADERS)}), cert=pki.valid)
    http = serve(Site(pages={"/": Page(status=301, headers=[("Location", https.url)])}))
    report = probe_url(
        https.url, options(ca_file=str(pki.ca_file), http_port=http.port, https_port=https.port)
    )
    grade = report.as_json()["observatory"]
    assert grade["tests"]["redirection"]["result"] == "redirection-to-https"
    assert (
        grade["tests"]["strict-transport-security"]["result"]
        == "hsts-implemented-max-age-at-least-six-months"
    )
    assert (
        grade["tests"]["content-security-policy"]["result"]
        == "csp-implemented-with-no-unsafe-default-src-none"
    )
    assert (grade["score"], grade["grade"]) == (115, "A+")


def test_grade_with_self_signed_certificate_costs_forty(serve, pki):
    https = serve(Site(pages={"/": Page(headers=SECURE_HEADERS)}), cert=pki.self_signed)
    http = serve(Site(pages={"/": Page(status=301, headers=[("Location", https.url)])}))
    report = probe_url(https.url, options(http_port=http.port, https_port=https.port))
    tests = report.as_json()["observatory"]["tests"]
    assert tests["redirection"]["result"] == "redirection-invalid-cert"
    assert tests["strict-transport-security"]["result"] == "hsts-invalid-cert"
    assert report.as_json()["observatory"]["score"] == 115 - 40 - 15  # bonuses lost: penalties leave 60


def test_cors_preflight_and_cookies_against_a_server(serve):
    site = Site(
        pages={"/": Page(headers=[("Content-Type", "text/html"), ("Set-Cookie", "PHPSESSID=abc; path=/")])},
        options=Page(status=204, headers=[("Access-Control-Allow-Origin", "*")], body=""),
    )
    server = serve(site)
    tests = probe_url(server.url, options(http_port=server.port)).as_json()["observatory"]["tests"]
    assert (
        tests["cross-origin-resource-sharing"]["result"]
        == "cross-origin-resource-sharing-implemented-with-public-access"
    )
    assert tests["cookies"]["result"] == "cookies-session-without-secure-flag"


def test_error_status_gives_no_grade(serve):
    server = serve(Site(pages={"/": Page(status=500)}))
    report = probe_url(server.url, options(http_port=server.port))
    assert report.reachable and report.status == 500
    assert "500" in report.as_json()["observatory"]["error"]


# -- requests made the way the Observatory scanner makes them ------------------------------------------


@dataclass
class RoutedSite(Site):
    """A site whose answers also depend on the method: routes[(method, path)]."""

    routes: dict = field(default_factory=dict)

    def page_for(self, path: str, method: str) -> Page:
        return self.routes.get((method, path.split("?")[0])) or super().page_for(path, method)


HTML_PAGE = Page(headers=[("Content-Type", "text/html")])


def observatory_tests(server, **kwargs):
    return probe_url(server.url, options(http_port=server.port, **kwargs)).as_json()["observatory"]["tests"]


def test_preflight_answer_must_be_2xx(serve):
    site = Site(
        pages={"/": HTML_PAGE}, options=Page(status=405, headers=[("Access-Control-Allow-Origin", "*")])
    )
    cors = observatory_tests(serve(site))["cross-origin-resource-sharing"]
    assert cors["result"] == "cross-origin-resource-sharing-not-implemented"


@pytest.mark.parametrize(
    ("status", "method", "result"),
    [
        (301, "OPTIONS", "cross-origin-resource-sharing-implemented-with-public-access"),
        (303, "GET", "cross-origin-resource-sharing-implemented-with-public-access"),  # 303 turns into GET
        (303, "OPTIONS", "cross-origin-resource-sharing-not-implemented"),
    ],
)
def test_preflight_follows_redirects(serve, status, method, result):
    site = RoutedSite(
        pages={"/": HTML_PAGE, "/cors": Page(status=404, body="")},
        routes={
            ("OPTIONS", "/"): Page(status=status, headers=[("Location", "/cors")], body=""),
            (method, "/cors"): Page(status=204, headers=[("Access-Control-Allow-Origin", "*")], body=""),
        },
    )
    assert observatory_tests(serve(site))["cross-origin-resource-sharing"]["result"] == result


def test_redirect_without_location_goes_to_undefined(serve):
    site = Site(
        pages={
            "/": Page(status=302, headers=[], body=""),
            "/undefined": Page(headers=[("Content-Type", "text/html"), ("X-Frame-Options", "DENY")]),
        }
    )
    assert observatory_tests(serve(site))["x-frame-options"]["result"] == "x-frame-options-sameorigin-or-deny"


def test_location_relative_with_its_scheme_is_followed(serve):
    site = Site(
        pages={"/": Page(status=301, headers=[("Location", "http:beranda")], body=""), "/beranda": HTML_PAGE}
    )
    server = serve(site)
    report = probe_url(server.url, options(http_port=server.port))
    assert report.final_url == server.url + "beranda"
    assert report.as_json()["observatory"]["tests"]["redirection"]["result"] == "redirection-not-to-https"


def test_redirect_the_scanner_cannot_request_fails_its_chain(serve):
    server = serve(
        Site(pages={"/": Page(status=301, headers=[("Location", "ftp://files.example/")], body="")})
    )
    report = probe_url(server.url, options(http_port=server.port))
    assert report.reachable and report.status == 301  # the probe itself still reports the answer
    assert report.as_json()["observatory"] == {
        "error": "Tidak ada jawaban dari HTTP maupun HTTPS; nilai tidak dapat dihitung."
    }


def test_after_a_certificate_error_robots_txt_cookies_count(serve, pki):
    site = Site(
        pages={
            "/": HTML_PAGE,
            "/robots.txt": Page(headers=[("Set-Cookie", "sessionid=1; Secure")], body="User-agent: *"),
        }
    )
    https = serve(site, cert=pki.self_signed)
    report = probe_url(https.url, options(https_port=https.port))
    assert (
        report.as_json()["observatory"]["tests"]["cookies"]["result"]
        == "cookies-session-without-httponly-flag"
    )
    verified = serve(site, cert=pki.valid)
    report = probe_url(verified.url, options(https_port=verified.port, ca_file=str(pki.ca_file)))
    assert report.as_json()["observatory"]["tests"]["cookies"]["result"] == "cookies-not-found"


def test_body_is_read_as_utf8_whatever_the_charset(serve):
    body = '<p>caf\u00e9</p><script src="http://cdn.example.com/a.js"></script>'
    site = Site(pages={"/": Page(headers=[("Content-Type", "text/html; charset=iso-8859-1")], body=body)})
    sri = observatory_tests(serve(site))["subresource-integrity"]
    assert sri["result"] == "sri-not-implemented-and-external-scripts-not-loaded-securely"
