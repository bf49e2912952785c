"""Competency areas and digital-service roles, read from capacity/data/competencies.yaml.

Pure: no Django. The file is read once per process and validated as a whole; a fault in it
stops the program with every problem named, rather than showing wrong coverage.
"""

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "competencies.yaml"


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    framework: str
    description: str = ""
    short: str = ""  # for table headers; the name when not given


@dataclass(frozen=True)
class DigitalRole:
    code: str
    name: str
    group: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceTarget:
    """An indicator the coverage report is evidence for."""

    framework: str
    indicator: int
    item_code: str = ""


@dataclass(frozen=True)
class Catalogue:
    areas: tuple[Area, ...]
    roles: tuple[DigitalRole, ...]
    groups: dict[str, str]
    window_months: int
    target: Fraction  # share of staff an area needs to count as met
    expiry_warning_days: int
    evidence_for: tuple[EvidenceTarget, ...]

    def area(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code), None)

    def role(self, code: str) -> DigitalRole | None:
        return next((r for r in self.roles if r.code == code), None)

    @property
    def area_codes(self) -> tuple[str, ...]:
        return tuple(a.code for a in self.areas)

    def area_names(self, codes) -> list[str]:
        """Names of known codes, in catalogue order."""
        wanted = set(codes or ())
        return [a.name for a in self.areas if a.code in wanted]


def _problems(data: dict) -> list[str]:
    problems = []
    areas = [a.get("code") for a in data.get("areas") or []]
    roles = [r.get("code") for r in data.get("roles") or []]
    groups = data.get("groups") or {}
    for kind, codes in (("area", areas), ("role", roles)):
        if not codes:
            problems.append(f"no {kind}s")
        for code in {c for c in codes if codes.count(c) > 1}:
            problems.append(f"{kind} code {code!r} appears more than once")
        problems += [f"a {kind} without a code" for c in codes if not c]
    for role in data.get("roles") or []:
        if role.get("group") not in groups:
            problems.append(f"role {role.get('code')!r}: unknown group {role.get('group')!r}")
        unknown = [a for a in role.get("areas") or [] if a not in areas]
        if unknown or not role.get("areas"):
            problems.append(f"role {role.get('code')!r}: unknown or missing areas {unknown}")
    if not 0 < int(data.get("target_percent", 0)) <= 100:
        problems.append("target_percent must be 1..100")
    if int(data.get("window_months", 0)) < 1:
        problems.append("window_months must be at least 1")
    return problems


def load(path: Path = DATA_FILE) -> Catalogue:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    problems = _problems(data)
    if problems:
        raise CatalogueError(f"{path}: " + "; ".join(problems))
    return Catalogue(
        areas=tuple(
            Area(
                a["code"],
                a["name"],
                a.get("framework", ""),
                a.get("description", ""),
                a.get("short") or a["name"],
            )
            for a in data["areas"]
        ),
        roles=tuple(DigitalRole(r["code"], r["name"], r["group"], tuple(r["areas"])) for r in data["roles"]),
        groups=dict(data["groups"]),
        window_months=int(data["window_months"]),
        target=Fraction(int(data["target_percent"]), 100),
        expiry_warning_days=int(data.get("expiry_warning_days", 60)),
        evidence_for=tuple(
            EvidenceTarget(e["framework"], int(e["indicator"]), e.get("item_code") or "")
            for e in data.get("evidence_for") or []
        ),
    )


@cache
def catalogue() -> Catalogue:
    return load()
