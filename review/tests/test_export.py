"""The export for the national application: columns and rows in the framework's order."""

import csv
import io

import pytest
from openpyxl import load_workbook

from assessment.models import AnswerEvidence, Evidence
from orgs.tests.test_url_access import login_verified
from review import export, settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(campaign, submitted, personas):
    evidence = Evidence.objects.create(
        unit=submitted.unit,
        kind=Evidence.FILE,
        title="Notulen",
        sha256="f" * 64,
        file="evidence/x.pdf",
        original_name="notulen.pdf",
        size=3,
    )
    AnswerEvidence.objects.create(answer=submitted.answers.get(indicator__number=2), evidence=evidence)
    for indicator in campaign.framework_version.indicators.order_by("-number"):  # settled out of order
        settlement.settle_indicator(
            personas["verifier"],
            campaign,
            indicator,
            rule="owner",
            final_level=str(2 + indicator.number % 3),
            explanation="Dari unit pemilik.",
        )
    return evidence


def test_rows_in_framework_order(campaign, settled, submitted):
    rows = export.rows(campaign)
    assert [r.number for r in rows] == list(range(1, 48))
    assert rows[0].level == 3 and rows[0].level_name == "Terdefinisi"
    assert rows[0].fakta.startswith("Perbup Dinkes 1/2025")
    urls = [e.url for e in rows[1].evidence]
    assert any(u.endswith(f"/bukti/{settled.pk}/unduh/") for u in urls)
    assert any(u.startswith("https://jdih.example.go.id/") for u in urls)


def test_csv_and_excel_downloads(client, personas, sukamaju, campaign, settled):
    login_verified(client, personas["verifier"])
    base = f"/instansi/{sukamaju.slug}/verifikasi/periode/{campaign.pk}/hasil/"
    response = client.get(base + "ekspor.csv")
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == export.COLUMNS
    assert table[0][:7] == [
        "Nomor indikator",
        "Kode",
        "Indikator",
        "Level",
        "Nama level",
        "FAKTA",
        "ANALISIS",
    ]
    assert [int(r[0]) for r in table[1:]] == list(range(1, 48))
    assert (
        table[2][3] == "4"
        and f"http://testserver/instansi/{sukamaju.slug}/bukti/{settled.pk}/unduh/" in table[2][7]
    )
    response = client.get(base + "ekspor.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == export.COLUMNS
    assert [r[0] for r in rows[1:]] == list(range(1, 48)) and rows[1][3] == 3
