from celery import shared_task

from promo.portability.services import personal_export_build, personal_exports_purge_expired


@shared_task(name="promo.portability.build_export", ignore_result=True, max_retries=0)
def build_export(export_id):
    """Pack one personal export. Idempotent: only a queued export is started."""
    personal_export_build(export_id=export_id)


@shared_task(name="promo.portability.purge_exports", ignore_result=True)
def purge_exports():
    """Beat: delete personal exports past their download window."""
    return personal_exports_purge_expired()
