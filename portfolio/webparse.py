"""What the header grader needs from raw web material, read the way the MDN HTTP Observatory's
scanner (1.4.8, Node.js) reads it: URLs (WHATWG), HTML (meta tags and `<script>` elements as
jsdom finds them), cookies (as its tough-cookie jar keeps them), registrable domains (as tldts
computes them) and Chromium's HSTS preload list. Pure: no Django, no network.

Where JavaScript and Python disagree on small things (what "whitespace" is, how a string is
trimmed), the JavaScript meaning is used, because the grade must match the scanner's.
"""

import importlib.resources
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from ipaddress import IPv6Address
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

import hstspreload
import idna

DATA_DIR = Path(__file__).resolve().parent / "data"
HTML_TYPES = {"text/html", "application/xhtml+xml"}

# -- JavaScript string semantics --------------------------------------------------------------------

_JS_SPACE = "[\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
_JS_TRIM = re.compile(f"^{_JS_SPACE}+|{_JS_SPACE}+$")
_JS_SPLIT = re.compile(f"{_JS_SPACE}+")


def js_trim(text: str) -> str:
    """String.prototype.trim (its whitespace set differs from str.strip's)."""
    return _JS_TRIM.sub("", text)


def js_split_whitespace(text: str) -> list[str]:
    """text.split(/\\s+/)."""
    return _JS_SPLIT.split(text)


def js_length(text: str) -> int:
    """String length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def page_text(body: str) -> str:
    """The page as the scanner hands it to its HTML parser: axios turns a body that parses as JSON
    into that value, which the parser then meets as String(value) (and not at all when falsy)."""
    try:
        data = json.loads(body, parse_constant=_no_constant)
    except ValueError:
        return body
    return _js_string(data) if data not in (None, False, 0, "") else ""


def _no_constant(name):
    raise ValueError(name)  # JSON.parse knows no NaN or Infinity


def _js_string(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, list):
        return ",".join("" if v is None else _js_string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return value


# -- URLs (WHATWG, as far as http and https go) -----------------------------------------------------

SPECIAL_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_FORBIDDEN_DOMAIN = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_STRIP_C0 = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")


@dataclass(frozen=True)
class WebUrl:
    scheme: str  # "http" or "https"
    host: str  # serialized: lower-case, punycode, "[v6]", dotted IPv4
    port: int | None
    path: str  # with the query, percent-encoded
    userinfo: str = ""

    @property
    def hostname(self) -> str:
        return self.host.strip("[]")

    @property
    def href(self) -> str:
        port = f":{self.port}" if self.port is not None else ""
        user = f"{self.userinfo}@" if self.userinfo else ""
        return f"{self.scheme}://{user}{self.host}{port}{self.path}"


def _ipv4_number(part: str) -> int | None:
    if part[:2].lower() == "0x":
        digits, base = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    if digits == "":
        return 0 if base != 10 else None
    try:
        return int(digits, base) if re.fullmatch(r"[0-9a-fA-F]+", digits) else None
    except ValueError:
        return None


def _ends_in_number(host: str) -> bool:
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    return bool(last) and (
        last.isascii() and last.isdigit() or re.fullmatch(r"0[xX][0-9a-fA-F]*", last) is not None
    )


def _ipv4(host: str) -> str | None:
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    numbers = [_ipv4_number(p) if p else None for p in parts]
    if len(parts) > 4 or None in numbers or any(n > 255 for n in numbers[:-1]):
        return None
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1] + sum(n * 256 ** (3 - i) for i, n in enumerate(numbers[:-1]))
    return ".".join(str(value >> shift & 255) for shift in (24, 16, 8, 0))


def _domain_to_ascii(domain: str) -> str | None:
    if domain.isascii() and "xn--" not in domain.lower():
        return domain.lower()
    try:
        mapped = idna.uts46_remap(domain, std3_rules=False, transitional=False)
        labels = []
        for label in mapped.split("."):
            if label.startswith("xn--"):
                label[4:].encode("ascii").decode("punycode")  # must decode
                labels.append(label)
            else:
                labels.append(label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii"))
    except (UnicodeError, ValueError, idna.IDNAError):
        return None
    return ".".join(labels)


def parse_host(text: str) -> str | None:
    """The WHATWG host parser for a special URL; None on failure."""
    if text.startswith("["):
        if not text.endswith("]"):
            return None
        try:
            return f"[{IPv6Address(text[1:-1]).compressed}]"
        except ValueError:
            return None
    domain = unquote_to_bytes(text).decode("utf-8", errors="replace")
    ascii_domain = _domain_to_ascii(domain)
    if not ascii_domain or _FORBIDDEN_DOMAIN.search(ascii_domain):
        return None
    if _ends_in_number(ascii_domain):
        return _ipv4(ascii_domain)
    return ascii_domain


def _percent_encode(text: str, extra: str) -> str:
    return "".join(
        "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        if ord(ch) > 0x7E or ord(ch) < 0x21 or ch in extra
        else ch
        for ch in text
    )


def _normalize_path(path: str) -> str:
    segments, out = path.split("/")[1:], []
    for i, segment in enumerate(segments):
        lowered = segment.lower().replace("%2e", ".")
        last = i == len(segments) - 1
        if lowered == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        elif lowered == ".":
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/" + "/".join(out)


def _path_and_query(rest: str) -> str:
    rest = rest.split("#", 1)[0]
    path, sep, query = rest.partition("?")
    path = _percent_encode(_normalize_path(path or "/"), '"<>`{}')
    return path + (sep + _percent_encode(query, "\"#<>'") if sep else "")


def _authority(scheme: str, rest: str) -> WebUrl | None:
    rest = rest.lstrip("/")
    end = min([i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0], default=len(rest))
    authority, rest = rest[:end], rest[end:]
    userinfo, at, hostport = authority.rpartition("@")
    if at and not hostport:
        return None
    bracket = hostport.rfind("]")
    colon = hostport.find(":", bracket + 1 if bracket >= 0 else 0)
    host_text, port_text = (hostport, "") if colon < 0 else (hostport[:colon], hostport[colon + 1 :])
    if not host_text or (port_text and not (port_text.isascii() and port_text.isdigit())):
        return None
    port = int(port_text) if port_text else None
    host = parse_host(host_text)
    if host is None or (port is not None and port > 65535):
        return None
    if port == SPECIAL_PORTS[scheme]:
        port = None
    return WebUrl(scheme, host, port, _path_and_query(rest), _percent_encode(userinfo, ""))


def _relative(base: WebUrl, ref: str) -> WebUrl | None:
    if ref.startswith("//"):
        return _authority(base.scheme, ref)
    base_path, _sep, base_query = base.path.partition("?")
    if ref.startswith("/"):
        path = ref
    elif ref.startswith("?"):
        path = base_path + ref
    elif ref == "" or ref.startswith("#"):
        return base
    else:
        path = base_path[: base_path.rfind("/") + 1] + ref
    return WebUrl(base.scheme, base.host, base.port, _path_and_query(path), base.userinfo)


def parse_url(text: str, base: WebUrl | None = None) -> WebUrl | None:
    """`new URL(text, base)` for http(s) results; None when that throws or gives another scheme."""
    text = re.sub("[\t\n\r]", "", _STRIP_C0.sub("", text))
    match = _SCHEME.match(text)
    scheme = match.group(1).lower() if match else None
    if scheme is not None and scheme not in SPECIAL_PORTS:
        return None
    if scheme is None and base is None:
        return None
    rest = text[match.end() :] if match else text
    cut = min([i for i in (rest.find("?"), rest.find("#")) if i >= 0], default=len(rest))
    rest = rest[:cut].replace("\\", "/") + rest[cut:]  # a backslash is a slash, before the query
    if scheme is None:
        return _relative(base, rest)
    if base is not None and scheme == base.scheme and not rest.startswith("//"):
        return _relative(base, rest)
    return _authority(scheme, rest)


def reflect_script_src(raw: str) -> str:
    """What jsdom's `script.src` gives for a src attribute in a page without a URL (the scanner's
    case): the resolved URL, or the attribute's own text when it does not resolve."""
    text = re.sub("[\t\n\r]", "", _STRIP_C0.sub("", raw))
    match = _SCHEME.match(text)
    if match and match.group(1).lower() in SPECIAL_PORTS:
        url = parse_url(raw)
        return url.href if url else raw
    if match:
        return match.group(1).lower() + ":" + text[match.end() :]
    if text.startswith("#"):
        return "about:blank" + text
    return raw


# -- HTML -------------------------------------------------------------------------------------------


@dataclass
class Script:
    src: str | None  # the src attribute as written; None when absent
    integrity: str | None
    foreign: bool = False  # an SVG/MathML script: counted, but it has no `src` property


@dataclass
class HtmlFacts:
    csp_metas: list[str] = field(default_factory=list)
    referrer_meta: str | None = None
    scripts: list[Script] = field(default_factory=list)


RAW_TEXT = {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title", "plaintext"}
FOREIGN = {"svg", "math"}
# SVG and MathML elements whose content is HTML again
INTEGRATION_POINTS = {"svg": {"title", "desc", "foreignobject"}, "math": {"mi", "mo", "mn", "ms", "mtext"}}
# Start tags that end SVG/MathML content (the HTML standard's "breakout" list).
BREAKOUT = {
    *("b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta"),
    *("nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup"),
    *("table", "tt", "u", "ul", "var"),
}


class _Collector(HTMLParser):
    """Tags as an HTML5 parser would see them, near enough for meta and script elements: raw text
    elements hide their content, template content is not part of the document, SVG/MathML
    scripts have no src, the first of repeated attributes counts, and unterminated markup runs to
    the end. `fragment` parses as jsdom's JSDOM.fragment (scripting on: noscript is raw text)."""

    CDATA_CONTENT_ELEMENTS = ()

    def __init__(self, fragment: bool):
        super().__init__(convert_charrefs=True)
        self.facts = HtmlFacts()
        self.raw_text = RAW_TEXT | ({"noscript"} if fragment else set())
        self.template_depth = 0
        self.foreign: list[str] = []  # open svg/math elements, and "html" for an integration point

    @property
    def in_foreign(self) -> bool:
        return bool(self.foreign) and self.foreign[-1] != "html"

    def handle_starttag(self, tag, attrs, self_closing=False):
        values = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        if self.in_foreign and tag in BREAKOUT:
            self.foreign.clear()
        if self.in_foreign:
            if tag == "script" and not self.template_depth:
                self.facts.scripts.append(Script(src=None, integrity=None, foreign=True))
            if not self_closing and tag in FOREIGN:
                self.foreign.append(tag)
            elif not self_closing and tag in INTEGRATION_POINTS[self.foreign[-1]]:
                self.foreign.append("html")
            return
        if tag in FOREIGN:
            self.foreign += [] if self_closing else [tag]
            return
        if tag == "template":
            self.template_depth += 0 if self_closing else 1
        elif not self.template_depth:
            self._element(tag, values)
        if tag in self.raw_text:
            self.set_cdata_mode(tag)
            if tag == "plaintext":
                self.interesting = re.compile(r"(?!)")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        if (
            self.foreign
            and self.foreign[-1] == "html"
            and tag in INTEGRATION_POINTS["svg"] | INTEGRATION_POINTS["math"]
        ):
            self.foreign.pop()
        elif tag in FOREIGN and tag in self.foreign:
            while self.foreign.pop() != tag:
                pass
        elif tag == "template" and self.template_depth and not self.in_foreign:
            self.template_depth -= 1

    def _element(self, tag, values):
        if tag == "meta":
            if "http-equiv" in values and "content" in values:
                equiv = js_trim(values["http-equiv"].lower())
                if values["content"] and equiv == "content-security-policy":
                    self.facts.csp_metas.append(values["content"])
            elif js_trim(values.get("name", "").lower()) == "referrer" and values.get("content"):
                self.facts.referrer_meta = values["content"]
        elif tag == "script":
            self.facts.scripts.append(Script(src=values.get("src"), integrity=values.get("integrity")))

    # The whole page is fed at once, so markup left open runs to the end (as in HTML5), and
    # comments end the HTML5 way.
    def parse_comment(self, i, report=1):
        data, start = self.rawdata, i + 4
        if data.startswith(">", start) or data.startswith("->", start):
            return data.index(">", start) + 1
        ends = [(p, n) for p, n in ((data.find("-->", start), 3), (data.find("--!>", start), 4)) if p >= 0]
        return min(ends)[0] + min(ends)[1] if ends else len(data)

    def parse_html_declaration(self, i):
        if self.in_foreign and self.rawdata.startswith("<![CDATA[", i):
            end = self.rawdata.find("]]>", i + 9)
            return end + 3 if end >= 0 else len(self.rawdata)
        if self.rawdata.startswith("<![", i):
            return self.parse_bogus_comment(i)
        return self._to_end(super().parse_html_declaration(i))

    def parse_bogus_comment(self, i, report=1):
        end = self.rawdata.find(">", i + 2)
        return end + 1 if end >= 0 else len(self.rawdata)

    def parse_starttag(self, i):
        return self._to_end(super().parse_starttag(i))

    def parse_endtag(self, i):
        return self._to_end(super().parse_endtag(i))

    def parse_pi(self, i):
        return self._to_end(super().parse_pi(i))

    def _to_end(self, position):
        return len(self.rawdata) if position < 0 else position


def parse_html(text: str, fragment: bool = False) -> HtmlFacts:
    """Meta CSPs, the last meta referrer and every script element of a page. jsdom parses any
    text, so a failure of the standard library's parser skips the offending character and goes
    on; it never makes the page "unparseable"."""
    collector, offset = _Collector(fragment), 0
    while True:
        try:
            collector.feed(text[offset:])
            collector.close()
            return collector.facts
        except (AssertionError, ValueError, IndexError):
            line, column = collector.getpos()
            start = 0
            for _ in range(line - 1):
                start = text.index("\n", offset + start) + 1 - offset
            offset += start + column + 1
            collector.reset()


# -- cookies (tough-cookie 5, as the scanner's jar: strict parsing, prefixes checked silently) ------


@dataclass
class Cookie:
    name: str
    value: str
    domain: str
    path: str
    secure: bool = False
    http_only: bool = False
    same_site: str | None = None  # "lax", "strict", "none" or None (absent or unknown value)
    host_only: bool = True


_CONTROL = re.compile(r"[\x00-\x1f]")
SPECIAL_USE_DOMAINS = ("local", "example", "invalid", "localhost", "test")


def _cookie_pair(pair: str) -> tuple[str, str] | None:
    for terminator in ("\n", "\r", "\0"):
        pair = pair.split(terminator, 1)[0]
    equals = pair.find("=")
    if equals <= 0:
        return None
    name, value = js_trim(pair[:equals]), js_trim(pair[equals + 1 :])
    return None if _CONTROL.search(name) or _CONTROL.search(value) else (name, value)


def _cookie_attributes(cookie: Cookie, text: str) -> str | None:
    """Apply the attributes; return the Domain attribute (None when absent)."""
    domain = None
    for part in text.split(";"):
        part = js_trim(part)
        if not part:
            continue
        key, sep, value = part.partition("=")
        key, value = js_trim(key).lower(), (js_trim(value) if sep else "")
        if key == "domain" and value.removeprefix("."):
            domain = value.removeprefix(".").lower()
        elif key == "path":
            cookie.path = value if value.startswith("/") else ""
        elif key == "secure":
            cookie.secure = True
        elif key == "httponly":
            cookie.http_only = True
        elif key == "samesite":
            cookie.same_site = value.lower() if value.lower() in ("lax", "strict", "none") else None
    return domain


def _default_path(path: str) -> str:
    if not path.startswith("/") or path.rfind("/") == 0:
        return "/"
    return path[: path.rindex("/")]


def _cookie_suffix_ok(domain: str) -> bool:
    """tough-cookie refuses a Domain attribute that is a public suffix (special-use names aside)."""
    labels = domain.split(".")
    if labels[-1] in SPECIAL_USE_DOMAINS and (len(labels) > 1 or labels[-1] in ("localhost", "invalid")):
        return True
    return registrable_domain(domain, private=True) is not None or ":" in domain


def _domain_matches(host: str, domain: str) -> bool:
    if host == domain:
        return True
    return host.endswith("." + domain) and host.rfind(domain) > 0 and not _is_ip(host)


def parse_set_cookie(line: str, request_url: str) -> Cookie | None:
    """One Set-Cookie line as the scanner's jar stores it, or None when the jar drops it (no
    name=value pair, control characters, a foreign or public-suffix Domain, a __Secure-/__Host-
    prefix whose conditions fail)."""
    text = js_trim(line)
    pair_text, semicolon, attributes = text.partition(";")
    pair = _cookie_pair(pair_text) if text else None
    if pair is None:
        return None
    url = urlsplit(request_url)
    host = (url.hostname or "").lower()
    cookie = Cookie(name=pair[0], value=pair[1], domain=host, path="")
    domain = _cookie_attributes(cookie, attributes) if semicolon else None
    if domain is not None:
        domain = js_trim(domain).removeprefix(".")  # tough-cookie's canonicalDomain strips a dot again
        domain = _domain_to_ascii(domain) or domain
        if not _cookie_suffix_ok(domain) or not _domain_matches(host, domain):
            return None
        cookie.domain, cookie.host_only = domain, False
    if not cookie.path:
        # http-cookie-agent gives the jar the request path with its query, "?" escaped
        cookie.path = _default_path(url.path + ("%3F" + url.query if "?" in request_url else ""))
    if cookie.name.startswith("__Secure-") and not cookie.secure:
        return None
    if cookie.name.startswith("__Host-") and not (cookie.secure and cookie.host_only and cookie.path == "/"):
        return None
    return cookie


class CookieJar:
    """Cookies by (domain, path, name); a later Set-Cookie replaces an earlier one. Expired and
    deleted cookies stay, as they do in the scanner's jar."""

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
    for part in js_trim(line).split(";"):
        key, *rest = js_trim(part).split("=")
        if js_trim(key).lower() == "samesite":
            value = rest[0] if rest else ""
            if not value or js_trim(value).lower() not in ("lax", "strict", "none"):
                return True
    return False


# -- registrable domain (tldts, ICANN section of the public suffix list) ----------------------------

_IPV4_LIKE = re.compile(r"(0[xX][0-9a-fA-F]*|[0-9]+)")


def _is_ip(host: str) -> bool:
    """An IP address as tldts and tough-cookie see one (IPv4 in any WHATWG form, or IPv6)."""
    host = host.strip("[]")
    if ":" in host:
        try:
            IPv6Address(host)
        except ValueError:
            return False
        return True
    last = host.rstrip(".").rsplit(".", 1)[-1]
    return bool(_IPV4_LIKE.fullmatch(last)) and _ipv4(host) is not None


def _valid_hostname(host: str) -> bool:
    """tldts' structural check: [a-z0-9_-] or non-ASCII, labels of 1–63, no label starting or
    ending with '-', at most 255 characters."""
    if not 0 < len(host) <= 255 or re.search(r"[^a-z0-9_\-.\x80-\U0010ffff]", host):
        return False
    labels = host.split(".")
    if labels[0].startswith("-") or any(not label for label in labels[1:]):
        return False
    return all(len(label) <= 63 and not label.endswith("-") for label in labels) and not any(
        label.startswith("-") for label in labels[1:]
    )


@lru_cache(maxsize=2)
def _suffix_rules(private: bool = False) -> tuple[frozenset, frozenset, frozenset]:
    """(normal, wildcard, exception) rules from data/public_suffix_list.dat, each also in its
    punycode form (URL hosts are punycode); the PRIVATE section only when `private`."""
    normal, wildcard, exception = set(), set(), set()
    for raw in (DATA_DIR / "public_suffix_list.dat").read_text(encoding="utf-8").splitlines():
        rule = raw.strip().lower()
        if rule.startswith("// ===begin private domains===") and not private:
            break
        if not rule or rule.startswith("//"):
            continue
        target = normal
        if rule.startswith("!"):
            target, rule = exception, rule[1:]
        elif rule.startswith("*."):
            target, rule = wildcard, rule[2:]
        target.add(rule)
        target.add(_domain_to_ascii(rule) or rule)
    return frozenset(normal), frozenset(wildcard), frozenset(exception)


def public_suffix(host: str, private: bool = False) -> str:
    """The longest matching rule (the default rule "*": the last label)."""
    if not private and len(host) > 3 and host.endswith((".com", ".org", ".edu", ".gov", ".net", ".de")):
        return host.rsplit(".", 1)[1]  # tldts' fast path (taken only without private domains)
    labels = host.split(".")
    normal, wildcard, exception = _suffix_rules(private)
    for i in range(len(labels)):
        candidate, parent = ".".join(labels[i:]), ".".join(labels[i + 1 :])
        if candidate in exception:
            return parent
        if candidate in normal or (parent and labels[i] and parent in wildcard):
            return candidate
    return labels[-1]


def registrable_domain(host: str, private: bool = False) -> str | None:
    """tldts' parse(host).domain: eTLD+1 ("dinkes.sukamaju.go.id" → "sukamaju.go.id"); None for
    an IP address, an invalid name, a single label or a bare public suffix. The scanner's script
    check reads the ICANN section only (tldts' default); its cookie jar (tough-cookie) reads the
    PRIVATE section too (`private=True`), so a cookie for Domain=github.io is refused."""
    host = host.lower()
    while len(host) > 1 and host.endswith("."):
        host = host[:-1]
    if not host or _is_ip(host) or _IPV4_LIKE.fullmatch(host.rsplit(".", 1)[-1]) or not _valid_hostname(host):
        return None  # tldts gives no domain for what looks like an IP address but is not one
    suffix = public_suffix(host, private)
    bare = host.lstrip(".")
    if len(suffix) >= len(bare):
        return None
    before = host[: len(host) - len(suffix) - 1]
    return before.rsplit(".", 1)[-1] + "." + suffix


# -- HSTS preload list ----------------------------------------------------------------------------


def ascii_host(host: str) -> str | None:
    """A host name in the form the preload lists use (lower-case, punycode, no trailing dot);
    None when it has no such form."""
    host = (host or "").strip().rstrip(".")
    if host.isascii():
        return host.lower()
    return _domain_to_ascii(host)


class PreloadList:
    """A preload list in Chromium's `transport_security_state_static.json` format (entries with
    name, mode and include_subdomains), for tests and the differential check."""

    def __init__(self, entries: list[dict]):
        force = [e for e in entries if e.get("mode") == "force-https"]
        self.force_https = {ascii_host(e["name"]) for e in force}
        self.with_subdomains = {ascii_host(e["name"]) for e in force if e.get("include_subdomains")}

    def __contains__(self, host: str) -> bool:
        host = ascii_host(host)
        if not host:
            return False
        if host in self.force_https:
            return True
        labels = host.split(".")
        return any(".".join(labels[i:]) in self.with_subdomains for i in range(1, len(labels)))


# hstspreload opens its data with importlib.resources.open_binary, deprecated since Python 3.11;
# the same file through the current API keeps the test output free of its warning.
hstspreload.open_pkg_binary = lambda path: importlib.resources.files("hstspreload").joinpath(path).open("rb")


class ChromiumPreloadList:
    """Chromium's full list as the `hstspreload` package carries it (force-https entries; a
    parent counts when listed with include_subdomains), the way the scanner reads it."""

    def __contains__(self, host: str) -> bool:
        host = ascii_host(host)
        return bool(host) and hstspreload.in_hsts_preload(host)


def default_preload_list() -> ChromiumPreloadList:
    return ChromiumPreloadList()
