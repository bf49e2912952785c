from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from accounts.urls import oidc_urlpatterns
from accounts.views import login_view
from assessment import views as assessment_views
from orgs.access import public, signed_in
from portfolio.views import public_catalogue
from swanilai import views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", login_view, name="login"),
    path("keluar/", signed_in(auth_views.LogoutView.as_view()), name="logout"),
    path("akun/", include("accounts.urls")),
    path("oidc/", include(oidc_urlpatterns)),
    path("instrumen/", include("instrument.urls")),
    path("instansi/", include("orgs.urls")),
    path("instansi/<slug:inst>/", include("assessment.urls")),
    path("instansi/<slug:inst>/verifikasi/", include("review.urls")),
    path("instansi/<slug:inst>/dasbor/", include("insight.urls")),
    path("instansi/<slug:inst>/portofolio/", include("portfolio.urls")),
    path("instansi/<slug:inst>/sdm/", include("capacity.urls")),
    path("pemberitahuan/", assessment_views.notices, name="notices"),
    path("audit/", include("audit.urls")),
    path("api/v1/", include("api.urls")),
    path("katalog/<slug:inst>/", public_catalogue, name="public_catalogue"),
    path("bahasa/", public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
