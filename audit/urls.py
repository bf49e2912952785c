from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.platform_log, name="platform_log"),
    path("<slug:inst>/", views.institution_log, name="institution_log"),
]
