"""The REST API (django-ninja), versioned under /api/v1/ with its OpenAPI document.

Deny by default: every operation needs a signed-in session unless it declares `auth=None`
(the public, read-only catalogue). Routers live with their apps (`<app>/api.py`)."""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Swanilai API",
    version="1",
    description="API Swanilai. Operasi publik (tanpa masuk) hanya membaca data yang diterbitkan.",
    auth=django_auth,
    urls_namespace="api",
)
