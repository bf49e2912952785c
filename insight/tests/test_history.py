"""Official past results (entered, imported), trends, the unit dashboard, the leadership page
and the demo loader."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import Answer
from audit.models import AuditEntry
from insight import services, trends
from insight.models import OfficialResult
from insight.tests.conftest import set_levels
from instrument.models import Framework
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db

CSV = """tahun;instrumen;indeks;predikat;D1;D2;D3;D4;sumber
2023;spbe-2020;3,28;Baik;3,50;2,70;2,27;3,89;Laporan KemenPANRB 2023
2024;spbe-2020;4,08;Sangat Baik;4,70;3,50;3,09;4,57;Laporan KemenPANRB 2024
"""


def route(name, institution, *args):
    return reverse(f"insight:{name}", args=[institution.slug, *args])


def test_admin_enters_a_result_as_published(client, personas, sukamaju):
    login_verified(client, personas["admin"])
    response = client.post(
        route("official_results", sukamaju),
        {
            "framework": Framework.objects.get(slug="spbe-2020").pk,
            "year": 2024,
            "index": "1,80",
            "predicate": "Kurang",
            "domains": "1,90 / 1,70 / 1,80 / 1,80",
            "source": "LHE 2024",
        },
    )
    assert response.status_code == 302
    result = OfficialResult.objects.get()
    # stored as published: 1,80 "Kurang" (the unrounded value was below 1,8), not recomputed
    assert (result.index, result.predicate) == (Decimal("1.80"), "Kurang")
    assert result.domains == {"1": "1.90", "2": "1.70", "3": "1.80", "4": "1.80"}
    assert AuditEntry.objects.filter(action="insight.official.save").exists()
    response = client.post(
        route("official_results", sukamaju),
        {
            "framework": Framework.objects.get(slug="spbe-2020").pk,
            "year": 2022,
            "index": "3,00",
            "predicate": "Luar Biasa",
        },
    )
    assert "tidak dikenal" in response.content.decode() and OfficialResult.objects.count() == 1


def test_import_is_all_or_nothing(client, personas, sukamaju):
    login_verified(client, personas["admin"])
    bad = CSV + "2025;spbe-2020;9,99;Baik;;;;;x\n"
    client.post(route("official_import", sukamaju), {"file": SimpleUploadedFile("hasil.csv", bad.encode())})
    assert not OfficialResult.objects.exists()
    client.post(route("official_import", sukamaju), {"file": SimpleUploadedFile("hasil.csv", CSV.encode())})
    assert list(OfficialResult.objects.order_by("year").values_list("year", "index", "predicate")) == [
        (2023, Decimal("3.28"), "Baik"),
        (2024, Decimal("4.08"), "Sangat Baik"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (CSV.replace("KemenPANRB", "KemenPAN-RB é").encode("cp1252"), "File CSV harus berenkode UTF-8."),
        (b"tahun;indeks\n2024;4,08\n", "Kolom wajib tidak ada: predikat."),
        (b"PK\x03\x04rusak", "File Excel rusak atau bukan .xlsx."),
        ((CSV + "2025;spbe-2020;3;Baik\n" * 199).encode(), "File berisi lebih dari 200 baris data"),
        (CSV.replace("2024;spbe-2020;4,08", "2024;spbe-2020;empat").encode(), "baris 3: Bukan angka: empat"),
    ],
)
def test_import_says_why_a_file_is_refused(client, personas, sukamaju, content, message):
    login_verified(client, personas["admin"])
    response = client.post(
        route("official_import", sukamaju), {"file": SimpleUploadedFile("hasil.csv", content)}, follow=True
    )
    page = response.content.decode()
    assert "Impor dibatalkan, tidak ada yang disimpan:" in page and message in page
    assert not OfficialResult.objects.exists()


def test_import_reads_excel(client, personas, sukamaju, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Tahun", "Instrumen", "Indeks", "Predikat", "D1", "D2", "D3", "D4"])
    sheet.append([2024, "spbe-2020", 4.08, "Sangat Baik", 4.7, 3.5, 3.09, 4.57])
    path = tmp_path / "hasil.xlsx"
    book.save(path)
    login_verified(client, personas["admin"])
    client.post(
        route("official_import", sukamaju), {"file": SimpleUploadedFile("hasil.xlsx", path.read_bytes())}
    )
    assert OfficialResult.objects.get().domains["3"] == "3.09"


def test_trends_keep_official_and_self_assessed_apart(client, personas, sukamaju, campaign, spbe, no_review):
    services.import_official_results(
        personas["admin"],
        sukamaju,
        [
            services.OfficialInput(
                Framework.objects.get(slug="spbe-2020"),
                2025,
                Decimal("3.28"),
                "Baik",
                {1: Decimal("3.5")},
                {},
            )
        ],
    )
    levels = {n: 1 + n % 5 for n in range(1, 48)}
    set_levels(campaign, levels, part=Answer.OWNER)
    login_verified(client, personas["koordinator"])
    response = client.get(route("trends", sukamaju))
    trend = response.context["trend"]
    assert trend.series(trends.OFFICIAL) == {2025: Fraction(328, 100)}
    assert trend.series("self") == {2026: spbe.engine().score_parsed(levels).index}
    page = response.content.decode()
    assert "resmi (KemenPANRB)" in page and "penilaian mandiri" in page
    assert "D1 Kebijakan Internal" in page  # a chart per domain
    page = client.get(route("trends", sukamaju), {"bagian": "aspek"}).content.decode()
    assert "A8 Layanan Publik" in page and "D1 Kebijakan Internal" not in page


def test_unit_dashboard_against_institution_and_last_campaign(
    client, personas, sukamaju, dinkes, disdik, campaign, fake_review
):
    from datetime import date, timedelta

    from django.utils import timezone

    from assessment import services as assessment_services
    from assessment.models import Campaign

    earlier = Campaign(
        institution=sukamaju,
        framework_version=campaign.framework_version,
        name="PM 2025",
        year=2025,
        opens_on=date.today() - timedelta(days=365),
        unit_deadline=timezone.now(),
        verification_starts_on=date.today(),
        verification_ends_on=date.today(),
        closes_on=date.today(),
    )
    assessment_services.create_campaign(personas["admin"], earlier, [dinkes, disdik])
    assessment_services.open_campaign(personas["admin"], earlier, notify=False)
    set_levels(earlier, {16: 2}, unit=disdik)
    set_levels(campaign, {16: 3}, unit=disdik)
    set_levels(campaign, {16: 4}, unit=dinkes)
    fake_review(verified={campaign.pk: ({16: 3}, {disdik.pk: {16: 2}})})
    login_verified(client, personas["operator_disdik"])
    response = client.get(route("unit_dashboard", sukamaju, disdik.pk))
    board = response.context["board"]
    row = next(r for r in board.rows if r.indicator.number == 16)
    assert row.own == {"self": 3, "verified": 2} and row.previous["self"] == 2
    assert row.institution["self"] == 4 and row.institution["verified"] == 3 and not row.is_owner
    assert board.scores["self"].index == 3 and board.scores["self"].kind == "unit"
    assert "Indeks unit (tidak resmi)" in response.content.decode()


def test_leadership_page_lists_units_furthest_behind(
    client, personas, sukamaju, dinkes, disdik, campaign, no_review
):
    set_levels(campaign, dict.fromkeys(range(1, 48), 4), unit=dinkes)
    set_levels(campaign, dict.fromkeys(range(1, 48), 2), unit=disdik)
    plan = services.create_plan(personas["verifier"], disdik, campaign, "Pembinaan")
    from datetime import date, timedelta

    from instrument.models import Indicator

    services.add_action(
        personas["verifier"],
        plan,
        services.ActionInput(
            Indicator.objects.get(version=campaign.framework_version, number=16),
            3,
            "x",
            date.today() - timedelta(days=1),
        ),
    )
    login_verified(client, personas["viewer"])
    response = client.get(route("leadership", sukamaju))
    behind = response.context["page"].behind
    assert [b.unit for b in behind] == [disdik, dinkes]
    assert (behind[0].open_actions, behind[0].overdue_actions) == (1, 1)
    assert len(response.content) < 60_000  # light enough for a phone


def test_demo_loader_is_idempotent(db):
    from assessment.demo import load_demo as load_campaigns
    from insight.demo import load_demo
    from insight.models import Action, CoachingPlan
    from orgs.demo import load_demo as load_institution

    load_institution()
    load_campaigns()
    assert load_demo()
    counts = (OfficialResult.objects.count(), CoachingPlan.objects.count(), Action.objects.count())
    assert load_demo() == []
    assert counts == (OfficialResult.objects.count(), CoachingPlan.objects.count(), Action.objects.count())
    assert counts[0] == 5 and all(r.is_demo for r in OfficialResult.objects.all())
    assert Action.objects.overdue().exists()
    bekasi = OfficialResult.objects.get(year=2024)
    assert (bekasi.index, bekasi.predicate) == (Decimal("4.08"), "Sangat Baik")
