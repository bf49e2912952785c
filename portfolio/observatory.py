"""Security-header grading exactly as the MDN HTTP Observatory (scanner 1.4.8, algorithm v4) does
it, from what the probe fetched. Pure: no Django, no network; `observatory_text` explains each
outcome in Indonesian.

The specification is ../shared/portfolio/observatory-scoring.md: the ten tests, their outcome
identifiers and modifiers, the bonus rule and the grade bands. Known scanner quirks are matched on
purpose and noted where they happen. Where the specification and the scanner's code disagree, the
code wins; docs/observatory-notes.md lists those cases, and tools/observatory_compare/ checks the
agreement against the scanner itself.

Input: a `Scan` — the HTTP chain and the HTTPS chain (each the responses it went through, in
order, and whether its certificate was verified) plus the CORS preflight response.
"""

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from portfolio.cspparse import CspError, parse_csp
from portfolio.webparse import (
    HTML_TYPES,
    CookieJar,
    HtmlFacts,
    default_preload_list,
    invalid_samesite,
    js_trim,
    page_text,
    parse_html,
    parse_url,
    reflect_script_src,
    registrable_domain,
)

TEST_NAMES = [
    "content-security-policy",
    "cookies",
    "cross-origin-resource-sharing",
    "redirection",
    "referrer-policy",
    "strict-transport-security",
    "subresource-integrity",
    "x-content-type-options",
    "x-frame-options",
    "cross-origin-resource-policy",
]

# Outcome → score modifier (the scanner's SCORE_TABLE for the outcomes these ten tests produce).
MODIFIERS = {
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-implemented-but-duplicate-directives": 0,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    "redirection-all-redirects-preloaded": 0,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    "redirection-invalid-cert": -20,
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    "hsts-preloaded": 5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    "hsts-invalid-cert": -20,
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    "html-not-parseable": -20,
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    "corp-implemented-with-same-site": 10,
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-cross-origin": 0,
    "corp-header-invalid": -5,
    "corp-not-implemented": 0,
}

GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_AXIOS_DROP = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]+")
_AXIOS_TRIM = re.compile(r"^[ \t]+|[ \t]+$")
MAX_REDIRECTS = 10


# -- input ----------------------------------------------------------------------------------------


@dataclass
class Response:
    url: str
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)  # raw header lines, in order
    body: str = ""

    def values(self, name: str) -> list[str]:
        """The values of a header, as axios hands them on: control characters removed, spaces and
        tabs trimmed."""
        name = name.lower()
        return [_AXIOS_TRIM.sub("", _AXIOS_DROP.sub("", v)) for k, v in self.headers if k.lower() == name]

    def header(self, name: str) -> str | None:
        """Repeated lines joined with ", " (as the scanner sees them); None when absent."""
        values = self.values(name)
        return ", ".join(values) if values else None

    @property
    def mime(self) -> str:
        """The media type exactly as the scanner compares it: the first Content-Type, up to ";",
        neither trimmed nor lower-cased ("text/html ; charset=utf-8" is not HTML there)."""
        values = self.values("content-type")
        return values[0].split(";")[0] if values else ""


@dataclass
class Chain:
    """One fetch chain: the responses in the order met (the last is the chain's answer); empty
    when the chain failed. `verified` is False when a certificate error made it start over
    without verification."""

    responses: list[Response] = field(default_factory=list)
    verified: bool = True
    side_responses: list[Response] = field(default_factory=list)

    @property
    def final(self) -> Response | None:
        return self.responses[-1] if self.responses else None

    @property
    def urls(self) -> list[str]:
        return [r.url for r in self.responses]

    def jar(self) -> CookieJar:
        """Set-Cookie of every response met, side requests (robots.txt) included."""
        jar = CookieJar()
        for response in self.responses + self.side_responses:
            for line in response.values("set-cookie"):
                jar.add(line, response.url)
        return jar


@dataclass
class Scan:
    host: str
    http: Chain
    https: Chain
    preflight: Response | None = None
    preloaded: Container[str] = field(default_factory=default_preload_list)

    @property
    def primary_chain(self) -> Chain:
        return self.https if self.https.final is not None else self.http

    @property
    def primary(self) -> Response | None:
        return self.primary_chain.final

    @property
    def over_https(self) -> bool:
        """The scanner asks the *starting* URL of the primary chain, so this means "the HTTPS
        chain answered", wherever its redirects led."""
        return self.https.final is not None

    def html(self) -> HtmlFacts | None:
        """The primary response parsed as a document (scripts), when its type is HTML."""
        if self.primary is None or self.primary.mime not in HTML_TYPES:
            return None
        return parse_html(page_text(self.primary.body))

    def metas(self) -> HtmlFacts:
        """Meta CSP and referrer tags, found as the scanner's retriever finds them: only in an
        HTML response with a body, parsed as a fragment."""
        if self.primary is None or self.primary.mime not in HTML_TYPES:
            return HtmlFacts()
        text = page_text(self.primary.body)
        return parse_html(text, fragment=True) if text else HtmlFacts()


# -- output ---------------------------------------------------------------------------------------


class ScanFailed(Exception):
    """The scanner itself would stop with an error (no grade), e.g. on a script URL it cannot
    parse after having taken it for an absolute one."""


@dataclass
class TestResult:
    name: str
    result: str
    passed: bool
    data: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def modifier(self) -> int:
        return MODIFIERS[self.result]


@dataclass
class Grade:
    score: int | None
    grade: str | None
    tests: dict[str, TestResult]
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def tests_passed(self) -> int:
        return sum(1 for t in self.tests.values() if t.passed)

    @property
    def tests_failed(self) -> int:
        return len(TEST_NAMES) - self.tests_passed


def _result(name: str, result: str, passing: set[str], **data) -> TestResult:
    return TestResult(name=name, result=result, passed=result in passing, data=data)


# -- 1. content-security-policy ---------------------------------------------------------------------

BROAD = {"*", "http:", "https:", "ftp:", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE = BROAD | {"'unsafe-inline'", "data:"}
NONCE_HASH_PREFIXES = ("'nonce-", "'sha256-", "'sha384-", "'sha512-")
META_DISALLOWED = ("frame-ancestors", "report-uri", "sandbox")
CSP_PASSING = {
    "csp-implemented-with-no-unsafe-default-src-none",
    "csp-implemented-with-no-unsafe",
    "csp-implemented-with-unsafe-inline-in-style-src-only",
    "csp-implemented-with-insecure-scheme-in-passive-content-only",
    "csp-implemented-but-duplicate-directives",
}


def _has_nonce_or_hash(sources: set[str]) -> bool:
    return any(s.startswith(NONCE_HASH_PREFIXES) for s in sources)


def _insecure(sources) -> bool:
    return any(s.startswith(("http:", "ftp:")) for s in sources)


def _csp_lists(csp: dict[str, set]) -> tuple[set, set, set, bool]:
    """Effective script-src, style-src and object-src after the nonce/hash and strict-dynamic
    rules, changing `csp` as the scanner does; the flag says 'strict-dynamic' came without a
    nonce or hash.

    In the scanner a list that falls back to default-src *is* the default-src set, not a copy,
    so removing sources from script-src for 'strict-dynamic' also removes them from default-src
    and from every other list that falls back to it (style-src, object-src, the passive lists).
    `default-src 'nonce-a' 'strict-dynamic' https:` therefore scores +5 there, not the -20 a
    literal reading of "each falls back to default-src" gives. Sharing the set reproduces that.
    """
    default = csp.get("default-src")
    script, style, obj = (csp.get(d, default) for d in ("script-src", "style-src", "object-src"))
    script, style, obj = (s if s is not None else {"*"} for s in (script, style, obj))
    for sources in (script, style):
        if _has_nonce_or_hash(sources):
            sources.discard("'unsafe-inline'")
    invalid_dynamic = False
    if "'strict-dynamic'" in script and _has_nonce_or_hash(script):
        for source in list(script):
            if source in ("'self'", "'unsafe-inline'") or source.startswith(tuple(BROAD)):
                script.discard(source)
    elif "'strict-dynamic'" in script:
        invalid_dynamic = True
    return script, style, obj, invalid_dynamic


def _csp_outcome(csp: dict[str, set], over_https: bool) -> str:
    """The first of the scanner's rules that matches; `csp` is changed as in `_csp_lists`."""
    script, style, obj, invalid_dynamic = _csp_lists(csp)
    active = [
        s for d, sources in csp.items() if d not in ("img-src", "media-src", "script-src") for s in sources
    ]
    active += list(script)
    passive = [s for d in ("img-src", "media-src") for s in csp.get(d, csp.get("default-src", set()))]
    if invalid_dynamic:
        return "csp-header-invalid"
    if script & UNSAFE or obj & BROAD:
        return "csp-implemented-with-unsafe-inline"
    if over_https and _insecure(active):
        return "csp-implemented-with-insecure-scheme"
    if "'unsafe-eval'" in script | style:
        return "csp-implemented-with-unsafe-eval"
    if over_https and _insecure(passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only"
    if style & UNSAFE:
        return "csp-implemented-with-unsafe-inline-in-style-src-only"
    if csp.get("default-src") == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none"
    return "csp-implemented-with-no-unsafe"


def _parsed_or_empty(policies: list[str]) -> tuple[dict, set]:
    try:
        return parse_csp(policies)
    except CspError:
        return {}, set()


def csp_test(scan: Scan, metas: HtmlFacts) -> TestResult:
    name = "content-security-policy"
    response = scan.primary
    header = response.header("content-security-policy") if response else None
    http_policies = [header] if header is not None else []
    try:
        csp, duplicates = parse_csp(http_policies + metas.csp_metas)
    except CspError:
        return _result(name, "csp-header-invalid", CSP_PASSING)
    header_only = _parsed_or_empty(http_policies)
    meta_only = _parsed_or_empty(metas.csp_metas)
    # The scanner counts entries of its parsed map, and its map also holds the noted duplicates:
    # a meta tag with only two report-uri directives still "implements" a CSP there.
    meta_directives = set(meta_only[0]) - set(META_DISALLOWED)
    if not header_only[0] and not meta_directives and not meta_only[1]:
        reporting = bool(response and response.header("content-security-policy-report-only"))
        outcome = "csp-not-implemented-but-reporting-enabled" if reporting else "csp-not-implemented"
        return _result(name, outcome, CSP_PASSING)
    outcome = _csp_outcome(csp, scan.over_https)
    if outcome in CSP_PASSING and duplicates:
        outcome = "csp-implemented-but-duplicate-directives"
    return _result(name, outcome, CSP_PASSING, policy={d: sorted(s) for d, s in csp.items()})


# -- 2. cookies -----------------------------------------------------------------------------------

COOKIE_SEVERITY = [
    "cookies-without-secure-flag-but-protected-by-hsts",
    "cookies-without-secure-flag",
    "cookies-session-without-secure-flag-but-protected-by-hsts",
    "cookies-samesite-flag-invalid",
    "cookies-anticsrf-without-samesite-flag",
    "cookies-session-without-httponly-flag",
    "cookies-session-without-secure-flag",
]
COOKIE_PASSING = {
    "cookies-not-found",
    "cookies-secure-with-httponly-sessions-and-samesite",
    "cookies-secure-with-httponly-sessions",
}


def _worse(current: str | None, new: str, order: list[str]) -> str:
    if current is None or order.index(new) > order.index(current):
        return new
    return current


def _cookie_problems(cookie, hsts: bool) -> list[str]:
    name = cookie.name.lower()
    session = "sess" in name or "login" in name
    problems = []
    if cookie.same_site == "none" and not cookie.secure:
        problems.append("cookies-samesite-flag-invalid")
    if not cookie.secure:
        problems.append(
            "cookies-without-secure-flag-but-protected-by-hsts" if hsts else "cookies-without-secure-flag"
        )
    if "csrf" in name and not cookie.same_site:
        problems.append("cookies-anticsrf-without-samesite-flag")
    if session and not cookie.secure:
        problems.append(
            "cookies-session-without-secure-flag-but-protected-by-hsts"
            if hsts
            else "cookies-session-without-secure-flag"
        )
    if session and not cookie.http_only:
        problems.append("cookies-session-without-httponly-flag")
    return problems


def cookies_test(scan: Scan, hsts_passed: bool) -> TestResult:
    name = "cookies"
    cookies = [
        c for c in scan.primary_chain.jar().cookies() if c.name and c.name != "heroku-session-affinity"
    ]
    if not cookies:
        return _result(name, "cookies-not-found", COOKIE_PASSING)
    outcome = None
    raw = scan.primary.values("set-cookie") if scan.primary else []
    if any(invalid_samesite(line) for line in raw):
        outcome = "cookies-samesite-flag-invalid"
    for cookie in cookies:
        for problem in _cookie_problems(cookie, hsts_passed):
            outcome = _worse(outcome, problem, COOKIE_SEVERITY)
    if outcome is None:
        all_samesite = all(c.same_site for c in cookies)
        outcome = (
            "cookies-secure-with-httponly-sessions-and-samesite"
            if all_samesite
            else "cookies-secure-with-httponly-sessions"
        )
    return _result(name, outcome, COOKIE_PASSING, cookies=sorted(c.name for c in cookies))


# -- 3. cross-origin-resource-sharing -------------------------------------------------------------

CORS_PASSING = {
    "cross-origin-resource-sharing-not-implemented",
    "cross-origin-resource-sharing-implemented-with-public-access",
    "cross-origin-resource-sharing-implemented-with-restricted-access",
}
CORS_ORIGIN = "https://http-observatory.security.mozilla.org"


def cors_test(scan: Scan) -> TestResult:
    name = "cross-origin-resource-sharing"
    acao = scan.preflight.header("access-control-allow-origin") if scan.preflight else None
    if not acao:
        return _result(name, "cross-origin-resource-sharing-not-implemented", CORS_PASSING)
    value = js_trim(acao[:256]).lower()
    if value == "*":
        return _result(name, "cross-origin-resource-sharing-implemented-with-public-access", CORS_PASSING)
    result = _result(name, "cross-origin-resource-sharing-implemented-with-restricted-access", CORS_PASSING)
    credentials = (scan.preflight.header("access-control-allow-credentials") or "").strip().lower()
    if acao.strip() == CORS_ORIGIN and credentials == "true":
        # Scanner quirk (1.4.8): the universal-access outcome never triggers, so this scores 0.
        result.warnings.append("cors-origin-echoed-with-credentials")
    return result


# -- 4. redirection -------------------------------------------------------------------------------

REDIRECTION_PASSING = {
    "redirection-not-needed-no-http",
    "redirection-all-redirects-preloaded",
    "redirection-to-https",
}


def _redirection_outcome(scan: Scan) -> str:
    chain = scan.http
    if chain.final is None:
        return "redirection-not-needed-no-http"
    if not chain.verified:
        return "redirection-invalid-cert"
    route = [urlsplit(u) for u in chain.urls]
    if all((u.hostname or "") in scan.preloaded for u in route):
        return "redirection-all-redirects-preloaded"
    if len(route) == 1:
        return "redirection-missing"
    if route[-1].scheme != "https":
        return "redirection-not-to-https"
    if route[1].scheme == "http":
        return "redirection-not-to-https-on-initial-redirection"
    if route[0].scheme == "http" and route[1].scheme == "https" and route[0].hostname != route[1].hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


def redirection_test(scan: Scan) -> TestResult:
    return _result("redirection", _redirection_outcome(scan), REDIRECTION_PASSING, route=scan.http.urls)


# -- 5. referrer-policy ---------------------------------------------------------------------------

REFERRER_PRIVATE = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]
REFERRER_UNSAFE = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"]
REFERRER_PASSING = {"referrer-policy-private", "referrer-policy-not-implemented"}


def referrer_test(scan: Scan, metas: HtmlFacts) -> TestResult:
    name = "referrer-policy"
    values = []
    if scan.primary is not None and scan.primary.header("referrer-policy") is not None:
        values.append(scan.primary.header("referrer-policy"))
    if metas.referrer_meta is not None:
        values.append(metas.referrer_meta)
    if not values:
        return _result(name, "referrer-policy-not-implemented", REFERRER_PASSING)
    tokens = [js_trim(t.lower()) for t in ", ".join(values).split(",")]
    known = [t for t in tokens if t in REFERRER_PRIVATE + REFERRER_UNSAFE]
    policy = known[-1] if known else ""
    if policy in REFERRER_PRIVATE:
        outcome = "referrer-policy-private"
    elif policy in REFERRER_UNSAFE:
        outcome = "referrer-policy-unsafe"
    else:
        outcome = "referrer-policy-header-invalid"
    return _result(name, outcome, REFERRER_PASSING, policy=policy)


# -- 6. strict-transport-security -----------------------------------------------------------------

SIX_MONTHS = 15_552_000
HSTS_PASSING = {"hsts-implemented-max-age-at-least-six-months", "hsts-preloaded"}


def _js_parse_int(text: str) -> int | None:
    """JavaScript parseInt(text, 10): leading whitespace, optional sign, digits; None for NaN."""
    stripped = js_trim(text)
    sign, digits = (-1, stripped[1:]) if stripped.startswith("-") else (1, stripped.removeprefix("+"))
    number = ""
    for char in digits:
        if not char.isascii() or not char.isdigit():
            break
        number += char
    return sign * int(number) if number else None


def _hsts_header_outcome(value: str) -> str:
    value = value[:1024]
    if "," in value:
        return "hsts-header-invalid"
    max_age, seen = None, False
    for part in (js_trim(p).lower() for p in value.split(";")):
        if part.startswith("max-age="):
            max_age, seen = _js_parse_int(part[8:128]), True
    if not seen:
        return "hsts-header-invalid"
    # Quirk: a max-age that is not a number (NaN) is never "less than", so it passes.
    if max_age is not None and max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


def hsts_test(scan: Scan) -> TestResult:
    name = "strict-transport-security"
    response = scan.https.final
    if response is None:
        return _result(name, "hsts-not-implemented-no-https", HSTS_PASSING)
    if not scan.https.verified:
        outcome = "hsts-invalid-cert"
    elif response.header("strict-transport-security") is None:
        outcome = "hsts-not-implemented"
    else:
        outcome = _hsts_header_outcome(response.header("strict-transport-security"))
    if scan.host in scan.preloaded:
        outcome = "hsts-preloaded"
    return _result(name, outcome, HSTS_PASSING)


# -- 7. subresource-integrity ---------------------------------------------------------------------

SRI_SEVERITY = [
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-implemented-but-external-scripts-not-loaded-securely",
    "sri-not-implemented-but-external-scripts-loaded-securely",
    "sri-not-implemented-and-external-scripts-not-loaded-securely",
    "sri-not-implemented-response-not-html",
]
SRI_PASSING = {
    "sri-implemented-and-all-scripts-loaded-securely",
    "sri-implemented-and-external-scripts-loaded-securely",
    "sri-not-implemented-response-not-html",
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
    "sri-not-implemented-but-no-scripts-loaded",
}


_RELATIVE_PROTOCOL = re.compile(r"//[^/]")
_FULL_URL = re.compile(r"https?://")


def _classify_script(raw_src: str, host: str, over_https: bool) -> tuple[bool, bool]:
    """(foreign, secure) for a script's src attribute as the scanner sees it: through jsdom's
    `script.src` (resolved against no base URL), then its regular expressions and tldts.
    Raises ScanFailed where the scanner's `new URL(script.src)` throws."""
    src = reflect_script_src(raw_src)
    if _RELATIVE_PROTOCOL.match(src):
        return True, False
    if _FULL_URL.match(src):
        url = parse_url(src)
        if url is None:
            raise ScanFailed(f"URL skrip tidak dapat diurai: {raw_src!r}")
        same_site = registrable_domain(url.hostname) == registrable_domain(host)
        return not same_site, url.scheme == "https"
    return False, over_https


def _sri_script_outcome(outcome: str | None, integrity: bool, foreign: bool, secure: bool) -> str | None:
    if not foreign:
        # Same-origin scripts are never penalised; SRI on one earns the bonus.
        return outcome or (
            "sri-implemented-and-all-scripts-loaded-securely" if integrity and secure else None
        )
    if integrity and not secure:
        return _worse(outcome, "sri-implemented-but-external-scripts-not-loaded-securely", SRI_SEVERITY)
    if not integrity and secure:
        return _worse(outcome, "sri-not-implemented-but-external-scripts-loaded-securely", SRI_SEVERITY)
    if not integrity:
        return _worse(outcome, "sri-not-implemented-and-external-scripts-not-loaded-securely", SRI_SEVERITY)
    return outcome


def sri_test(scan: Scan, html: HtmlFacts | None) -> TestResult:
    name = "subresource-integrity"
    if scan.primary is None or html is None:
        return _result(name, "sri-not-implemented-response-not-html", SRI_PASSING)
    if not html.scripts:
        return _result(name, "sri-not-implemented-but-no-scripts-loaded", SRI_PASSING)
    outcome, any_foreign = None, False
    for script in html.scripts:
        if not reflect_script_src(script.src or ""):
            continue  # no src, or one that reflects as "" (jsdom's falsy script.src)
        foreign, secure = _classify_script(script.src, scan.host, scan.over_https)
        any_foreign = any_foreign or foreign
        outcome = _sri_script_outcome(outcome, bool(script.integrity), foreign, secure)
    if outcome is None:
        outcome = (
            "sri-implemented-and-external-scripts-loaded-securely"
            if any_foreign
            else "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
        )
    return _result(name, outcome, SRI_PASSING)


# -- 8.–10. simple headers --------------------------------------------------------------------------


def xcto_test(scan: Scan) -> TestResult:
    passing = {"x-content-type-options-nosniff"}
    value = scan.primary.header("x-content-type-options") if scan.primary else None
    if not value:
        outcome = "x-content-type-options-not-implemented"
    elif js_trim(value[:256]).lower() == "nosniff":
        outcome = "x-content-type-options-nosniff"
    else:
        outcome = "x-content-type-options-header-invalid"
    return _result("x-content-type-options", outcome, passing)


def xfo_test(scan: Scan, csp: TestResult) -> TestResult:
    passing = {
        "x-frame-options-implemented-via-csp",
        "x-frame-options-sameorigin-or-deny",
        "x-frame-options-allow-from-origin",
    }
    value = scan.primary.header("x-frame-options") if scan.primary else None
    if not value:
        outcome = "x-frame-options-not-implemented"
    elif js_trim(value[:1024].lower()) in ("deny", "sameorigin"):
        outcome = "x-frame-options-sameorigin-or-deny"
    elif js_trim(value[:1024].lower()).startswith("allow-from"):
        outcome = "x-frame-options-allow-from-origin"
    else:
        outcome = "x-frame-options-header-invalid"
    if "frame-ancestors" in csp.data.get("policy", {}):
        outcome = "x-frame-options-implemented-via-csp"  # whatever the directive's value
    return _result("x-frame-options", outcome, passing)


def corp_test(scan: Scan) -> TestResult:
    passing = {
        "corp-implemented-with-same-site",
        "corp-implemented-with-same-origin",
        "corp-implemented-with-cross-origin",
        "corp-not-implemented",
    }
    value = scan.primary.header("cross-origin-resource-policy") if scan.primary else None
    outcomes = {
        "same-site": "corp-implemented-with-same-site",
        "same-origin": "corp-implemented-with-same-origin",
        "cross-origin": "corp-implemented-with-cross-origin",
    }
    if not value:
        outcome = "corp-not-implemented"
    else:
        outcome = outcomes.get(js_trim(value[:256]).lower(), "corp-header-invalid")
    return _result("cross-origin-resource-policy", outcome, passing)


# -- grading --------------------------------------------------------------------------------------


def grade_for(score: int) -> str:
    """Letter grade: the score rounded down to a multiple of 5, capped at 100."""
    banded = min(max(score, 0) // 5 * 5, 100)
    return next(letter for floor, letter in GRADES if banded >= floor)


def final_score(modifiers: list[int]) -> int:
    """100 plus every modifier; bonuses count only if the penalties alone leave 90 or more."""
    full = 100 + sum(modifiers)
    penalty_only = 100 + sum(m for m in modifiers if m < 0)
    return max(full if penalty_only >= 90 else penalty_only, 0)


def gate_error(scan: Scan) -> str | None:
    """Why the scan gives no grade (no response, or a status outside 2xx/3xx/401/403)."""
    if scan.primary is None:
        return "site-down"
    status = scan.primary.status
    if not (200 <= status < 400 or status in (401, 403)):
        return f"status-{status}"
    return None


def run_tests(scan: Scan) -> dict[str, TestResult]:
    """The ten tests; raises ScanFailed where the scanner would stop."""
    metas = scan.metas()
    csp = csp_test(scan, metas)
    hsts = hsts_test(scan)
    tests = [
        csp,
        cookies_test(scan, hsts.passed),
        cors_test(scan),
        redirection_test(scan),
        referrer_test(scan, metas),
        hsts,
        sri_test(scan, scan.html()),
        xcto_test(scan),
        xfo_test(scan, csp),
        corp_test(scan),
    ]
    return {t.name: t for t in tests}


def grade(scan: Scan) -> Grade:
    error = gate_error(scan)
    if error:
        return Grade(score=None, grade=None, tests={}, error=error)
    try:
        tests = run_tests(scan)
    except ScanFailed:
        return Grade(score=None, grade=None, tests={}, error="scan-failed")
    score = final_score([t.modifier for t in tests.values()])
    warnings = [w for t in tests.values() for w in t.warnings]
    if scan.https.final is not None and not scan.https.verified:
        warnings.append("certificate-invalid")
    return Grade(score=score, grade=grade_for(score), tests=tests, warnings=warnings)


def as_dict(result: Grade, explain: Callable[[str], str] | None = None) -> dict:
    """The JSON shape of `manage.py probe`: score, grade, tests (or error)."""
    if result.error:
        return {"error": result.error}
    tests = {}
    for name in TEST_NAMES:
        test = result.tests[name]
        tests[name] = {"pass": test.passed, "result": test.result, "modifier": test.modifier}
        if explain is not None:
            tests[name]["explanation"] = explain(test.result)
    return {"score": result.score, "grade": result.grade, "tests": tests}
