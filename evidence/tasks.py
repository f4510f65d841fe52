from celery import shared_task

from evidence.services import artifact_purge_expired


@shared_task(name="evidence.purge_trash", ignore_result=True)
def purge_trash():
    """Delete artifacts that have sat in the trash past the restore window. Idempotent."""
    return artifact_purge_expired()
