from django.urls import path

from evidence.views import artifacts, capture, files, history, pages, tags

urlpatterns = [
    path("", artifacts.evidence_list, name="evidence_list"),
    path("new/", artifacts.evidence_new, name="evidence_new"),
    path("preview/", artifacts.evidence_preview, name="evidence_preview"),
    path("capture/", capture.quick_capture, name="quick_capture"),
    path("capture/<int:pk>/undo/", capture.capture_undo, name="quick_capture_undo"),
    path("week/", pages.this_week, name="this_week"),
    path("timeline/", pages.evidence_timeline, name="evidence_timeline"),
    path("trash/", history.evidence_trash_list, name="evidence_trash"),
    path("trash/<int:pk>/restore/", history.evidence_restore, name="evidence_restore"),
    path("<int:pk>/", artifacts.evidence_detail, name="evidence_detail"),
    path("<int:pk>/edit/", artifacts.evidence_edit, name="evidence_edit"),
    path("<int:pk>/delete/", artifacts.evidence_delete, name="evidence_delete"),
    path("<int:pk>/history/", history.evidence_history, name="evidence_history"),
    path(
        "<int:pk>/history/<int:revision_pk>/restore/",
        history.evidence_revision_restore,
        name="evidence_revision_restore",
    ),
    path("<int:pk>/tags/", tags.evidence_tags, name="evidence_tags"),
    path("<int:pk>/tags/<int:tag_pk>/", tags.evidence_tag_edit, name="evidence_tag_edit"),
    path("<int:pk>/attachments/", files.evidence_attach, name="evidence_attach"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        files.evidence_attachment,
        name="evidence_attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/",
        files.evidence_attachment_remove,
        name="evidence_attachment_remove",
    ),
]
