"""The public catalogue API: checked against its own OpenAPI document with schemathesis, and shown
to leak nothing unpublished or internal to anonymous callers."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.core.failures import FailureGroup

from portfolio.models import Application, ProbeResult, Service

pytestmark = pytest.mark.django_db
SECRET = "catatan-internal-rahasia"
DRAFT = "layanan-draf-rahasia"


@pytest.fixture
def catalogue(sukamaju, dinkes, disdik):
    app = Application.objects.create(
        institution=sukamaju, name="SIMPUS", owner_unit=dinkes, url="https://10.20.0.5/internal-only"
    )
    probe = ProbeResult.objects.create(
        application=app,
        url=app.url,
        reachable=True,
        status=200,
        tls_valid=True,
        tls_days_left=80,
        grade="B",
        score=75,
        error="detail internal",
    )
    Application.objects.filter(pk=app.pk).update(last_probe=probe)
    rows = [
        ("antrian", "kesehatan", dinkes, True),
        ("imunisasi", "kesehatan", dinkes, True),
        ("spmb", "pendidikan", disdik, True),
        ("beasiswa", "pendidikan", disdik, True),
        (DRAFT, "kesehatan", dinkes, False),
    ]
    for n, (slug, category, unit, published) in enumerate(rows):
        Service.objects.create(
            institution=sukamaju,
            slug=slug,
            name=f"Layanan {slug}",
            category=category,
            owner_unit=unit,
            application=app,
            link=f"https://{slug}.uji.example/",
            published=published,
            internal_notes=SECRET,
            sort_order=n,
        )
    return sukamaju


@pytest.fixture
def api_schema(catalogue):
    """The API's own OpenAPI document, served by the real WSGI application. Like Django's test
    client, keep the test's database connection open across these in-process requests (the
    handler would otherwise close it at the end of each request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        yield schema.include(path_regex="^/api/v1/katalog/")
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# schemathesis' own pytest integration (`from_fixture(...).parametrize()`) does not run under pytest 9
# in 4.32.5 (it writes `node._nodeid`), so the operations are driven with Hypothesis directly.
FAST = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def assert_nothing_leaks(response):
    text = response.content.decode() if hasattr(response, "content") else response.text
    for secret in (
        SECRET,
        DRAFT,
        "10.20.0.5",
        "internal-only",
        "detail internal",
        "internal_notes",
        "published",
    ):
        assert secret not in text


def operations(api_schema):
    found = [result.ok() for result in api_schema.get_all_operations()]
    assert len(found) == 4
    return found


def test_api_conforms_to_its_openapi_for_any_input(api_schema):
    for operation in operations(api_schema):

        @given(case=operation.as_strategy())
        @FAST
        def check(case):
            assert_nothing_leaks(case.call_and_validate())

        check()


def test_api_conforms_to_its_openapi_for_the_real_institution(api_schema, catalogue):
    """The same, with the path pointing at an institution that has services, so filters, pages
    and conditional requests are exercised on real rows."""
    for operation in operations(api_schema):

        @given(case=operation.as_strategy())
        @FAST
        def check(case):
            case.path_parameters["inst"] = catalogue.slug
            assert_nothing_leaks(case.call_and_validate())

        check()


def get(client, path, **headers):
    return client.get(f"/api/v1/katalog/{path}", headers=headers)


def test_list_filters_and_pages(client, catalogue, dinkes):
    data = get(client, f"{catalogue.slug}/layanan").json()
    assert data["count"] == 4 and [s["slug"] for s in data["results"]] == [
        "antrian",
        "imunisasi",
        "spmb",
        "beasiswa",
    ]
    assert set(data["results"][0]) == {
        "slug",
        "name",
        "description",
        "category",
        "category_label",
        "unit",
        "link",
        "requirements",
        "sso",
        "health",
        "updated_at",
    }
    assert data["results"][0]["health"]["status"] == "up"
    health = get(client, f"{catalogue.slug}/layanan?kategori=pendidikan").json()
    assert [s["slug"] for s in health["results"]] == ["spmb", "beasiswa"]
    assert get(client, f"{catalogue.slug}/layanan?unit={dinkes.pk}").json()["count"] == 2
    page = get(client, f"{catalogue.slug}/layanan?per_halaman=3&halaman=2").json()
    assert (page["count"], page["pages"], page["page"], len(page["results"])) == (4, 2, 2, 1)
    assert get(client, f"{catalogue.slug}/layanan?kategori=bukan").status_code == 422


def test_etag_and_conditional_requests(client, catalogue):
    first = get(client, f"{catalogue.slug}/layanan")
    etag = first["ETag"]
    assert etag.startswith('W/"') and "max-age" in first["Cache-Control"]
    again = get(client, f"{catalogue.slug}/layanan", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert get(client, f"{catalogue.slug}/layanan", **{"If-None-Match": '"lain"'}).status_code == 200
    Service.objects.filter(slug="antrian").update(name="Antrian puskesmas (baru)")
    changed = get(client, f"{catalogue.slug}/layanan", **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_unpublished_and_unknown_are_404(client, catalogue):
    assert get(client, f"{catalogue.slug}/layanan/antrian").status_code == 200
    assert get(client, f"{catalogue.slug}/layanan/{DRAFT}").status_code == 404
    assert get(client, "tidak-ada/layanan").status_code == 404
    for path in ("layanan", "kategori", "unit", "layanan/antrian"):
        assert_nothing_leaks(get(client, f"{catalogue.slug}/{path}"))


def test_categories_and_units_count_published_only(client, catalogue):
    categories = get(client, f"{catalogue.slug}/kategori").json()
    assert categories == [
        {"code": "pendidikan", "label": "Pendidikan", "count": 2},
        {"code": "kesehatan", "label": "Kesehatan", "count": 2},
    ] or {c["code"]: c["count"] for c in categories} == {"kesehatan": 2, "pendidikan": 2}
    assert {u["short_name"] for u in get(client, f"{catalogue.slug}/unit").json()} == {"Dinkes", "Disdik"}


def test_openapi_document_is_public(client):
    document = json.loads(client.get("/api/v1/openapi.json").content)
    paths = [p for p in document["paths"] if p.startswith("/api/v1/katalog/")]
    assert len(paths) == 4
    operation = document["paths"]["/api/v1/katalog/{inst}/layanan"]["get"]
    assert "security" not in operation or operation["security"] == [{}] or operation["security"] == []
    assert {"200", "304", "404"} <= set(operation["responses"])


def test_the_conformance_check_does_catch_a_broken_response(api_schema, catalogue, monkeypatch):
    """Guard for the guard: a response outside the schema must fail schemathesis' checks."""
    from django.http import HttpResponse

    from portfolio import api

    broken = HttpResponse('{"slug": 1, "health": "rusak"}', content_type="application/json")
    monkeypatch.setattr(api, "conditional", lambda payload, response, if_none_match: broken)
    operation = next(op for op in operations(api_schema) if op.path.endswith("/layanan/{slug}"))
    case = operation.Case(path_parameters={"inst": catalogue.slug, "slug": "antrian"})
    with pytest.raises(FailureGroup, match="failure"):
        case.call_and_validate()
