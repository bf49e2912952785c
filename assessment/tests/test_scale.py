"""The unit workspace and the indicator page stay at a fixed number of queries at full size:
a unit answering 50 indicators with 200 evidence items attached."""

import copy
import re
from datetime import date, timedelta

import pytest
import yaml

from assessment.models import Answer, AnswerEvidence, Evidence
from instrument.services import FRAMEWORK_DIR, load_frameworks
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db

INDICATORS = 50
EVIDENCE = 200


def fifty_indicator_framework(folder):
    """Pemdi 2026 stretched to 50 indicators (5 aspects × 10, weight 2 each), evidence items kept,
    loaded as its own framework."""
    data = yaml.safe_load((FRAMEWORK_DIR / "pemdi-2026.yaml").read_text(encoding="utf-8"))
    source = data["indicators"]
    data["slug"] = "uji-50"
    data["short_title"] = "Uji 50"
    data["aspects"] = [{"number": n, "name": f"Aspek {n}", "weight": 20} for n in range(1, 6)]
    indicators = []
    for number in range(1, INDICATORS + 1):
        model = copy.deepcopy(source[(number - 1) % len(source)])
        old_code = model.get("code", "")
        model.update(number=number, code=f"I{number}", aspect=(number - 1) // 10 + 1, weight=2)
        model.pop("external", None)
        model["value_source"] = "self"
        for item in model.get("evidence_items") or []:
            item["code"] = re.sub(rf"^{old_code}-", f"I{number}-", item["code"])
        indicators.append(model)
    data["indicators"] = indicators
    path = folder / "uji-50.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (result,) = load_frameworks([path])
    return result.version


@pytest.fixture
def big_assessment(sukamaju, dinkes, personas, tmp_path, make_campaign):
    version = fifty_indicator_framework(tmp_path)
    campaign = make_campaign(personas["admin"], sukamaju, version, [dinkes], "Uji skala", notify=False)
    assessment = campaign.assessments.get(unit=dinkes)
    answers = list(assessment.answers.select_related("indicator").order_by("indicator__number"))
    assert len(answers) == INDICATORS
    Answer.objects.filter(pk__in=[a.pk for a in answers]).update(level=2, fakta="Perbup", analisis="Ada")
    evidence = Evidence.objects.bulk_create(
        Evidence(
            unit=dinkes,
            kind="link",
            title=f"Dokumen {n}",
            url=f"https://dinkes.sukamaju.go.id/dokumen/{n}",
            document_date=date(2026, 1, 1) + timedelta(days=n),
            uploaded_by=personas["operator_dinkes"],
        )
        for n in range(EVIDENCE)
    )
    AnswerEvidence.objects.bulk_create(
        AnswerEvidence(answer=answers[n % INDICATORS], evidence=item) for n, item in enumerate(evidence)
    )
    return assessment


def test_full_size_workspace_and_indicator_page_query_counts(
    client, personas, sukamaju, big_assessment, django_assert_max_num_queries
):
    """The same budgets as the small fixture's pages (assessment/tests/test_pages.py)."""
    login_verified(client, personas["operator_dinkes"])
    with django_assert_max_num_queries(14):
        response = client.get(f"/instansi/{sukamaju.slug}/penilaian/{big_assessment.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("/jawaban/") >= INDICATORS
    answer = big_assessment.answers.select_related("indicator").order_by("indicator__number").first()
    with django_assert_max_num_queries(16):
        response = client.get(f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    # Its own four items are attached; the other 196 of the unit are offered for reuse.
    assert answer.attachments.count() == EVIDENCE // INDICATORS
    assert "Dokumen 199" in html and "Dokumen 0" in html
