"""The public, read-only API of the super-app service catalogue, under /api/v1/katalog/.

A mobile super app builds its menu from it: published services only, filtered by category and
unit, paginated, with ETag / If-None-Match (304) so an unchanged menu costs nothing to refresh.
No sign-in (`auth=None`), and nothing internal leaves: no unpublished service, no internal notes,
no application URL, probe detail or error — only a health word.
"""

import hashlib
import json
import math
from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Header, Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from orgs.models import Institution, Unit
from portfolio.models import Service, ServiceCategory

router = Router(tags=["katalog layanan"], auth=None)

Health = Literal["up", "down", "degraded", "unknown"]
CACHE_CONTROL = "public, max-age=60"


class UnitOut(Schema):
    id: int
    name: str
    short_name: str


class HealthOut(Schema):
    status: Health = Field(
        description="up: berjalan; degraded: menjawab tetapi bermasalah; down: tidak menjawab"
    )
    checked_at: datetime | None = None


class ServiceOut(Schema):
    slug: str
    name: str
    description: str
    category: str
    category_label: str
    unit: UnitOut
    link: str
    requirements: str
    sso: bool
    health: HealthOut
    updated_at: datetime


class ServicePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[ServiceOut]


class CategoryOut(Schema):
    code: str
    label: str
    count: int


class Problem(Schema):
    detail: str


class ServiceFilter(Schema):
    kategori: ServiceCategory | None = Field(None, description="Kode kategori, mis. kesehatan")
    unit: int | None = Field(None, ge=1, le=2**31 - 1, description="id unit pemilik")
    halaman: int = Field(1, ge=1, le=10_000)
    per_halaman: int = Field(20, ge=1, le=100)


# -- helpers --------------------------------------------------------------------------------------


def _institution(inst: str) -> Institution:
    return get_object_or_404(Institution, slug=inst)


def _published(institution):
    return (
        Service.objects.published()
        .filter(institution=institution)
        .select_related("owner_unit", "application__last_probe")
        .order_by("sort_order", "name", "pk")
    )


def _health(service: Service) -> dict:
    probe = service.application.last_probe if service.application_id and service.application else None
    if probe is None or probe.health == "blocked":
        return {"status": "unknown", "checked_at": probe.at if probe else None}
    return {"status": probe.health, "checked_at": probe.at}


def service_out(service: Service) -> dict:
    unit = service.owner_unit
    return {
        "slug": service.slug,
        "name": service.name,
        "description": service.description,
        "category": service.category,
        "category_label": str(service.get_category_display()),
        "unit": {"id": unit.pk, "name": unit.name, "short_name": unit.short_name},
        "link": service.link,
        "requirements": service.requirements,
        "sso": service.sso,
        "health": _health(service),
        "updated_at": service.updated_at,
    }


def etag_for(payload) -> str:
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return 'W/"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Weak comparison, as If-None-Match uses (RFC 9110 §13.1.2)."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or wanted in tags


def conditional(payload, response: HttpResponse, if_none_match: str | None):
    """The payload with its ETag, or 304 Not Modified when the client already has it."""
    etag = etag_for(payload)
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    if matches(if_none_match, etag):
        return Status(304, None)
    return Status(200, payload)


INM = Header(None, alias="If-None-Match", description="ETag dari jawaban sebelumnya; sama → 304")


# -- operations -----------------------------------------------------------------------------------


@router.get("/{inst}/layanan", response={200: ServicePage, 304: None, 404: Problem}, summary="Daftar layanan")
def list_services(
    request: HttpRequest,
    response: HttpResponse,
    inst: str,
    filters: Query[ServiceFilter],
    if_none_match: str | None = INM,
):
    """Layanan yang diterbitkan, diurutkan seperti menu super app; dapat disaring per kategori dan
    per unit, dengan halaman."""
    services = _published(_institution(inst))
    if filters.kategori:
        services = services.filter(category=filters.kategori)
    if filters.unit:
        services = services.filter(owner_unit_id=filters.unit)
    count = services.count()
    start = (filters.halaman - 1) * filters.per_halaman
    rows = services[start : start + filters.per_halaman] if start < count else []
    payload = {
        "count": count,
        "page": filters.halaman,
        "page_size": filters.per_halaman,
        "pages": max(1, math.ceil(count / filters.per_halaman)),
        "results": [service_out(s) for s in rows],
    }
    return conditional(payload, response, if_none_match)


@router.get(
    "/{inst}/layanan/{slug}", response={200: ServiceOut, 304: None, 404: Problem}, summary="Satu layanan"
)
def get_service(
    request: HttpRequest, response: HttpResponse, inst: str, slug: str, if_none_match: str | None = INM
):
    service = get_object_or_404(_published(_institution(inst)), slug=slug)
    return conditional(service_out(service), response, if_none_match)


@router.get(
    "/{inst}/kategori", response={200: list[CategoryOut], 304: None, 404: Problem}, summary="Kategori layanan"
)
def list_categories(request: HttpRequest, response: HttpResponse, inst: str, if_none_match: str | None = INM):
    """Kategori yang punya layanan terbit, dengan jumlahnya (untuk menu utama)."""
    counts: dict[str, int] = {}
    for category in _published(_institution(inst)).values_list("category", flat=True):
        counts[category] = counts.get(category, 0) + 1
    payload = [
        {"code": code, "label": str(label), "count": counts[code]}
        for code, label in ServiceCategory.choices
        if code in counts
    ]
    return conditional(payload, response, if_none_match)


@router.get(
    "/{inst}/unit", response={200: list[UnitOut], 304: None, 404: Problem}, summary="Unit pemilik layanan"
)
def list_units(request: HttpRequest, response: HttpResponse, inst: str, if_none_match: str | None = INM):
    """Unit yang punya layanan terbit (untuk saringan `unit`)."""
    institution = _institution(inst)
    units = Unit.objects.filter(institution=institution, services__published=True).distinct().order_by("name")
    payload = [{"id": u.pk, "name": u.name, "short_name": u.short_name} for u in units]
    return conditional(payload, response, if_none_match)
