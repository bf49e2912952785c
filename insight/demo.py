"""Demo data of insight for Kabupaten Sukamaju: official past results 2021–2025 (labelled demo) and
coaching plans with some overdue actions. Idempotent: parts that exist are left alone.

The 2023 and 2024 figures are Kabupaten Bekasi's published results (shared/spbe/README.md), used
here only as a realistic series; the other years are made up to fit. All are marked as demo."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessment.models import Campaign
from insight import services
from insight.models import CoachingPlan, OfficialResult
from instrument.models import Framework, Indicator
from orgs.models import Institution, Unit

# year, (D1, D2, D3, D4), index, predicate, source
OFFICIAL = [
    (2021, ("2.50", "2.10", "1.85", "3.10"), "2.57", "Cukup", "Demo: angka rekaan"),
    (2022, ("3.00", "2.40", "2.00", "3.50"), "2.91", "Baik", "Demo: angka rekaan"),
    (2023, ("3.50", "2.70", "2.27", "3.89"), "3.28", "Baik", "Demo: angka publikasi Kabupaten Bekasi 2023"),
    (
        2024,
        ("4.70", "3.50", "3.09", "4.57"),
        "4.08",
        "Sangat Baik",
        "Demo: angka publikasi Kabupaten Bekasi 2024",
    ),
    (2025, ("4.70", "3.60", "3.20", "4.60"), "4.13", "Sangat Baik", "Demo: angka rekaan"),
]

DESCRIPTION = "Susun dokumen yang disyaratkan kriteria level berikutnya dan unggah sebagai data dukung."

# unit short name, [(indicator number, target level, days from today to the due date, status)]
ACTIONS = {
    "Dinkes": [(47, 4, -30, "progress"), (16, 3, 20, "planned")],
    "Disdukcapil": [(46, 4, -10, "planned"), (22, 3, -40, "done")],
    "Bappeda": [(13, 5, 45, "planned")],
}


@transaction.atomic
def load_demo() -> list[str]:
    institution = Institution.objects.filter(slug="sukamaju").first()
    User = get_user_model()
    admin = User.objects.filter(username="admin.kominfo").first()
    verifier = User.objects.filter(username="verifikator").first()
    if institution is None or admin is None or verifier is None:
        return []
    return _official(institution, admin) + _coaching(institution, verifier)


def _official(institution, admin) -> list[str]:
    framework = Framework.objects.filter(slug="spbe-2020").first()
    if framework is None or OfficialResult.objects.filter(institution=institution).exists():
        return []
    for year, domains, index, predicate, source in OFFICIAL:
        services.save_official_result(
            admin,
            institution,
            services.OfficialInput(
                framework=framework,
                year=year,
                index=Decimal(index),
                predicate=predicate,
                domains={n: Decimal(v) for n, v in enumerate(domains, start=1)},
                aspects={},
                source=source,
                is_demo=True,
            ),
        )
    return [f"Hasil resmi demo {OFFICIAL[0][0]}–{OFFICIAL[-1][0]} dimuat"]


def _coaching(institution, verifier) -> list[str]:
    campaign = (
        Campaign.objects.filter(institution=institution, kind=Campaign.FULL, status=Campaign.CLOSED)
        .select_related("framework_version")
        .order_by("-opens_on")
        .first()
    )
    if campaign is None or CoachingPlan.objects.filter(institution=institution).exists():
        return []
    today = timezone.localdate()
    indicators = {i.number: i for i in Indicator.objects.filter(version=campaign.framework_version)}
    units = {u.short_name: u for u in Unit.objects.filter(institution=institution, short_name__in=ACTIONS)}
    for short_name, rows in ACTIONS.items():
        unit = units.get(short_name)
        if unit is None:
            continue
        plan = services.create_plan(
            verifier,
            unit,
            campaign,
            f"Pembinaan {short_name} {today.year}",
            "Predikat Memuaskan pada penilaian berikutnya",
        )
        for number, level, days, status in rows:
            indicator = indicators[number]
            action = services.add_action(
                verifier,
                plan,
                services.ActionInput(
                    indicator,
                    level,
                    f"Capai level {level}: {indicator.short_name}",
                    today + timedelta(days=days),
                    DESCRIPTION,
                ),
            )
            if status != "planned":
                services.update_progress(
                    verifier, action, status, "Draf dokumen sudah dibahas bersama Tim Koordinasi."
                )
        services.add_session(
            verifier,
            plan,
            today - timedelta(days=14),
            f"Tim Koordinasi SPBE; operator dan kepala {short_name}",
            "Membahas kesenjangan dan menyepakati aksi.",
        )
    return ["Rencana pembinaan demo dimuat (dengan aksi lewat tenggat)"]
