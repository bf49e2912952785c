"""Units and people managed by the institution admin, through the product's own pages."""

import pytest
from django.core import mail

from audit.models import AuditEntry
from orgs.models import Institution, Membership, Role, Unit
from orgs.tests.test_url_access import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, personas):
    login_verified(client, personas["admin"])
    return client


def test_create_unit_and_refuse_duplicate(admin_client, sukamaju, dinkes):
    url = f"/instansi/{sukamaju.slug}/unit/baru/"
    response = admin_client.post(url, {"name": "Dinas Sosial", "short_name": "Dinsos", "kind": "dinas"})
    assert response.status_code == 302
    unit = Unit.objects.get(institution=sukamaju, short_name="Dinsos")
    assert AuditEntry.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()
    count = Unit.objects.count()
    response = admin_client.post(url, {"name": "dinas kesehatan", "short_name": "DKS", "kind": "dinas"})
    assert response.status_code == 200
    assert "Unit dengan nama ini sudah ada" in response.content.decode()
    assert Unit.objects.count() == count


def test_same_unit_name_allowed_in_another_institution(admin_client, sukamaju, sukamundur):
    Unit.objects.create(institution=sukamundur, name="Dinas Sosial", short_name="Dinsos", kind="dinas")
    response = admin_client.post(
        f"/instansi/{sukamaju.slug}/unit/baru/",
        {"name": "Dinas Sosial", "short_name": "Dinsos", "kind": "dinas"},
    )
    assert response.status_code == 302


def test_unit_parent_cycle_refused(admin_client, sukamaju, dinkes, disdik):
    disdik.parent = dinkes
    disdik.save()
    response = admin_client.post(
        f"/instansi/{sukamaju.slug}/unit/{dinkes.pk}/ubah/",
        {
            "name": dinkes.name,
            "short_name": "Dinkes",
            "kind": "dinas",
            "parent": disdik.pk,
            "is_active": "on",
        },
    )
    assert "tidak boleh unit itu sendiri atau bawahannya" in response.content.decode()


def test_invite_person_sends_link_and_sets_roles(
    admin_client, sukamaju, dinkes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/instansi/{sukamaju.slug}/orang/undang/",
            {
                "email": "Siti@Dinkes.example.go.id",
                "full_name": "Siti Aminah",
                "operator_units": [dinkes.pk],
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="siti@dinkes.example.go.id")
    assert membership.role == Role.UNIT_OPERATOR and membership.unit == dinkes
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1 and "/akun/atur-sandi/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="person.invite").exists()


def test_invite_existing_address_refused_and_nothing_changes(admin_client, sukamaju, personas):
    before = Membership.objects.count()
    response = admin_client.post(
        f"/instansi/{sukamaju.slug}/orang/undang/",
        {
            "email": personas["verifier"].email.upper(),
            "full_name": "Orang Lain",
            "roles": ["viewer"],
        },
    )
    assert response.status_code == 200
    assert "sudah terdaftar" in response.content.decode()
    assert Membership.objects.count() == before and len(mail.outbox) == 0


def test_invite_without_role_refused(admin_client, sukamaju):
    response = admin_client.post(
        f"/instansi/{sukamaju.slug}/orang/undang/", {"email": "baru@example.go.id", "full_name": "Baru"}
    )
    assert "Pilih minimal satu peran" in response.content.decode()


def test_change_roles_and_deactivate(admin_client, sukamaju, personas, disdik):
    person = personas["operator_dinkes"]
    url = f"/instansi/{sukamaju.slug}/orang/{person.pk}/"
    admin_client.post(url, {"action": "roles", "roles": ["viewer"], "head_units": [disdik.pk]})
    roles = set(Membership.objects.filter(user=person).values_list("role", "unit"))
    assert roles == {("viewer", None), ("head", disdik.pk)}
    entry = AuditEntry.objects.get(action="person.roles")
    assert entry.before == {"roles": ["operator:Dinkes"]}
    admin_client.post(url, {"action": "deactivate"})
    person.refresh_from_db()
    assert not person.is_active
    page = admin_client.get(url).content.decode()
    assert "Pemantau" in page and "Kepala unit" in page


def test_admin_cannot_deactivate_self(admin_client, sukamaju, personas):
    admin = personas["admin"]
    response = admin_client.post(
        f"/instansi/{sukamaju.slug}/orang/{admin.pk}/", {"action": "deactivate"}, follow=True
    )
    assert "tidak dapat menonaktifkan akun Anda sendiri" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_admin_resets_a_lost_second_factor(admin_client, sukamaju, personas):
    """The verifier lost their phone: the admin resets it (audited), the verifier's session is no
    longer verified and the next page asks them to enrol a new authenticator."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    Institution.objects.filter(pk=sukamaju.pk).update(require_2fa=True)
    verifier, client = personas["verifier"], Client()
    login_verified(client, verifier)
    assert client.get(f"/instansi/{sukamaju.slug}/").status_code == 200
    url = f"/instansi/{sukamaju.slug}/orang/{verifier.pk}/"
    assert "Atur ulang verifikasi dua langkah" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"action": "reset_2fa"}, follow=True)
    assert "diatur ulang" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=verifier).exists()
    entry = AuditEntry.objects.get(action="auth.2fa_reset")
    assert entry.object_id == str(verifier.pk) and entry.actor_id == personas["admin"].pk
    assert "Atur ulang verifikasi dua langkah" not in admin_client.get(url).content.decode()
    response = client.get(f"/instansi/{sukamaju.slug}/")
    assert response.status_code == 302 and "/akun/2fa/" in response.url


def test_second_factor_reset_is_refused_where_it_must_be(admin_client, sukamaju, sukamundur, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from orgs.models import Role

    admin = personas["admin"]  # signed in with a verified device
    response = admin_client.post(
        f"/instansi/{sukamaju.slug}/orang/{admin.pk}/", {"action": "reset_2fa"}, follow=True
    )
    assert "halaman Akun" in response.content.decode()
    twice = personas["head_dinkes"]
    Membership.objects.create(user=twice, institution=sukamundur, role=Role.VIEWER)
    TOTPDevice.objects.create(user=twice, name="x", confirmed=True)
    response = admin_client.post(
        f"/instansi/{sukamaju.slug}/orang/{twice.pk}/", {"action": "reset_2fa"}, follow=True
    )
    assert "instansi lain" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists() and TOTPDevice.objects.filter(user=twice).exists()
    assert not AuditEntry.objects.filter(action="auth.2fa_reset").exists()


def test_operator_sees_only_own_unit(client, personas, sukamaju, dinkes, disdik):
    login_verified(client, personas["operator_dinkes"])
    html = client.get(f"/instansi/{sukamaju.slug}/unit/").content.decode()
    assert "Dinas Kesehatan" in html and "Dinas Pendidikan" not in html
    assert client.get(f"/instansi/{sukamaju.slug}/unit/{disdik.pk}/").status_code == 404


def test_demo_loads_idempotently(db):
    from orgs.demo import load_demo

    first = load_demo()
    second = load_demo()
    assert first == second
    assert Unit.objects.filter(institution__slug="sukamaju").count() >= 45
    roles = set(Membership.objects.filter(institution__slug="sukamaju").values_list("role", flat=True))
    assert roles == {r.value for r in Role}


def test_institution_logo_checked_by_content(admin_client, sukamaju, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url = f"/instansi/{sukamaju.slug}/pengaturan/"
    data = {
        "name": sukamaju.name,
        "slug": sukamaju.slug,
        "kind": "kabupaten",
        "region_code": "32.99",
        "time_zone": "Asia/Jakarta",
        "evidence_max_mb": "20",
    }
    fake = SimpleUploadedFile("logo.png", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/png")
    response = admin_client.post(url, data | {"logo": fake})
    assert "Logo harus gambar PNG" in response.content.decode()
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    response = admin_client.post(url, data | {"logo": SimpleUploadedFile("x.svg", png)})
    assert response.status_code == 302
    sukamaju.refresh_from_db()
    assert sukamaju.logo.name.endswith(".png")
