from django.urls import path

from reviews.views import documents, exports, rounds

urlpatterns = [
    path("", documents.home, name="reviews_home"),
    path("start/", documents.start, name="reviews_start"),
    path("shared/", rounds.shared, name="reviews_shared"),
    path("<int:pk>/", documents.document, name="reviews_document"),
    path("<int:pk>/edit/", documents.edit, name="reviews_edit"),
    path("<int:pk>/edit/preview/", documents.draft_preview, name="reviews_draft_preview"),
    path("<int:pk>/edit/save/", documents.draft_save, name="reviews_draft_save"),
    path("<int:pk>/share/", documents.share, name="reviews_share"),
    path("<int:pk>/diff/", documents.diff, name="reviews_diff"),
    path("<int:pk>/v<int:number>/", documents.version, name="reviews_version"),
    path("<int:pk>/v<int:number>/export.md", exports.markdown, name="reviews_export_markdown"),
    path("<int:pk>/v<int:number>/print/", exports.print_page, name="reviews_export_print"),
    path("<int:pk>/v<int:number>/pdf/", exports.pdf, name="reviews_export_pdf"),
    path("exports/<int:pk>/", exports.export_status, name="reviews_export"),
    path("exports/<int:pk>/download/", exports.download, name="reviews_export_download"),
    path("rounds/<int:pk>/", rounds.round_detail, name="reviews_round"),
    path("rounds/<int:pk>/threads/", rounds.thread_new, name="reviews_thread_new"),
    path("rounds/<int:pk>/verdicts/", rounds.verdicts, name="reviews_verdicts"),
    path("rounds/<int:pk>/feedback/", rounds.give_feedback, name="reviews_round_feedback"),
    path("rounds/<int:pk>/close/", rounds.close, name="reviews_round_close"),
    path("threads/<int:pk>/reply/", rounds.thread_reply, name="reviews_thread_reply"),
    path("threads/<int:pk>/comments/", rounds.comment_new, name="reviews_comment_new"),
    path("threads/<int:pk>/resolve/", rounds.thread_resolve, name="reviews_thread_resolve"),
    path("threads/<int:pk>/reopen/", rounds.thread_reopen, name="reviews_thread_reopen"),
    path("threads/<int:pk>/gaps/", rounds.thread_link_gap, name="reviews_thread_link_gap"),
]
