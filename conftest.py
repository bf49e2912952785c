"""Shared fixtures: the shipped frameworks are loaded once into the test database."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from instrument.services import default_framework_files, load_frameworks

    with django_db_blocker.unblock():
        load_frameworks(default_framework_files())


@pytest.fixture
def spbe(db):
    from instrument.models import FrameworkVersion

    return FrameworkVersion.objects.select_related("framework").get(
        framework__slug="spbe-2020", is_current=True
    )


@pytest.fixture
def pemdi(db):
    from instrument.models import FrameworkVersion

    return FrameworkVersion.objects.select_related("framework").get(
        framework__slug="pemdi-2026", is_current=True
    )


@pytest.fixture
def demo_user(db, django_user_model):
    return django_user_model.objects.create_user(
        "pengguna", password="Rahasia-Sekali-2026", first_name="Budi"
    )


@pytest.fixture
def logged_in(client, demo_user):
    client.force_login(demo_user)
    return client


# -- personas ------------------------------------------------------------------------------------
# Two institutions: Sukamaju (with Dinas Kesehatan and Dinas Pendidikan) and Sukamundur.
PASSWORD = "Rahasia-Sekali-2026"


@pytest.fixture
def sukamaju(db):
    from orgs.models import Institution

    return Institution.objects.create(
        name="Kabupaten Uji Sukamaju",
        slug="uji-sukamaju",
        kind="kabupaten",
        region_code="32.99",
        require_2fa=False,
    )


@pytest.fixture
def sukamundur(db):
    from orgs.models import Institution

    return Institution.objects.create(
        name="Kota Uji Sukamundur",
        slug="uji-sukamundur",
        kind="kota",
        time_zone="Asia/Makassar",
        require_2fa=False,
    )


@pytest.fixture
def dinkes(sukamaju):
    from orgs.models import Unit

    return Unit.objects.create(
        institution=sukamaju, name="Dinas Kesehatan", short_name="Dinkes", kind="dinas"
    )


@pytest.fixture
def disdik(sukamaju):
    from orgs.models import Unit

    return Unit.objects.create(
        institution=sukamaju, name="Dinas Pendidikan", short_name="Disdik", kind="dinas"
    )


@pytest.fixture
def other_unit(sukamundur):
    from orgs.models import Unit

    return Unit.objects.create(
        institution=sukamundur, name="Dinas Kesehatan", short_name="Dinkes", kind="dinas"
    )


def make_person(username, institution=None, role=None, unit=None, **extra):
    from django.contrib.auth import get_user_model

    from orgs.models import Membership

    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.go.id", password=PASSWORD, first_name=username.title(), **extra
    )
    if institution is not None:
        Membership.objects.create(user=user, institution=institution, role=role, unit=unit)
    return user


@pytest.fixture
def personas(sukamaju, sukamundur, dinkes, disdik, other_unit):
    """Every role of the product, by name."""
    from orgs.models import Role

    return {
        "operator_dinkes": make_person("op.dinkes", sukamaju, Role.UNIT_OPERATOR, dinkes),
        "operator_disdik": make_person("op.disdik", sukamaju, Role.UNIT_OPERATOR, disdik),
        "head_dinkes": make_person("kepala.dinkes", sukamaju, Role.UNIT_HEAD, dinkes),
        "head_disdik": make_person("kepala.disdik", sukamaju, Role.UNIT_HEAD, disdik),
        "verifier": make_person("verifikator", sukamaju, Role.VERIFIER),
        "koordinator": make_person("sekda", sukamaju, Role.KOORDINATOR),
        "viewer": make_person("bupati", sukamaju, Role.VIEWER),
        "admin": make_person("admin.kominfo", sukamaju, Role.INSTITUTION_ADMIN),
        "outsider_admin": make_person("admin.sukamundur", sukamundur, Role.INSTITUTION_ADMIN),
        "platform_admin": make_person("platform", None, is_superuser=True, is_staff=True),
    }


# -- assessment -----------------------------------------------------------------------------------


def open_campaign(admin, institution, version, units, name, notify=True):
    """A campaign of `version` opened today for `units`, the unit deadline in 10 days."""
    from datetime import date, timedelta

    from django.utils import timezone

    from assessment import services
    from assessment.models import Campaign

    today = date.today()
    draft = Campaign(
        institution=institution,
        framework_version=version,
        name=name,
        year=2026,
        opens_on=today,
        unit_deadline=timezone.now() + timedelta(days=10),
        verification_starts_on=today + timedelta(days=11),
        verification_ends_on=today + timedelta(days=20),
        closes_on=today + timedelta(days=30),
    )
    created = services.create_campaign(admin, draft, units)
    services.open_campaign(admin, created, notify=notify)
    created.refresh_from_db()
    return created


@pytest.fixture
def make_campaign(db):
    """`open_campaign` for tests that need a campaign of their own."""
    return open_campaign


@pytest.fixture
def campaign(spbe, sukamaju, dinkes, disdik, personas):
    """An open SPBE 2020 campaign with Dinkes and Disdik taking part."""
    return open_campaign(personas["admin"], sukamaju, spbe, [dinkes, disdik], "PM SPBE 2026")


@pytest.fixture
def pemdi_campaign(pemdi, sukamaju, dinkes, disdik, personas):
    """An open Pemdi 2026 campaign with Dinkes and Disdik taking part."""
    return open_campaign(personas["admin"], sukamaju, pemdi, [dinkes, disdik], "PM Pemdi 2026", notify=False)


@pytest.fixture
def dinkes_assessment(campaign, dinkes):
    return campaign.assessments.get(unit=dinkes)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks run at once in tests (the worker runs them in production)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many people and log in often; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# -- browser tests (swanilai/tests/browser.py) ------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module."""
    from playwright.sync_api import sync_playwright

    from swanilai.tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context per test, against the live server, in Indonesian."""
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
