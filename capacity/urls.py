from django.urls import path

from capacity import views, views_staff, views_training

app_name = "capacity"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("cakupan.xlsx", views.coverage_excel, name="coverage_excel"),
    path("laporan.pdf", views.report_pdf, name="report_pdf"),
    path("unit/<int:pk>/", views.unit_coverage, name="unit_coverage"),
    path("unit/<int:pk>/laporan.pdf", views.unit_report_pdf, name="unit_report_pdf"),
    path("lampirkan/", views.attach_report, name="attach_report"),
    path("kebutuhan/", views.plan, name="plan"),
    path("pegawai/", views_staff.staff_list, name="staff_list"),
    path("pegawai/baru/", views_staff.staff_create, name="staff_create"),
    path("pegawai/impor/", views_staff.staff_import, name="staff_import"),
    path("pegawai/<int:pk>/", views_staff.staff_detail, name="staff_detail"),
    path("pegawai/<int:pk>/sertifikasi/baru/", views_staff.certification_create, name="certification_create"),
    path("sertifikasi/<int:pk>/", views_staff.certification_edit, name="certification_edit"),
    path("sertifikasi/<int:pk>/berkas/", views_staff.certification_file, name="certification_file"),
    path("pelatihan/", views_training.programme_list, name="programme_list"),
    path("pelatihan/baru/", views_training.programme_create, name="programme_create"),
    path("pelatihan/<int:pk>/", views_training.programme_detail, name="programme_detail"),
    path("pelatihan/<int:pk>/ubah/", views_training.programme_edit, name="programme_edit"),
    path("pelatihan/<int:pk>/sesi/baru/", views_training.session_create, name="session_create"),
    path("pelatihan/<int:pk>/peserta/", views_training.programme_enrol, name="programme_enrol"),
    path("sesi/<int:pk>/kehadiran/", views_training.session_attendance, name="session_attendance"),
    path("peserta/<int:pk>/", views_training.enrolment_update, name="enrolment_update"),
    path("peserta/<int:pk>/sertifikat/", views_training.certificate_download, name="certificate_download"),
]
