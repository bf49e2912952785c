"""Content-Security-Policy parsing as the MDN HTTP Observatory does it (scanner 1.4.8): policies
split into directives and lower-cased sources, a repeated directive makes a policy invalid (except
report-uri/report-to, only noted), and several policies combine as a rough intersection. Pure."""

from dataclasses import dataclass
from urllib.parse import unquote

DUPLICATES_ALLOWED = {"report-uri", "report-to"}


class CspError(ValueError):
    pass


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
    return all(unquote(x) == unquote(y) for x, y in zip(parts_a, parts_b, strict=False))


def _combine(csp: dict, directive: str, values: list[_Source], index: int) -> list[_Source]:
    """Merge one directive's sources into the combined policy: within a policy a longer source
    that extends a shorter one is dropped; across policies a source is kept only if the other
    policy allows it too (a rough intersection, as the scanner does it)."""
    combined = list(values) if index == 0 else [*csp.get(directive, []), *values]
    combined.sort(key=lambda s: s.source)
    for prev, current in zip(combined, combined[1:], strict=False):
        if current.index == prev.index and current.source.startswith(prev.source):
            current.keep = False
        if current.index != prev.index and _path_part_match(prev.source, current.source):
            current.keep = True
    return [s for s in combined if s.keep]


def parse_csp(policies: list[str]) -> tuple[dict[str, set[str]], set[str]]:
    """Directive → sources of the combined policies, and the duplicated report directives.
    Raises CspError for a policy under 6 characters or a repeated directive."""
    clean = [p.replace("\r", "").replace("\n", "").strip() for p in policies]
    for policy in clean:
        if len(policy) < 6:
            raise CspError(f"kebijakan tidak sah: {policy!r}")
    csp: dict[str, list[_Source]] = {}
    duplicates: set[str] = set()
    for index, policy in enumerate(clean):
        seen: set[str] = set()
        for entry in policy.split(";"):
            words = entry.split()
            if not words:
                continue
            directive = words[0].lower()
            if directive in seen and directive not in DUPLICATES_ALLOWED:
                raise CspError(f"direktif {directive} berulang")
            if directive in seen:
                duplicates.add(directive)
            seen.add(directive)
            keep = index == 0
            values = [_Source(w.strip().lower(), index, keep) for w in words[1:]]
            if not values and directive.endswith("-src"):
                values = [_Source("'none'", index, keep)]
            csp[directive] = _combine(csp, directive, values, index)
            if index == 0 and len(policies) > 1:
                for source in csp[directive]:
                    source.keep = False
    return {d: ({s.source for s in sources} or {"'none'"}) for d, sources in csp.items()}, duplicates
