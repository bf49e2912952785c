"""The project's URLs plus the public catalogue page where the lead mounts it (katalog/<inst>/),
so the tests see the page exactly as it will be served."""

from django.urls import path

from portfolio.views import public_catalogue
from swanilai.urls import urlpatterns as project_urls

urlpatterns = [*project_urls, path("katalog/<slug:inst>/", public_catalogue, name="public_catalogue")]
