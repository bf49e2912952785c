from django.urls import path

from portfolio import views, views_catalogue, views_import, views_plan

app_name = "portfolio"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("aplikasi/", views.application_list, name="application_list"),
    path("aplikasi/baru/", views.application_create, name="application_create"),
    path("aplikasi/impor/", views_import.application_import, name="application_import"),
    path("aplikasi/ekspor/", views.application_export, name="application_export"),
    path("aplikasi/<int:pk>/", views.application_detail, name="application_detail"),
    path("aplikasi/<int:pk>/ubah/", views.application_edit, name="application_edit"),
    path("aplikasi/<int:pk>/probe/", views.application_probe, name="application_probe"),
    path("aplikasi/<int:pk>/rencana/", views_plan.disposition_edit, name="disposition_edit"),
    path("tumpang-tindih/", views_plan.overlap_list, name="overlap_list"),
    path("tumpang-tindih/<int:pk>/putuskan/", views_plan.overlap_decide, name="overlap_decide"),
    path("rencana/", views_plan.plan_board, name="plan_board"),
    path("layanan/", views_catalogue.service_list, name="service_list"),
    path("layanan/baru/", views_catalogue.service_create, name="service_create"),
    path("layanan/<int:pk>/ubah/", views_catalogue.service_edit, name="service_edit"),
    path("layanan/<int:pk>/terbit/", views_catalogue.service_publish, name="service_publish"),
    path("pengaturan/", views.portfolio_settings, name="settings"),
]
