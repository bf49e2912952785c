from django.urls import path

from insight import views, views_coaching

app_name = "insight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pimpinan/", views.leadership_page, name="leadership"),
    path("tren/", views.trends_page, name="trends"),
    path("unit/<int:pk>/", views.unit_dashboard, name="unit_dashboard"),
    path("perencana/", views.planner_page, name="planner"),
    path("perencana/usaha/", views.efforts, name="efforts"),
    path("hasil-resmi/", views.official_results, name="official_results"),
    path("hasil-resmi/impor/", views.official_import, name="official_import"),
    path("hasil-resmi/<int:pk>/hapus/", views.official_delete, name="official_delete"),
    path("pembinaan/", views_coaching.plan_list, name="plan_list"),
    path("pembinaan/baru/", views_coaching.plan_create, name="plan_create"),
    path("pembinaan/dari-perencana/", views_coaching.plan_from_planner, name="plan_from_planner"),
    path("pembinaan/<int:pk>/", views_coaching.plan_detail, name="plan_detail"),
    path("pembinaan/<int:pk>/aksi/", views_coaching.action_add, name="action_add"),
    path("pembinaan/<int:pk>/sesi/", views_coaching.session_add, name="session_add"),
    path("pembinaan/aksi/<int:pk>/", views_coaching.action_edit, name="action_edit"),
    path("pembinaan/aksi/<int:pk>/kemajuan/", views_coaching.action_progress, name="action_progress"),
    path("pembinaan/berkas/<int:pk>/", views_coaching.session_file, name="session_file"),
    path("pembinaan/cek-berkala/", views_coaching.check_create, name="check_create"),
    path("pembinaan/cek-berkala/<int:pk>/", views_coaching.check_results, name="check_results"),
]
