"""The unit workspace and the indicator page over HTTP."""

import pytest

from assessment import services
from assessment.models import Answer, Campaign, UnitAssessment
from audit.models import AuditEntry
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db


def test_workspace_and_answer_page_query_counts(
    client, personas, sukamaju, dinkes_assessment, django_assert_max_num_queries
):
    login_verified(client, personas["operator_dinkes"])
    url = f"/instansi/{sukamaju.slug}/penilaian/{dinkes_assessment.pk}/"
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    answer = dinkes_assessment.answers.first()
    with django_assert_max_num_queries(16):
        response = client.get(f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/")
    assert response.status_code == 200
    assert "FAKTA" in response.content.decode()


def test_htmx_save_and_conflict_response(client, personas, sukamaju, dinkes_assessment):
    login_verified(client, personas["operator_dinkes"])
    answer = dinkes_assessment.answers.first()
    url = f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/simpan/"
    data = {"level": "2", "fakta": "Perbup 5/2025 hal. 3", "analisis": "Sudah ditetapkan", "version": "0"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Tersimpan" in response.content.decode()
    response = client.post(url, data | {"fakta": "lanjutan", "version": "0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # the same editor's own newer save is not a conflict
    login_verified(client, personas["head_dinkes"])
    response = client.post(url, data | {"fakta": "lain", "version": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert "sudah diubah oleh" in response.content.decode()
    assert Answer.objects.get(pk=answer.pk).fakta == "lanjutan"


def test_bad_level_gets_message(client, personas, sukamaju, dinkes_assessment):
    login_verified(client, personas["operator_dinkes"])
    answer = dinkes_assessment.answers.first()
    response = client.post(
        f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/simpan/",
        {"level": "9", "fakta": "a", "analisis": "b", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "tidak ada dalam skala" in response.content.decode()


def test_other_unit_cannot_see_or_edit(client, personas, sukamaju, dinkes_assessment):
    login_verified(client, personas["operator_disdik"])
    answer = dinkes_assessment.answers.first()
    assert client.get(f"/instansi/{sukamaju.slug}/penilaian/{dinkes_assessment.pk}/").status_code == 404
    assert client.get(f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/").status_code == 404
    response = client.post(
        f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/simpan/",
        {"level": "2", "fakta": "a", "analisis": "b", "version": "0"},
    )
    assert response.status_code == 404


def test_verifier_reads_but_cannot_edit(client, personas, sukamaju, dinkes_assessment):
    login_verified(client, personas["verifier"])
    answer = dinkes_assessment.answers.first()
    assert client.get(f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/").status_code == 200
    response = client.post(
        f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/simpan/",
        {"level": "2", "fakta": "a", "analisis": "b", "version": "0"},
    )
    assert response.status_code == 403


def test_operator_cannot_submit_head_can(client, personas, sukamaju, dinkes_assessment):
    login_verified(client, personas["operator_dinkes"])
    assert (
        client.post(f"/instansi/{sukamaju.slug}/penilaian/{dinkes_assessment.pk}/kirim/").status_code == 403
    )
    login_verified(client, personas["head_dinkes"])
    response = client.post(f"/instansi/{sukamaju.slug}/penilaian/{dinkes_assessment.pk}/kirim/", follow=True)
    assert "Yang masih kurang" in response.content.decode()
    assert UnitAssessment.objects.get(pk=dinkes_assessment.pk).status == UnitAssessment.DRAFT


def test_admin_creates_campaign_with_validation(client, personas, sukamaju, spbe, dinkes):
    login_verified(client, personas["admin"])
    url = f"/instansi/{sukamaju.slug}/periode/baru/"
    data = {
        "name": "PM 2027",
        "year": "2027",
        "kind": "full",
        "framework_version": spbe.pk,
        "opens_on": "2027-01-10",
        "unit_deadline": "2027-01-05T16:00",
        "verification_starts_on": "2027-02-01",
        "verification_ends_on": "2027-02-20",
        "closes_on": "2027-03-01",
        "units": [dinkes.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "tidak boleh sebelum" in response.content.decode()
    response = client.post(url, data | {"unit_deadline": "2027-01-25T16:00"})
    assert response.status_code == 302


def test_admin_creates_a_periodic_check_of_chosen_indicators(
    client, personas, sukamaju, spbe, pemdi, dinkes, disdik
):
    """Cek berkala from the campaign form: only the chosen indicators are asked, of the chosen
    framework; a full assessment names none; a check without indicators is refused."""
    login_verified(client, personas["admin"])
    url = f"/instansi/{sukamaju.slug}/periode/baru/"
    chosen = list(spbe.indicators.order_by("number")[:3])
    other = pemdi.indicators.order_by("number").first()
    data = {
        "name": "Cek berkala Juni",
        "year": "2027",
        "kind": "periodic",
        "framework_version": spbe.pk,
        "opens_on": "2027-06-01",
        "unit_deadline": "2027-06-20T16:00",
        "verification_starts_on": "2027-06-21",
        "verification_ends_on": "2027-06-30",
        "closes_on": "2027-07-05",
        "units": [dinkes.pk, disdik.pk],
    }
    page = client.get(url).content.decode()
    assert "Indikator yang dicek ulang" in page and chosen[0].name in page and other.name in page

    response = client.post(url, data)
    assert "perlu minimal satu indikator" in response.content.decode()
    response = client.post(url, data | {"indicators": [chosen[0].pk, other.pk]})
    assert "harus dari instrumen" in response.content.decode()
    response = client.post(url, data | {"kind": "full", "indicators": [chosen[0].pk]})
    assert "hanya untuk cek berkala" in response.content.decode()
    assert not Campaign.objects.filter(name="Cek berkala Juni").exists()

    response = client.post(url, data | {"indicators": [i.pk for i in chosen]})
    assert response.status_code == 302
    campaign = Campaign.objects.get(name="Cek berkala Juni")
    assert campaign.kind == Campaign.PERIODIC
    assert sorted(campaign.responsibilities.values_list("indicator_id", flat=True)) == sorted(
        i.pk for i in chosen
    )
    services.open_campaign(personas["admin"], campaign, notify=False)
    asked = set(Answer.objects.filter(assessment__campaign=campaign).values_list("indicator_id", flat=True))
    assert asked == {i.pk for i in chosen}
    entry = AuditEntry.objects.filter(action="campaign.create").latest("pk")
    assert entry.after["indicators"] == 3 and entry.after["kind"] == "periodic"


def test_saving_an_answer_stays_within_query_budget(
    client, personas, sukamaju, dinkes_assessment, django_assert_max_num_queries
):
    """Budget: 8 queries in production (session, user, memberships with institution, answer,
    versioned UPDATE, audit head, audit insert, head update); the test transaction adds a
    SAVEPOINT and its RELEASE."""
    client.force_login(personas["operator_dinkes"])  # an operator without a second factor
    answer = dinkes_assessment.answers.first()
    url = f"/instansi/{sukamaju.slug}/jawaban/{answer.pk}/simpan/"
    data = {"level": "3", "fakta": "Perbup 5/2025 hal. 3", "analisis": "Sudah ditetapkan", "version": "0"}
    with django_assert_max_num_queries(10):
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
