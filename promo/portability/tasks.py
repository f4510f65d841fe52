from celery import shared_task

from promo.portability.leaving_purge import leavers_private_data_delete
from promo.portability.services import personal_export_build, personal_exports_purge_expired


@shared_task(name="promo.portability.build_export", ignore_result=True, max_retries=0)
def build_export(export_id):
    """Pack one personal export. Idempotent: only a queued export is started."""
    personal_export_build(export_id=export_id)


@shared_task(name="promo.portability.purge_exports", ignore_result=True)
def purge_exports():
    """Beat: delete personal exports past their download window."""
    return personal_exports_purge_expired()


@shared_task(name="promo.portability.delete_leavers_private_data", ignore_result=True)
def delete_leavers_private_data():
    """Beat, daily: delete what only they could see of people who left LEAVING_DAYS ago."""
    return leavers_private_data_delete()
