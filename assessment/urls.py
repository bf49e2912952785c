from django.urls import path

from assessment import views, views_evidence, views_excel

app_name = "assessment"
urlpatterns = [
    path("periode/", views.campaign_list, name="campaign_list"),
    path("periode/baru/", views.campaign_create, name="campaign_create"),
    path("periode/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("periode/<int:pk>/matriks/", views.campaign_matrix, name="matrix"),
    path("periode/<int:pk>/buka/", views.campaign_open, name="campaign_open"),
    path("penilaian/<int:pk>/", views.workspace, name="workspace"),
    path("penilaian/<int:pk>/kirim/", views.assessment_submit, name="submit"),
    path("penilaian/<int:pk>/buka-kembali/", views.assessment_reopen, name="reopen"),
    path("penilaian/<int:pk>/perpanjang/", views.assessment_extend, name="extend"),
    path("penilaian/<int:pk>/excel/", views_excel.excel_download, name="excel_download"),
    path("penilaian/<int:pk>/excel/unggah/", views_excel.excel_upload, name="excel_upload"),
    path("jawaban/<int:pk>/", views.answer_detail, name="answer"),
    path("jawaban/<int:pk>/simpan/", views.answer_save, name="answer_save"),
    path("jawaban/<int:pk>/bukti/unggah/", views_evidence.evidence_upload, name="evidence_upload"),
    path("jawaban/<int:pk>/bukti/tautan/", views_evidence.evidence_link, name="evidence_link"),
    path("jawaban/<int:pk>/bukti/lampirkan/", views_evidence.evidence_attach, name="evidence_attach"),
    path(
        "jawaban/<int:pk>/bukti/<int:attachment_id>/lepas/",
        views_evidence.evidence_detach,
        name="evidence_detach",
    ),
    path("bukti/<int:pk>/unduh/", views_evidence.evidence_download, name="evidence_download"),
]
