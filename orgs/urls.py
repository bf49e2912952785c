from django.urls import path

from orgs import views, views_import

app_name = "orgs"
urlpatterns = [
    path("", views.institution_list, name="institution_list"),
    path("baru/", views.institution_create, name="institution_create"),
    path("<slug:inst>/", views.institution_home, name="institution_home"),
    path("<slug:inst>/pengaturan/", views.institution_settings, name="institution_settings"),
    path("<slug:inst>/unit/", views.unit_list, name="unit_list"),
    path("<slug:inst>/unit/baru/", views.unit_create, name="unit_create"),
    path("<slug:inst>/unit/impor/", views_import.unit_import, name="unit_import"),
    path("<slug:inst>/unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<slug:inst>/unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("<slug:inst>/orang/", views.people_list, name="people_list"),
    path("<slug:inst>/orang/undang/", views.person_invite, name="person_invite"),
    path("<slug:inst>/orang/<int:user_id>/", views.person_detail, name="person_detail"),
]
