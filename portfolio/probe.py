"""One probe of one URL — reachability, TLS certificate, security-header grade — and a polite
batch runner. Pure: no Django; the worker, `manage.py probe` and the benchmark all call this.

Steps of `probe_url`:
1. Refuse a URL that is not http(s) with a host; refuse a host that resolves only to a private,
   loopback or link-local address unless allow-listed (see `netguard`).
2. Fetch the URL, following up to 10 redirects by hand; every hop is checked again by the guarded
   connection. A certificate error restarts the chain without verification, so the site's
   answer is still seen and the certificate is reported as invalid.
3. For the grade, fetch http://H/ and https://H/ at the same time (the Observatory's two chains),
   send the CORS preflight, and hand everything to `observatory.grade`.
Every request has connect and read timeouts, and each chain a total deadline.
"""

import math
import socket
import ssl
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import certifi
import httpcore
import httpx
from cryptography import x509
from httpcore._backends.sync import SyncBackend, SyncStream

from portfolio import observatory as obs
from portfolio.netguard import BlockedAddress, address_problem, check_url
from portfolio.observatory_text import PROBE_BLOCKED, explain_error
from portfolio.webparse import parse_url

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 Observatory/1.4.8 Swanilai-probe"
)
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class GuardedBackend(SyncBackend):
    """Resolve, check, then connect to the checked address."""

    def __init__(self, allow_private: bool = False, allowed_networks: tuple = ()):
        self.allow_private = allow_private
        self.allowed_networks = allowed_networks

    def resolve(self, host: str, port: int) -> list[str]:
        """Checked addresses for host; BlockedAddress if none is allowed."""
        try:
            infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"nama host {host} tidak dapat di-resolve ({exc.strerror})") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        allowed, problems = [], []
        for address in addresses:
            problem = address_problem(address, self.allow_private, self.allowed_networks)
            (problems if problem else allowed).append(problem or address)
        if not allowed:
            raise BlockedAddress(
                f"{host} mengarah ke {', '.join(problems)}; probe tidak terhubung ke jaringan privat, "
                f"loopback atau link-local kecuali jaringan itu ada di daftar izin instansi "
                f"(atau --allow-private)."
            )
        return allowed

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last_error = None
        for address in self.resolve(host, port):
            try:
                sock = socket.create_connection((address, port), timeout)
            except TimeoutError as exc:
                last_error = httpcore.ConnectTimeout(f"waktu habis saat menyambung ke {address}:{port}")
                last_error.__cause__ = exc
                continue
            except OSError as exc:
                last_error = httpcore.ConnectError(f"{address}:{port}: {exc.strerror or exc}")
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return SyncStream(sock)
        raise last_error


@dataclass(frozen=True)
class ProbeOptions:
    allow_private: bool = False
    allowed_networks: tuple = ()
    ca_file: str | None = None
    ca_pem: str = ""  # the institution's own certificate authority, PEM
    connect_timeout: float = 5.0
    read_timeout: float = 9.0  # as the Observatory scanner: 9 s a request, 10 s a chain
    deadline: float = 10.0  # seconds for one whole chain (all hops, bodies included)
    max_body: int = 1_048_576
    grade: bool = True
    http_port: int | None = None  # ports of the two Observatory chains (default 80/443, or the URL's)
    https_port: int | None = None
    preloaded: object = field(default=None, compare=False, hash=False)


@dataclass
class TlsInfo:
    valid: bool | None = None
    days_left: int | None = None
    issuer: str | None = None
    expires_at: datetime | None = None
    error: str | None = None

    def as_dict(self) -> dict:
        return {"valid": self.valid, "days_left": self.days_left, "issuer": self.issuer}


@dataclass
class ChainResult:
    chain: obs.Chain
    blocked: str | None = None
    error: str | None = None
    cert_error: str | None = None
    cert_der: bytes | None = None
    elapsed_ms: int | None = None
    bad_redirect: bool = False  # a redirect the scanner cannot follow: for the grade, no response

    @property
    def observatory_chain(self) -> obs.Chain:
        """The chain as the scanner would have it: a redirect to a URL it cannot request (another
        scheme, an unparseable Location) fails its whole chain."""
        return obs.Chain(verified=self.chain.verified) if self.bad_redirect else self.chain


@dataclass
class ProbeReport:
    url: str
    blocked: str | None = None
    reachable: bool = False
    status: int | None = None
    response_ms: int | None = None
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    error: str | None = None
    tls: TlsInfo = field(default_factory=TlsInfo)
    grade: obs.Grade | None = None
    grade_error: str | None = None

    def observatory(self) -> dict:
        if self.grade is None or self.grade.error:
            return {
                "error": self.grade_error or explain_error(self.grade.error if self.grade else "site-down")
            }
        return obs.as_dict(self.grade)

    def as_json(self) -> dict:
        """The line `manage.py probe` prints, key for key."""
        return {
            "url": self.url,
            "blocked": self.blocked,
            "reachable": self.reachable,
            "status": self.status,
            "response_ms": self.response_ms,
            "tls": self.tls.as_dict(),
            "observatory": self.observatory(),
        }


# -- connections ----------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def ssl_context(verify: bool, ca_file: str | None = None, ca_pem: str = "") -> ssl.SSLContext:
    """Verified: the public roots plus the institution's own CA; unverified: anything goes (only
    to see a site whose certificate already failed)."""
    if not verify:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    context = ssl.create_default_context(cafile=certifi.where())
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    if ca_pem.strip():
        context.load_verify_locations(cadata=ca_pem)
    return context


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose every socket goes through `GuardedBackend`."""

    def __init__(self, options: ProbeOptions, verify: bool):
        context = ssl_context(verify, options.ca_file, options.ca_pem)
        super().__init__(verify=context, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=4,
            max_keepalive_connections=2,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(options.allow_private, options.allowed_networks),
        )


def _client(options: ProbeOptions, verify: bool) -> httpx.Client:
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.read_timeout,
    )
    transport = GuardedTransport(options, verify)
    client = httpx.Client(
        transport=transport,
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
    )
    client.guarded_transport = transport
    return client


class DeadlineExceeded(Exception):
    pass


def _peer_certificate(response: httpx.Response) -> bytes | None:
    stream = response.extensions.get("network_stream")
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    return ssl_object.getpeercert(True) if ssl_object is not None else None  # _sslobj: positional only


def _read_body(response: httpx.Response, limit: int, deadline: float) -> bytes:
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if time.monotonic() > deadline:
            raise DeadlineExceeded
        if len(body) >= limit:
            break
    return bytes(body[:limit])


def fetch(
    client: httpx.Client,
    method: str,
    url: str,
    options: ProbeOptions,
    deadline: float,
    headers: dict | None = None,
) -> tuple[obs.Response, bytes | None]:
    """One request (no redirect following): the response as the grader sees it, and the peer
    certificate (DER) if the connection was TLS."""
    # Straight to the transport: client.send() would parse a redirect's Location with httpx's own
    # rules and raise on some that browsers (and the scanner) follow, such as "http:beranda".
    request = client.build_request(method, url, headers=headers)
    response = client.guarded_transport.handle_request(request)
    response.request = request
    try:
        der = _peer_certificate(response)
        body = _read_body(response, options.max_body, deadline) if method != "OPTIONS" else b""
    finally:
        response.close()
    # As the scanner's HTTP client reads a body: UTF-8 whatever the declared charset, BOM dropped.
    text = body.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return obs.Response(
        url=url, status=response.status_code, headers=response.headers.multi_items(), body=text
    ), der


# -- chains ---------------------------------------------------------------------------------------


def _cert_problem(exc: BaseException) -> str | None:
    """The certificate verification message inside an httpx error, if that is what failed."""
    seen = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or str(seen)
        seen = seen.__cause__ or seen.__context__
    return None


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, DeadlineExceeded):
        return "waktu habis: jawaban tidak selesai dalam batas waktu"
    if isinstance(exc, httpx.TimeoutException):
        return f"waktu habis ({type(exc).__name__})"
    if isinstance(exc, httpx.ConnectError):
        return f"tidak dapat tersambung: {exc}"
    if isinstance(exc, httpx.HTTPError):
        return f"galat HTTP: {exc}"
    return str(exc)


def next_location(response: obs.Response) -> str | None:
    """Where the scanner goes after a redirect response: its first Location resolved as
    `new URL(location, url)`; a missing Location is the string "undefined" there, as JavaScript
    turns it into one. None when the result is not an http(s) URL (the scanner's request fails)."""
    locations = response.values("location")
    target = parse_url(locations[0] if locations else "undefined", parse_url(response.url))
    return target.href if target else None


def _follow(client, start_url: str, options: ProbeOptions, verified: bool) -> ChainResult:
    started = time.monotonic()
    deadline = started + options.deadline
    responses, cert, url, bad_redirect = [], None, start_url, False
    for hop in range(obs.MAX_REDIRECTS + 1):
        try:
            response, der = fetch(client, "GET", url, options, deadline)
        except BlockedAddress as exc:
            if hop == 0:
                raise
            raise BlockedAddress(f"pengalihan ke {url} diblokir: {exc}") from exc
        responses.append(response)
        cert = cert or der
        if response.status not in obs.REDIRECT_STATUSES or hop == obs.MAX_REDIRECTS:
            break
        url = next_location(response)
        if url is None:
            bad_redirect = True
            break
    elapsed = int((time.monotonic() - started) * 1000)
    chain = obs.Chain(responses, verified=verified)
    return ChainResult(chain, cert_der=cert, elapsed_ms=elapsed, bad_redirect=bad_redirect)


def run_chain(start_url: str, options: ProbeOptions) -> ChainResult:
    """GET start_url with redirects; on a certificate error start over unverified (as the
    Observatory does). Any other failure leaves the chain without a response."""
    cert_error = None
    for verify in (True, False):
        with _client(options, verify) as client:
            try:
                result = _follow(client, start_url, options, verified=verify)
            except BlockedAddress as exc:
                return ChainResult(obs.Chain(), blocked=str(exc), cert_error=cert_error)
            except (httpx.HTTPError, httpx.InvalidURL, DeadlineExceeded) as exc:
                problem = _cert_problem(exc)
                if verify and problem:
                    cert_error = problem
                    continue
                return ChainResult(obs.Chain(), error=describe_error(exc), cert_error=cert_error)
        result.cert_error = cert_error
        return result
    raise AssertionError("unreachable")  # pragma: no cover


def side_request(
    url: str, method: str, verified: bool, options: ProbeOptions, headers: dict | None = None
) -> tuple[list[obs.Response], bool]:
    """A request the way the scanner makes its extra ones (robots.txt, the CORS preflight):
    redirects followed (at most 10; 303 turns the method into GET). Every response met, in
    order, and whether it counts as an answer there (it ended in a 2xx)."""
    responses, deadline = [], time.monotonic() + options.deadline
    with _client(options, verified) as client:
        try:
            for _hop in range(obs.MAX_REDIRECTS + 1):
                response = fetch(client, method, url, options, deadline, headers)[0]
                responses.append(response)
                if response.status not in obs.REDIRECT_STATUSES or not response.values("location"):
                    break
                url = next_location(response)
                method = "GET" if response.status == 303 and method != "HEAD" else method
                if url is None:
                    return responses, False
        except (httpx.HTTPError, httpx.InvalidURL, BlockedAddress, DeadlineExceeded):
            return responses, False
    return responses, 200 <= responses[-1].status < 300


def preflight(url: str, verified: bool, options: ProbeOptions) -> obs.Response | None:
    headers = {"Origin": obs.CORS_ORIGIN, "Access-Control-Request-Method": "GET"}
    responses, answered = side_request(url, "OPTIONS", verified, options, headers)
    return responses[-1] if answered else None


def preflight_url(primary: obs.Chain, options: ProbeOptions) -> str:
    """Where the scanner sends its CORS preflight: the primary chain's last URL. After a
    certificate error its client also records a robots.txt that answers 2xx in that chain, so
    that becomes the preflight URL; the Set-Cookie of every HTTPS response on the way to
    robots.txt then lands in the chain's cookie jar too."""
    if primary.verified:
        return primary.final.url
    robots = urljoin(primary.responses[0].url, "/robots.txt")
    responses, answered = side_request(robots, "GET", False, options)
    primary.side_responses = [r for r in responses if r.url.startswith("https:")]
    return robots if answered else primary.final.url


# -- one probe --------------------------------------------------------------------------------------


def certificate_info(der: bytes | None, cert_error: str | None, now: datetime | None = None) -> TlsInfo:
    if der is None:
        return TlsInfo(valid=False if cert_error else None, error=cert_error)
    cert = x509.load_der_x509_certificate(der)
    expires = cert.not_valid_after_utc
    now = now or datetime.now(UTC)
    names = cert.issuer.get_attributes_for_oid(
        x509.NameOID.ORGANIZATION_NAME
    ) or cert.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    issuer = str(names[0].value) if names else cert.issuer.rfc4514_string()
    days = math.trunc((expires - now).total_seconds() / 86400)  # expired 5.3 days ago → -5
    return TlsInfo(
        valid=cert_error is None, days_left=days, issuer=issuer, expires_at=expires, error=cert_error
    )


def scan_origins(url: str, options: ProbeOptions) -> tuple[str, str, str]:
    """(host, http start URL, https start URL) of the Observatory scan for this URL's host."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    http_port = options.http_port or (parts.port if parts.scheme == "http" else None)
    https_port = options.https_port or (parts.port if parts.scheme == "https" else None)
    shown = f"[{host}]" if ":" in host else host
    http = f"http://{shown}{':' + str(http_port) if http_port and http_port != 80 else ''}/"
    https = f"https://{shown}{':' + str(https_port) if https_port and https_port != 443 else ''}/"
    return host, http, https


def grade_host(url: str, options: ProbeOptions, known: dict[str, ChainResult] | None = None) -> obs.Grade:
    """The Observatory grade of the URL's host: both chains at once, then the preflight."""
    host, http_url, https_url = scan_origins(url, options)
    known = known or {}
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="chain") as pool:
        futures = {u: pool.submit(run_chain, u, options) for u in (http_url, https_url) if u not in known}
        chains = known | {u: f.result() for u, f in futures.items()}
    http, https = chains[http_url].observatory_chain, chains[https_url].observatory_chain
    scan = obs.Scan(host=host, http=http, https=https)
    if options.preloaded is not None:
        scan.preloaded = options.preloaded
    primary = scan.primary_chain
    if primary.final is not None:
        scan.preflight = preflight(preflight_url(primary, options), primary.verified, options)
    return obs.grade(scan)


def probe_url(url: str, options: ProbeOptions = ProbeOptions(), grade_cache=None) -> ProbeReport:
    url = url.strip()
    report = ProbeReport(url=url)
    refusal = check_url(url)
    if refusal:
        report.blocked, report.grade_error = refusal, refusal
        return report
    result = run_chain(url, options)
    report.tls = certificate_info(result.cert_der, result.cert_error) if _uses_tls(result, url) else TlsInfo()
    if result.blocked:
        report.blocked = result.blocked
        report.grade_error = PROBE_BLOCKED % {"reason": result.blocked}
        return report
    final = result.chain.final
    if final is None:
        report.error = result.error
    else:
        report.reachable, report.status, report.final_url = True, final.status, final.url
        report.response_ms, report.redirects = result.elapsed_ms, result.chain.urls[1:]
    if options.grade and grade_cache is None:
        report.grade = grade_host(url, options, {url: result})
    elif options.grade:
        report.grade = grade_cache.get(scan_origins(url, options), lambda: grade_host(url, options))
    return report


def _uses_tls(result: ChainResult, url: str) -> bool:
    return url.startswith("https:") or result.cert_der is not None or result.cert_error is not None


# -- many probes --------------------------------------------------------------------------------------


class OnceCache:
    """Compute a value once per key even when several threads ask at the same time (the grade
    of a host shared by several applications in one batch)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._locks: dict = defaultdict(threading.Lock)
        self._values: dict = {}

    def get(self, key, compute):
        with self._lock:
            key_lock = self._locks[key]
        with key_lock:
            if key not in self._values:
                self._values[key] = compute()
            return self._values[key]


class Politeness:
    """At most one probe per host at a time, and `gap` seconds between two probes of a host."""

    def __init__(self, gap: float):
        self.gap = gap
        self._lock = threading.Lock()
        self._locks: dict = defaultdict(threading.Lock)
        self._last: dict = {}

    def run(self, host: str, work):
        with self._lock:
            host_lock = self._locks[host]
        with host_lock:
            wait_for = self._last.get(host, 0.0) + self.gap - time.monotonic()
            if wait_for > 0:
                time.sleep(wait_for)
            try:
                return work()
            finally:
                self._last[host] = time.monotonic()


def host_of(url: str) -> str:
    """The lower-cased host of a URL ("" for one that does not parse)."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def interleave_by_host(items: Iterable[tuple[str, object]]) -> list[tuple[str, object]]:
    """(url, tag) pairs reordered round-robin across hosts, so workers rarely wait on one host."""
    queues: dict[str, deque] = defaultdict(deque)
    for url, tag in items:
        queues[host_of(url)].append((url, tag))
    ordered = []
    while queues:
        for host in list(queues):
            ordered.append(queues[host].popleft())
            if not queues[host]:
                del queues[host]
    return ordered


def probe_many(
    items: Iterable[tuple[str, object]],
    options: ProbeOptions = ProbeOptions(),
    workers: int = 16,
    gap: float = 0.5,
) -> Iterator[tuple[object, ProbeReport]]:
    """Probe (url, tag) pairs with at most `workers` at once; yield (tag, report) as each ends.
    Only about 2 × workers probes are in flight, so memory stays flat however long the list."""
    politeness, grades = Politeness(gap), OnceCache()
    pending = deque(interleave_by_host(items))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="probe") as pool:
        running = set()
        while pending or running:
            while pending and len(running) < 2 * workers:
                url, tag = pending.popleft()
                future = pool.submit(
                    politeness.run, host_of(url), lambda u=url: probe_url(u, options, grades)
                )
                future.tag = tag
                running.add(future)
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.tag, future.result()
