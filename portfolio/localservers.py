"""Local web servers for probe tests and the benchmark: plain HTTP, HTTPS with certificates from a
throw-away certificate authority (valid, expired, self-signed), slow and hanging answers,
redirect chains. They listen on loopback only; nothing here touches the internet. Pure: no Django.
"""

import datetime as dt
import ipaddress
import socket
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# -- certificates ---------------------------------------------------------------------------------


@dataclass
class Issued:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def write(self, folder: Path, stem: str) -> tuple[Path, Path]:
        cert_path, key_path = folder / f"{stem}.crt", folder / f"{stem}.key"
        cert_path.write_bytes(self.cert_pem())
        key_path.write_bytes(self.key_pem())
        return cert_path, key_path


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_ca(name: str = "Swanilai Test CA") -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name, name))
        .issuer_name(_name(name, name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


def _alt_names(hosts: list[str]) -> x509.SubjectAlternativeName:
    names = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(names)


def issue(ca: Issued | None, hosts: list[str], days_valid: int = 90, days_ago: int = 1) -> Issued:
    """A server certificate for `hosts`, signed by `ca` (self-signed when ca is None). Negative
    `days_valid` gives a certificate that has already expired."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(days=days_ago if days_valid > 0 else days_ago - days_valid + 30)
    subject = _name(hosts[0], "Pemerintah Kabupaten Uji")
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.cert.subject if ca else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now + dt.timedelta(days=days_valid))
        .add_extension(_alt_names(hosts), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    )
    if ca is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    return Issued(builder.sign(ca.key if ca else key, hashes.SHA256()), key)


# -- servers --------------------------------------------------------------------------------------


@dataclass
class Page:
    status: int = 200
    headers: list[tuple[str, str]] = field(
        default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")]
    )
    body: str = "<!doctype html><title>Aplikasi</title><p>Halo</p>"
    delay: float = 0.0  # seconds before answering
    hang: bool = False  # never answer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "LocalTest/1.0"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _answer(self, send_body: bool = True):
        page = self.server.site.page_for(self.path, self.command)
        if page.hang:
            self.server.site.stop_event.wait(60)
            return
        if page.delay:
            time.sleep(page.delay)
        body = page.body.encode() if send_body else b""
        self.send_response(page.status)
        for name, value in page.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the http.server API
        self._answer()

    def do_OPTIONS(self):  # noqa: N802
        self._answer(send_body=False)


@dataclass
class Site:
    """What a local server answers: `pages` by path (a missing path falls back to "/")."""

    pages: dict[str, Page] = field(default_factory=lambda: {"/": Page()})
    options: Page | None = None  # the answer to OPTIONS (CORS preflight); default: the page itself
    stop_event: threading.Event = field(default_factory=threading.Event)

    def page_for(self, path: str, method: str) -> Page:
        if method == "OPTIONS" and self.options is not None:
            return self.options
        return self.pages.get(path.split("?")[0]) or self.pages.get("/") or Page(status=404, body="")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, site: Site, tls: ssl.SSLContext | None):
        self.site = site
        self.tls = tls
        super().__init__(address, _Handler)

    def server_bind(self):
        """As HTTPServer's, without its reverse DNS lookup of the address (slow, and pointless here)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        """TLS handshake in the request's own thread, so a stalled client blocks nobody else."""
        if self.tls is None:
            return super().finish_request(request, client_address)
        request.settimeout(5)
        try:
            wrapped = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return None
        try:
            wrapped.settimeout(None)
            super().finish_request(wrapped, client_address)
        finally:
            wrapped.close()
        return None

    def handle_error(self, request, client_address):  # TLS handshakes the client rejects
        pass


class LocalServer:
    """A running server: `url` is its base URL; use as a context manager or call stop()."""

    def __init__(
        self, site: Site | None = None, cert: tuple[Path, Path] | None = None, host: str = "127.0.0.1"
    ):
        tls = None
        if cert is not None:
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(*cert)
        self.site = site or Site()
        self.server = _Server((host, 0), self.site, tls)
        self.host, self.port = host, self.server.server_address[1]
        self.scheme = "https" if tls else "http"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}/"

    def stop(self) -> None:
        self.site.stop_event.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (for "connection refused")."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
