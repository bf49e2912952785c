from django.urls import path

from review import views, views_result

app_name = "review"
urlpatterns = [
    path("periode/<int:pk>/", views.queue, name="queue"),
    path("periode/<int:pk>/terima-sekaligus/", views.bulk_accept, name="bulk_accept"),
    path("periode/<int:pk>/temuan/", views.findings, name="findings"),
    path("periode/<int:pk>/temuan/periksa/", views.run_checks, name="run_checks"),
    path("periode/<int:pk>/hasil/", views_result.result, name="result"),
    path("periode/<int:pk>/hasil/setujui/", views_result.approve, name="approve"),
    path("periode/<int:pk>/hasil/buka-kembali/", views_result.reopen_result, name="reopen_result"),
    path("periode/<int:pk>/hasil/berita-acara.pdf", views_result.berita_acara_pdf, name="berita_acara"),
    path("periode/<int:pk>/hasil/ekspor.csv", views_result.export_csv, name="export_csv"),
    path("periode/<int:pk>/hasil/ekspor.xlsx", views_result.export_xlsx, name="export_xlsx"),
    path("periode/<int:pk>/indikator/<int:number>/", views_result.indicator, name="indicator"),
    path("periode/<int:pk>/indikator/<int:number>/tetapkan/", views_result.settle, name="settle"),
    path("periode/<int:pk>/indikator/<int:number>/catatan/", views.note_add, name="note_add"),
    path("penilaian/<int:pk>/", views.assessment_review, name="assessment"),
    path("penilaian/<int:pk>/perubahan/", views.changes, name="changes"),
    path("penilaian/<int:pk>/kembalikan/", views.return_assessment, name="return"),
    path("penilaian/<int:pk>/terima/", views.accept_assessment, name="accept_assessment"),
    path("jawaban/<int:pk>/", views.answer_review, name="answer"),
    path("jawaban/<int:pk>/putusan/", views.verdict, name="verdict"),
    path("jawaban/<int:pk>/butir/", views.item_verdicts, name="item_verdicts"),
    path("temuan/<int:pk>/abaikan/", views.finding_dismiss, name="finding_dismiss"),
]
