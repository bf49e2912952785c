"""The national code lists the portfolio uses, read from portfolio/data/: the reference
architecture for applications (RAA), the service areas (RAL) and the national shared/priority
applications. Pure: no Django."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    verified: bool = True

    @property
    def is_group(self) -> bool:
        return "." not in self.code


@dataclass(frozen=True)
class NationalApp:
    code: str
    name: str
    kind: str  # "umum" (shared Aplikasi Umum) or "prioritas" (national priority service)
    owner: str
    purpose: str
    keywords: tuple[str, ...]
    aliases: tuple[str, ...] = ()


def _read(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def raa_codes() -> tuple[Code, ...]:
    return tuple(Code(c["code"], c["name"]) for c in _read("raa.json")["codes"])


@lru_cache(maxsize=1)
def ral_codes() -> tuple[Code, ...]:
    return tuple(Code(c["code"], c["name"], c.get("verified", True)) for c in _read("ral.json")["codes"])


@lru_cache(maxsize=1)
def national_apps() -> tuple[NationalApp, ...]:
    return tuple(
        NationalApp(
            a["code"],
            a["name"],
            a["kind"],
            a["owner"],
            a["purpose"],
            tuple(a["keywords"]),
            tuple(a.get("aliases", ())),
        )
        for a in _read("national_apps.json")["apps"]
    )


@lru_cache(maxsize=2)
def _labels(kind: str) -> dict[str, str]:
    codes = raa_codes() if kind == "raa" else ral_codes()
    return {c.code: f"{c.code} {c.name}" for c in codes}


def label(code: str, kind: str = "ral") -> str:
    """Code and name, e.g. "01.25 Kesehatan" (RAL) or, with kind="raa", "02.02 Aplikasi Khusus
    Fungsi Tertentu" — the two lists share code numbers. "" for none, the bare code if unknown."""
    if not code:
        return ""
    return _labels(kind).get(code, code)


def _choices(codes) -> list:
    """Grouped select choices: (group label, [(code, label), ...])."""
    groups, current = [], None
    for c in codes:
        if c.is_group:
            current = (f"{c.code} {c.name}", [])
            groups.append(current)
        elif current is not None:
            current[1].append((c.code, f"{c.code} {c.name}"))
    return [("", "—"), *groups]


def raa_choices() -> list:
    return _choices(raa_codes())


def ral_choices() -> list:
    return _choices(ral_codes())


def leaf_codes(codes) -> set[str]:
    return {c.code for c in codes if not c.is_group}


def national_app(code: str) -> NationalApp | None:
    return next((a for a in national_apps() if a.code == code), None)
