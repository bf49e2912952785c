"""What the portfolio dashboard shows, gathered in a fixed number of queries (context builder;
the template only renders)."""

from collections import Counter

from django.db.models import Count, Q

from portfolio.flags import GRADE_ORDER
from portfolio.models import Application, Finding, Lifecycle, OverlapGroup
from portfolio.services import plan_progress

LIST_SIZE = 10


def grade_chart(counts: dict[str, int], width: int = 560) -> str:
    """Server-side SVG: one bar per grade letter with its count (readable without colour)."""
    from html import escape

    letters = [g for g in GRADE_ORDER if counts.get(g)]
    if not letters:
        return ""
    row, label_w = 24, 48
    most = max(counts[g] for g in letters)
    height = row * len(letters) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Sebaran nilai header keamanan" font-family="sans-serif" font-size="13">'
    ]
    for n, letter in enumerate(letters):
        y = n * row + 3
        w = (width - label_w - 60) * counts[letter] / most
        colour = (
            "#1a7f37" if letter.startswith(("A", "B")) else "#9a6700" if letter.startswith("C") else "#b42318"
        )
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" fill="#1d2733">{escape(letter)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row - 8}" rx="3" fill="{colour}" />'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 14}" fill="#1d2733">{counts[letter]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def dashboard_context(institution, settings) -> dict:
    apps = Application.objects.for_institution(institution)
    live = apps.exclude(lifecycle=Lifecycle.RETIRED).select_related("owner_unit", "last_probe")
    probed = live.filter(last_probe__isnull=False)
    down = probed.filter(
        Q(last_probe__blocked="") & (Q(last_probe__reachable=False) | Q(last_probe__status__gte=500))
    )
    expiring = probed.filter(
        Q(last_probe__tls_days_left__lte=settings.cert_warning_days) | Q(last_probe__tls_valid=False)
    ).order_by("last_probe__tls_days_left")
    worst = probed.filter(last_probe__score__isnull=False).order_by("last_probe__score", "name")
    grades = Counter(probed.exclude(last_probe__grade="").values_list("last_probe__grade", flat=True))
    findings = Finding.objects.filter(application__institution=institution, closed_at__isnull=True)
    by_lifecycle = dict(apps.values_list("lifecycle").annotate(n=Count("pk")).values_list("lifecycle", "n"))
    return {
        "total": sum(by_lifecycle.values()),
        "lifecycles": [(label, by_lifecycle.get(code, 0)) for code, label in Lifecycle.choices],
        "probed_count": probed.count(),
        "down": list(down.order_by("name")[:LIST_SIZE]),
        "down_count": down.count(),
        "expiring": list(expiring[:LIST_SIZE]),
        "expiring_count": expiring.count(),
        "worst": list(worst[:LIST_SIZE]),
        "grade_chart": grade_chart(grades),
        "finding_counts": dict(
            findings.values_list("category").annotate(n=Count("pk")).values_list("category", "n")
        ),
        "recent_findings": list(findings.select_related("application").order_by("-opened_at")[:LIST_SIZE]),
        "proposed_groups": OverlapGroup.objects.filter(
            institution=institution, status=OverlapGroup.PROPOSED
        ).count(),
        "progress": plan_progress(institution),
        "settings": settings,
    }
