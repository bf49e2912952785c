"""Every capacity URL × every persona, in the format of orgs/tests/test_url_access.py (whose
EXPECTED must list these too), plus what each role may see of personal data."""

import pytest
from django.urls import reverse

from capacity.tests.factories import (
    capacity_objects,
    make_enrolment,
    make_programme,
    make_staff,
)
from capacity.urls import urlpatterns
from orgs.tests.test_url_access import MEMBERS, PERSONAS, login_verified, only

pytestmark = pytest.mark.django_db

DINKES_READERS = ["admin", "verifier", "koordinator", "viewer", "operator_dinkes", "head_dinkes"]
PEOPLE = ["admin", "operator_dinkes", "operator_disdik", "head_dinkes", "head_disdik"]
DINKES_PEOPLE = ["admin", "operator_dinkes", "head_dinkes"]
POST_ONLY_MEMBERS = only(MEMBERS) | dict.fromkeys(MEMBERS, 405) | {"platform_admin": 405}
POST_ONLY_PEOPLE = only(PEOPLE) | dict.fromkeys(PEOPLE, 405) | {"platform_admin": 405}


INST = lambda ctx: {"inst": ctx["sukamaju"].slug}  # noqa: E731
UNIT = lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": ctx["dinkes"].pk}  # noqa: E731


def of(name):
    return lambda ctx: {"inst": ctx["sukamaju"].slug, "pk": capacity_objects(ctx)[name].pk}


EXPECTED = {
    "capacity:coverage": (INST, only(MEMBERS)),
    "capacity:coverage_excel": (INST, only(MEMBERS)),
    "capacity:report_pdf": (INST, only(MEMBERS)),
    "capacity:unit_coverage": (UNIT, only(DINKES_READERS, operator_disdik=404, head_disdik=404)),
    "capacity:unit_report_pdf": (UNIT, only(DINKES_READERS, operator_disdik=404, head_disdik=404)),
    "capacity:attach_report": (INST, POST_ONLY_MEMBERS),
    "capacity:plan": (INST, only(PEOPLE)),
    "capacity:staff_list": (INST, only(PEOPLE)),
    "capacity:staff_create": (INST, only(PEOPLE)),
    "capacity:staff_import": (INST, only(PEOPLE)),
    "capacity:staff_detail": (of("staff"), only(DINKES_PEOPLE, operator_disdik=404, head_disdik=404)),
    "capacity:certification_create": (of("staff"), only(DINKES_PEOPLE, operator_disdik=404, head_disdik=404)),
    "capacity:certification_edit": (
        of("certification"),
        only(DINKES_PEOPLE, operator_disdik=404, head_disdik=404),
    ),
    "capacity:certification_file": (
        of("certification"),
        only(DINKES_PEOPLE, operator_disdik=404, head_disdik=404),
    ),
    "capacity:programme_list": (INST, only(MEMBERS)),
    "capacity:programme_create": (INST, only(PEOPLE)),
    "capacity:programme_detail": (of("programme"), only(MEMBERS)),
    "capacity:programme_edit": (of("programme"), only(["admin"])),
    "capacity:session_create": (of("programme"), only(["admin"])),
    "capacity:programme_enrol": (of("programme"), only(PEOPLE)),
    "capacity:session_attendance": (of("session"), only(["admin"])),
    "capacity:enrolment_update": (of("enrolment"), POST_ONLY_PEOPLE),
    "capacity:certificate_download": (
        of("enrolment"),
        only(DINKES_PEOPLE, operator_disdik=404, head_disdik=404),
    ),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_capacity_url_is_listed():
    assert {f"capacity:{p.name}" for p in urlpatterns} == set(EXPECTED)


def test_no_capacity_page_is_public():
    for pattern in urlpatterns:
        audience = pattern.callback.swanilai_access
        assert audience.startswith("institution"), f"{pattern.name}: {audience}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_by_persona(name, client, personas, sukamaju, dinkes):
    builder, table = EXPECTED[name]
    ctx = {"personas": personas, "sukamaju": sukamaju, "dinkes": dinkes}
    url = reverse(name, kwargs=builder(ctx))
    results = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            login_verified(client, personas[persona])
        response = client.get(url)
        results[persona] = response.status_code
        if persona == "anonymous":
            assert response.url.startswith(reverse("login"))
    assert results == table, f"{name} ({url})"


# -- personal data -------------------------------------------------------------------------------------


@pytest.fixture
def registry(dinkes, disdik):
    return {"dinkes": make_staff(dinkes, "Sari Dinkes", 11), "disdik": make_staff(disdik, "Budi Disdik", 12)}


def test_units_see_only_their_own_staff(client, personas, sukamaju, registry):
    url = reverse("capacity:staff_list", args=[sukamaju.slug])
    login_verified(client, personas["operator_disdik"])
    page = client.get(url).content.decode()
    assert "Budi Disdik" in page and "Sari Dinkes" not in page and registry["dinkes"].nip not in page
    detail = reverse("capacity:staff_detail", args=[sukamaju.slug, registry["dinkes"].pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"name": "Diubah"}).status_code == 404


def test_admin_sees_and_edits_every_unit(client, personas, sukamaju, registry):
    login_verified(client, personas["admin"])
    page = client.get(reverse("capacity:staff_list", args=[sukamaju.slug])).content.decode()
    assert "Budi Disdik" in page and "Sari Dinkes" in page
    staff = registry["dinkes"]
    response = client.post(
        reverse("capacity:staff_detail", args=[sukamaju.slug, staff.pk]),
        {
            "name": "Sari Dinkes, S.Kom.",
            "nip": staff.nip,
            "employment": "pns",
            "position": "Pranata Komputer",
            "unit": staff.unit_id,
            "digital_role": "admin_aplikasi",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.name == "Sari Dinkes, S.Kom."


def test_outsider_admin_gets_404(client, personas, sukamaju, registry):
    login_verified(client, personas["outsider_admin"])
    assert (
        client.get(reverse("capacity:staff_detail", args=[sukamaju.slug, registry["dinkes"].pk])).status_code
        == 404
    )
    assert client.get(reverse("capacity:coverage", args=[sukamaju.slug])).status_code == 404


def test_aggregate_readers_see_no_names(client, personas, sukamaju, dinkes, registry):
    login_verified(client, personas["verifier"])
    for url in [
        reverse("capacity:coverage", args=[sukamaju.slug]),
        reverse("capacity:unit_coverage", args=[sukamaju.slug, dinkes.pk]),
    ]:
        page = client.get(url).content.decode()
        assert "Sari Dinkes" not in page and registry["dinkes"].nip not in page
        assert reverse("capacity:staff_list", args=[sukamaju.slug]) not in page


def test_excel_has_name_sheets_only_for_people_roles(client, personas, sukamaju, registry):
    import io

    import openpyxl

    url = reverse("capacity:coverage_excel", args=[sukamaju.slug])
    for persona, named in [("viewer", False), ("operator_dinkes", True)]:
        client.logout()
        login_verified(client, personas[persona])
        book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
        assert ("Kebutuhan pelatihan" in book.sheetnames) is named, persona
        cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
        assert "Budi Disdik" not in cells  # never another unit's people
        assert ("Sari Dinkes" in cells) is named, persona


def test_programme_page_names_only_visible_participants(client, personas, sukamaju, registry):
    programme = make_programme(sukamaju, ["literasi"])
    make_enrolment(programme, registry["dinkes"])
    make_enrolment(programme, registry["disdik"])
    url = reverse("capacity:programme_detail", args=[sukamaju.slug, programme.pk])
    login_verified(client, personas["operator_dinkes"])
    page = client.get(url).content.decode()
    assert "Sari Dinkes" in page and "Budi Disdik" not in page and "Disdik: 1" in page
    client.logout()
    login_verified(client, personas["viewer"])
    page = client.get(url).content.decode()
    assert "Sari Dinkes" not in page and "Dinkes: 1" in page
