from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from swanilai import views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("instrumen/", include("instrument.urls")),
    path("bahasa/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
