"""Demo campaigns of Kabupaten Sukamaju: last year's closed campaign to copy from, and this
year's open one with units part-way through. Idempotent."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessment import services
from assessment.models import Answer, AnswerEvidence, Campaign, Evidence, UnitAssessment
from instrument.models import FrameworkVersion
from orgs.models import Institution

PARTICIPANTS = [
    "Diskominfosantik",
    "Bappeda",
    "BPKAD",
    "BKPSDM",
    "Inspektorat",
    "Bag. Hukum",
    "Bag. Organisasi",
    "Bag. PBJ",
    "Dispusip",
    "DPMPTSP",
    "Disdukcapil",
    "Dinkes",
    "Disdik",
    "Dinsos",
    "Disnaker",
    "DPUPR",
    "Dishub",
    "DLH",
    "Kec. Sukamaju",
    "Kec. Cibening",
]
FAKTA = (
    "Peraturan Bupati Sukamaju Nomor {n} Tahun {year} Pasal {p}, halaman {h}; "
    "notulen rapat Tim Koordinasi SPBE."
)
ANALISIS = "Dokumen tersebut telah ditetapkan dan memuat substansi yang disyaratkan kriteria level {level}."


@transaction.atomic
def load_demo() -> list[str]:
    institution = Institution.objects.filter(slug="sukamaju").first()
    version = FrameworkVersion.objects.filter(framework__slug="spbe-2020", is_current=True).first()
    if institution is None or version is None or Campaign.objects.filter(institution=institution).exists():
        return []
    admin = get_user_model().objects.get(username="admin.kominfo")
    units = [u for u in institution.units.filter(short_name__in=PARTICIPANTS)]
    zone = ZoneInfo(institution.time_zone)
    today = timezone.localdate(timezone=zone)
    rng = random.Random(2025)
    last = _campaign(
        institution, version, "Penilaian Mandiri SPBE 2025", today.year - 1, date(today.year - 1, 3, 3), zone
    )
    services.create_campaign(admin, last, units)
    services.open_campaign(admin, last, notify=False)
    for assessment in last.assessments.select_related("unit"):
        _fill(assessment, admin, rng, share=1.0, year=today.year - 1)
        UnitAssessment.objects.filter(pk=assessment.pk).update(
            status=UnitAssessment.ACCEPTED, submitted_at=last.unit_deadline - timedelta(days=2)
        )
    Campaign.objects.filter(pk=last.pk).update(status=Campaign.CLOSED)
    current = _campaign(
        institution,
        version,
        f"Penilaian Mandiri SPBE {today.year}",
        today.year,
        today - timedelta(days=14),
        zone,
        copied_from=last,
    )
    services.create_campaign(admin, current, units)
    services.open_campaign(admin, current, notify=False)
    shares = {"Bappeda": 1.0, "Dinkes": 0.6, "Disdukcapil": 0.4, "Diskominfosantik": 0.8, "BKPSDM": 0.3}
    for assessment in current.assessments.select_related("unit"):
        share = shares.get(assessment.unit.short_name, 0.0)
        if share:
            _fill(assessment, admin, rng, share=share, year=today.year)
    return [last.name, current.name]


def _campaign(institution, version, name, year, opens_on, zone, copied_from=None) -> Campaign:
    deadline = datetime.combine(opens_on + timedelta(days=30), time(16, 0), tzinfo=zone)
    return Campaign(
        institution=institution,
        framework_version=version,
        name=name,
        year=year,
        opens_on=opens_on,
        unit_deadline=deadline,
        verification_starts_on=opens_on + timedelta(days=31),
        verification_ends_on=opens_on + timedelta(days=50),
        closes_on=opens_on + timedelta(days=60),
        copied_from=copied_from,
    )


def _fill(assessment, author, rng, *, share: float, year: int) -> None:
    """Answer a share of the rows with plausible levels, explanations and link evidence."""
    answers = list(assessment.answers.select_related("indicator").order_by("indicator__number"))
    count = round(len(answers) * share)
    evidence = Evidence.objects.create(
        unit=assessment.unit,
        kind=Evidence.LINK,
        title=f"Dokumen SPBE {assessment.unit.short_name} {year}",
        url=f"https://jdih.sukamaju.example.go.id/{assessment.unit.pk}/{year}",
        uploaded_by=author,
        document_date=date(year, 2, 1),
    )
    for answer in answers[:count]:
        level = rng.choice([2, 3, 3, 3, 4, 4, 5])
        Answer.objects.filter(pk=answer.pk).update(
            level=level,
            fakta=FAKTA.format(n=rng.randint(1, 60), year=year, p=rng.randint(1, 20), h=rng.randint(2, 40)),
            analisis=ANALISIS.format(level=level),
            version=1,
            updated_at=timezone.now(),
            updated_by=author,
        )
        AnswerEvidence.objects.create(answer=answer, evidence=evidence)
