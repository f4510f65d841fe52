from celery import shared_task
from django.db import transaction
from django.utils import timezone

from reviews import export, outbox
from reviews.models import ExportJob


@shared_task(name="reviews.render_pdf", ignore_result=True, max_retries=0)
def render_pdf(job_id):
    """Render the PDF of an export job, storing progress as it goes. Idempotent: only a
    queued job is started, under a row lock, so a job published twice (the relay) renders
    once, and one that is gone, running or finished is left alone. A job whose worker died
    mid-render is queued again by the relay once its lease runs out."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ExportJob.Status.QUEUED:
            return
        job.status, job.started_at = ExportJob.Status.RUNNING, timezone.now()
        job.leased_until = job.started_at + outbox.LEASE
        job.save(update_fields=["status", "started_at", "leased_until"])
    job = ExportJob.objects.select_related(
        "requested_by",
        "version__document__candidacy__person",
        "version__document__candidacy__target_level",
    ).get(pk=job_id)

    def progress(percent):
        # Each step renews the lease: a worker killed mid-render lets it run out.
        ExportJob.objects.filter(pk=job_id).update(
            progress=percent, leased_until=timezone.now() + outbox.LEASE
        )

    try:
        content = export.as_pdf(job.version, job.requested_by, progress=progress)
    except Exception as error:  # noqa: BLE001 - any failure is shown to the user, not retried
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.DONE, progress=100, content=content, finished_at=timezone.now()
    )


@shared_task(name="reviews.relay_exports", ignore_result=True)
def relay_exports():
    """Beat: publish PDF exports the broker refused or lost; fail those too old to wait."""
    return outbox.relay()
