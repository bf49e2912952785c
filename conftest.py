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
