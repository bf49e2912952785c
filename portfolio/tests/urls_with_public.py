"""The project's URLs plus the public catalogue page where the lead mounts it (katalog/<inst>/),
so the tests see the page exactly as it will be served (added only if not mounted yet)."""

from django.urls import path

from portfolio.views import public_catalogue
from swanilai.urls import urlpatterns as project_urls

mounted = any(getattr(p, "name", None) == "public_catalogue" for p in project_urls)
urlpatterns = [*project_urls] + (
    [] if mounted else [path("katalog/<slug:inst>/", public_catalogue, name="public_catalogue")]
)
