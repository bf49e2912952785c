"""What the header grader needs from raw web material: HTML facts, cookies, registrable domains
and the HSTS preload list. Pure: no Django, no network.

These mirror the parts of the MDN HTTP Observatory's retriever that matter for scoring (see
../shared/portfolio/observatory-scoring.md): meta CSP and referrer tags, `<script>` elements, a
lenient cookie jar, the public suffix list (for "same site" scripts) and Chromium's preload list.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

DATA_DIR = Path(__file__).resolve().parent / "data"
HTML_TYPES = {"text/html", "application/xhtml+xml"}


# -- HTML -----------------------------------------------------------------------------------------


@dataclass
class Script:
    src: str | None  # None for an inline script (no or empty src attribute)
    integrity: str | None


@dataclass
class HtmlFacts:
    csp_metas: list[str] = field(default_factory=list)
    referrer_meta: str | None = None
    scripts: list[Script] = field(default_factory=list)
    parse_error: bool = False


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = HtmlFacts()

    def handle_starttag(self, tag, attrs):
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            equiv = values.get("http-equiv", "").strip().lower()
            if equiv == "content-security-policy" and "content" in values:
                self.facts.csp_metas.append(values["content"])
            if values.get("name", "").strip().lower() == "referrer" and "content" in values:
                self.facts.referrer_meta = values["content"]
        elif tag == "script":
            self.facts.scripts.append(
                Script(src=values.get("src") or None, integrity=values.get("integrity") or None)
            )

    handle_startendtag = handle_starttag


def parse_html(text: str) -> HtmlFacts:
    """Meta CSPs, the last meta referrer and every script element. The standard library parser
    is forgiving; if it still gives up, the page counts as unparseable."""
    collector = _Collector()
    try:
        collector.feed(text)
        collector.close()
    except Exception:  # any failure of the parser means "not parseable", whatever its type
        return HtmlFacts(parse_error=True)
    return collector.facts


# -- cookies --------------------------------------------------------------------------------------


@dataclass
class Cookie:
    name: str
    value: str
    domain: str
    path: str
    secure: bool = False
    http_only: bool = False
    same_site: str | None = None  # "lax", "strict", "none" or None (absent or unknown value)


def _default_path(url_path: str) -> str:
    if not url_path.startswith("/") or url_path.count("/") <= 1:
        return "/"
    return url_path[: url_path.rindex("/")]


def _domain_matches(host: str, domain: str) -> bool:
    return host == domain or (host.endswith("." + domain) and not _is_ip(host))


def parse_set_cookie(line: str, request_url: str) -> Cookie | None:
    """One Set-Cookie line as a lenient jar stores it; None if a jar would refuse it (no name
    after filtering is left to the grader; a Domain the host does not belong to is refused)."""
    parts = line.split(";")
    first = parts[0]
    name, _sep, value = first.partition("=") if "=" in first else ("", "", first)
    url = urlsplit(request_url)
    host = (url.hostname or "").lower()
    cookie = Cookie(name=name.strip(), value=value.strip(), domain=host, path=_default_path(url.path or "/"))
    for part in parts[1:]:
        key, _sep, attr = part.partition("=")
        key, attr = key.strip().lower(), attr.strip()
        if key == "secure":
            cookie.secure = True
        elif key == "httponly":
            cookie.http_only = True
        elif key == "samesite":
            cookie.same_site = attr.lower() if attr.lower() in ("lax", "strict", "none") else None
        elif key == "domain" and attr:
            domain = attr.lstrip(".").lower()
            if not _domain_matches(host, domain):
                return None
            cookie.domain = domain
        elif key == "path" and attr.startswith("/"):
            cookie.path = attr
    return cookie


class CookieJar:
    """Cookies by (domain, path, name); a later Set-Cookie replaces an earlier one."""

    def __init__(self):
        self._cookies: dict[tuple[str, str, str], Cookie] = {}

    def add(self, line: str, request_url: str) -> None:
        cookie = parse_set_cookie(line, request_url)
        if cookie is not None:
            self._cookies[(cookie.domain, cookie.path, cookie.name)] = cookie

    def cookies(self) -> list[Cookie]:
        return list(self._cookies.values())


def invalid_samesite(line: str) -> bool:
    """A raw Set-Cookie line whose SameSite attribute is empty or not lax/strict/none."""
    for part in line.strip().split(";"):
        key, *rest = part.strip().split("=")
        if key.strip().lower() == "samesite":
            value = rest[0] if rest else ""
            if not value or value.strip().lower() not in ("lax", "strict", "none"):
                return True
    return False


# -- registrable domain (public suffix list) ------------------------------------------------------


def _is_ip(host: str) -> bool:
    try:
        ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def _suffix_rules() -> tuple[frozenset, frozenset, frozenset]:
    """(normal, wildcard, exception) rules from data/public_suffix_list.dat."""
    normal, wildcard, exception = set(), set(), set()
    for raw in (DATA_DIR / "public_suffix_list.dat").read_text(encoding="utf-8").splitlines():
        rule = raw.strip().lower()
        if not rule or rule.startswith("//"):
            continue
        if rule.startswith("!"):
            exception.add(rule[1:])
        elif rule.startswith("*."):
            wildcard.add(rule[2:])
        else:
            normal.add(rule)
    return frozenset(normal), frozenset(wildcard), frozenset(exception)


def registrable_domain(host: str) -> str | None:
    """eTLD+1 of a host name ("dinkes.sukamaju.go.id" → "sukamaju.go.id"); None for an IP address,
    a single label or a bare public suffix. Unknown top-level domains count as one-label suffixes
    (the list's default rule)."""
    host = host.strip(".").lower()
    if not host or _is_ip(host):
        return None
    labels = host.split(".")
    normal, wildcard, exception = _suffix_rules()
    suffix_len = 1
    for i in range(len(labels)):
        candidate = ".".join(labels[i:])
        parent = ".".join(labels[i + 1 :])
        if candidate in exception:
            suffix_len = len(labels) - i - 1
            break
        if candidate in normal or (parent and parent in wildcard):
            suffix_len = len(labels) - i
            break
    if len(labels) <= suffix_len:
        return None
    return ".".join(labels[-(suffix_len + 1) :])


# -- HSTS preload list ----------------------------------------------------------------------------


class PreloadList:
    """Chromium's HSTS preload list (`transport_security_state_static.json` format: entries with
    name, mode and include_subdomains)."""

    def __init__(self, entries: list[dict]):
        self.force_https = {e["name"].lower() for e in entries if e.get("mode") == "force-https"}
        self.with_subdomains = {
            e["name"].lower()
            for e in entries
            if e.get("mode") == "force-https" and e.get("include_subdomains")
        }

    @classmethod
    def from_file(cls, path: Path) -> "PreloadList":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["entries"] if isinstance(data, dict) else data)

    def __contains__(self, host: str) -> bool:
        host = (host or "").strip(".").lower()
        if host in self.force_https:
            return True
        labels = host.split(".")
        return any(".".join(labels[i:]) in self.with_subdomains for i in range(1, len(labels)))


@lru_cache(maxsize=1)
def default_preload_list() -> PreloadList:
    return PreloadList.from_file(DATA_DIR / "hsts_preload.json")
