from django.http import Http404

from promo.models import Notification


def notification_for_viewer(viewer, pk):
    """The viewer's own notification `pk`; anyone else's is 404."""
    notification = Notification.objects.filter(pk=pk, recipient_id=viewer.pk).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification
