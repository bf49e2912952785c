"""Dormant and insecure applications: rules the admin tunes, each flag saying why it was raised.
Pure: no Django; `services.refresh_findings` stores the result as findings.

The rules (thresholds from PortfolioSettings):
- unreachable: no successful probe for `unreachable_days` days (probes exist that long);
- stale: no update for `stale_months` months (last update, else the year built);
- cert_expired / cert_invalid / cert_expiring: from the latest probe's TLS check;
- low_grade: a security-header grade below `min_grade`;
- no_owner: no owner unit.
Retired applications raise nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime

GRADE_ORDER = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"]
DORMANT, INSECURE, GOVERNANCE = "dormant", "insecure", "governance"


@dataclass(frozen=True)
class Rules:
    unreachable_days: int = 7
    stale_months: int = 24
    cert_warning_days: int = 30
    min_grade: str = "C"


@dataclass(frozen=True)
class LatestProbe:
    at: datetime
    reachable: bool
    blocked: bool = False
    tls_valid: bool | None = None
    tls_days_left: int | None = None
    tls_error: str = ""
    grade: str = ""
    score: int | None = None


@dataclass(frozen=True)
class AppFacts:
    lifecycle: str
    has_owner: bool
    last_updated: date | None = None
    year_built: int | None = None
    first_probe_at: datetime | None = None
    last_reachable_at: datetime | None = None
    latest: LatestProbe | None = None


@dataclass(frozen=True)
class Flag:
    kind: str
    category: str
    explanation: str


def below(grade: str, minimum: str) -> bool:
    """True when `grade` is worse than `minimum` (an unknown grade is never below)."""
    if grade not in GRADE_ORDER or minimum not in GRADE_ORDER:
        return False
    return GRADE_ORDER.index(grade) > GRADE_ORDER.index(minimum)


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def _unreachable(facts: AppFacts, rules: Rules, now: datetime) -> Flag | None:
    if facts.latest is None or facts.latest.reachable or facts.latest.blocked or facts.first_probe_at is None:
        return None
    since = facts.last_reachable_at or facts.first_probe_at
    days = (now - since).days
    if days < rules.unreachable_days:
        return None
    if facts.last_reachable_at is None:
        text = (
            f"Tidak pernah dapat dijangkau sejak probe pertama {since:%d-%m-%Y} ({days} hari; batas "
            f"{rules.unreachable_days} hari)."
        )
    else:
        text = (
            f"Tidak dapat dijangkau sejak {since:%d-%m-%Y} ({days} hari; batas {rules.unreachable_days} "
            f"hari). Aplikasi yang tak terurus sering menjadi celah keamanan."
        )
    return Flag("unreachable", DORMANT, text)


def _stale(facts: AppFacts, rules: Rules, today: date) -> Flag | None:
    if facts.last_updated is not None:
        months = _months_between(facts.last_updated, today)
        if months >= rules.stale_months:
            return Flag(
                "stale",
                DORMANT,
                f"Tidak ada pembaruan sejak {facts.last_updated:%d-%m-%Y} ({months} bulan; "
                f"batas {rules.stale_months} bulan).",
            )
        return None
    if facts.year_built is not None:
        months = (today.year - facts.year_built) * 12
        if months >= rules.stale_months:
            return Flag(
                "stale",
                DORMANT,
                f"Tanggal pembaruan tidak dicatat; aplikasi dibuat tahun {facts.year_built} "
                f"(lebih dari {rules.stale_months} bulan lalu).",
            )
    return None


def _certificate(latest: LatestProbe, rules: Rules) -> Flag | None:
    days = latest.tls_days_left
    if days is not None and days < 0:
        return Flag("cert_expired", INSECURE, f"Sertifikat TLS kedaluwarsa {-days} hari lalu.")
    if latest.tls_valid is False:
        why = f": {latest.tls_error}" if latest.tls_error else ""
        return Flag(
            "cert_invalid", INSECURE, f"Sertifikat TLS tidak sah{why}. Browser akan menampilkan peringatan."
        )
    if days is not None and days <= rules.cert_warning_days:
        return Flag(
            "cert_expiring",
            INSECURE,
            f"Sertifikat TLS habis dalam {days} hari (peringatan {rules.cert_warning_days} hari sebelumnya).",
        )
    return None


def _grade(latest: LatestProbe, rules: Rules) -> Flag | None:
    if latest.grade and below(latest.grade, rules.min_grade):
        return Flag(
            "low_grade",
            INSECURE,
            f"Nilai header keamanan {latest.grade} (skor {latest.score}) di bawah batas {rules.min_grade}.",
        )
    return None


def evaluate(facts: AppFacts, rules: Rules, now: datetime) -> list[Flag]:
    """Every flag the rules raise for one application, each with its explanation."""
    if facts.lifecycle == "retired":
        return []
    flags = [_unreachable(facts, rules, now), _stale(facts, rules, now.date())]
    if facts.latest is not None and facts.latest.reachable:
        flags += [_certificate(facts.latest, rules), _grade(facts.latest, rules)]
    if not facts.has_owner:
        flags.append(
            Flag(
                "no_owner",
                GOVERNANCE,
                "Tidak ada unit pemilik; tidak ada yang bertanggung jawab memelihara aplikasi ini.",
            )
        )
    return [f for f in flags if f is not None]
