"""Content-Security-Policy parsing as the MDN HTTP Observatory does it (scanner 1.4.8,
src/analyzer/cspParser.js): policies split into directives and lower-cased sources, a repeated
directive makes a policy invalid (except report-uri/report-to, only noted), and several policies
combine as a rough intersection. Pure.

The intersection walks the sources in sorted order and compares neighbours, so the order must be
the scanner's: JavaScript's Intl.Collator("en"), not code-point order. Its path comparison uses
decodeURIComponent, which throws on a malformed escape; the whole CSP is then invalid, as there.
"""

import unicodedata
from dataclasses import dataclass

from portfolio.webparse import js_length, js_split_whitespace, js_trim

DUPLICATES_ALLOWED = {"report-uri", "report-to"}
SHORTEST_POLICY = 6  # len("img-src") - 1, the scanner's limit

# Printable ASCII in the order of the ICU root collation (what Intl.Collator("en") uses); letters
# differ from their capitals only at a lower level, so they share a weight here.
_COLLATION_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz"
_WEIGHT = {ch: i for i, ch in enumerate(_COLLATION_ORDER)} | {
    ch.upper(): _COLLATION_ORDER.index(ch) for ch in "abcdefghijklmnopqrstuvwxyz"
}


class CspError(ValueError):
    pass


def collation_key(text: str) -> tuple:
    """Sort key close to Intl.Collator("en").compare: primary weights first (control characters
    ignored, accents folded), then the accents, then case (lower before upper)."""
    folded = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    primary = tuple(_WEIGHT.get(c, 1000 + ord(c.lower())) for c in folded if ord(c) >= 0x20)
    return primary, unicodedata.normalize("NFD", text).lower(), tuple(c.isupper() for c in text)


def decode_uri_component(text: str) -> str:
    """JavaScript's decodeURIComponent: %XX escapes as UTF-8; a malformed escape or invalid UTF-8
    raises CspError (URIError there)."""
    out, i = [], 0
    while i < len(text):
        if text[i] != "%":
            out.append(text[i])
            i += 1
            continue
        octets = bytearray()
        while i < len(text) and text[i] == "%":
            hex_digits = text[i + 1 : i + 3]
            if len(hex_digits) != 2 or any(c not in "0123456789abcdefABCDEF" for c in hex_digits):
                raise CspError(f"escape tidak sah di {text!r}")
            octets.append(int(hex_digits, 16))
            i += 3
            if octets[0] < 0x80 or _utf8_complete(octets):
                break
        try:
            out.append(octets.decode("utf-8"))
        except UnicodeDecodeError:
            raise CspError(f"UTF-8 tidak sah di {text!r}") from None
    return "".join(out)


def _utf8_complete(octets: bytearray) -> bool:
    lead = octets[0]
    expected = 2 if lead >> 5 == 0b110 else 3 if lead >> 4 == 0b1110 else 4 if lead >> 3 == 0b11110 else 1
    return len(octets) >= expected


@dataclass
class _Source:
    source: str
    index: int
    keep: bool


def _path_part_match(a: str, b: str) -> bool:
    if a == "" or (a == "/" and b == ""):
        return True
    exact = not a.endswith("/")
    parts_a, parts_b = a.split("/"), b.split("/")
    if len(parts_a) > len(parts_b) or (exact and len(parts_a) != len(parts_b)):
        return False
    if not exact:
        parts_a.pop()
    # piece by piece, as the scanner does: a malformed escape only matters once it is reached
    return all(
        decode_uri_component(x) == decode_uri_component(y) for x, y in zip(parts_a, parts_b, strict=False)
    )


def _combine(csp: dict, directive: str, values: list[_Source], index: int) -> list[_Source]:
    """Merge one directive's sources into the combined policy: within a policy a longer source
    that extends a shorter one is dropped; across policies a source is kept only if the other
    policy allows it too (a rough intersection, as the scanner does it)."""
    combined = list(values) if index == 0 else [*csp.get(directive, []), *values]
    combined.sort(key=lambda s: collation_key(s.source))
    for prev, current in zip(combined, combined[1:], strict=False):
        if current.index == prev.index and current.source.startswith(prev.source):
            current.keep = False
        if current.index != prev.index and _path_part_match(prev.source, current.source):
            current.keep = True
    return [s for s in combined if s.keep]


def parse_csp(policies: list[str]) -> tuple[dict[str, set[str]], set[str]]:
    """Directive → sources of the combined policies, and the duplicated report directives.
    Raises CspError for a policy under 6 characters or a repeated directive."""
    clean = [js_trim(p.replace("\r", "").replace("\n", "")) for p in policies]
    for policy in clean:
        if js_length(policy) < SHORTEST_POLICY:
            raise CspError(f"kebijakan tidak sah: {policy!r}")
    csp: dict[str, list[_Source]] = {}
    duplicates: set[str] = set()
    for index, policy in enumerate(clean):
        seen: set[str] = set()
        for entry in policy.split(";"):
            words = js_split_whitespace(js_trim(entry))
            if not words[0]:
                continue
            directive = words[0].lower()
            if directive in seen and directive not in DUPLICATES_ALLOWED:
                raise CspError(f"direktif {directive} berulang")
            if directive in seen:
                duplicates.add(directive)
            seen.add(directive)
            keep = index == 0
            values = [_Source(js_trim(w).lower(), index, keep) for w in words[1:]]
            if not values and directive.endswith("-src"):
                values = [_Source("'none'", index, keep)]
            csp[directive] = _combine(csp, directive, values, index)
            if index == 0 and len(policies) > 1:
                for source in csp[directive]:
                    source.keep = False
    return {d: ({s.source for s in sources} or {"'none'"}) for d, sources in csp.items()}, duplicates
