"""My notifications: list them, mark one or all read."""

from ninja import Field, Query, Router, Schema

from promo.api.auth import auth_for
from promo.api.errors import ApiError
from promo.api.nudges.schemas import MarkedRead, NotificationOut, NotificationPage
from promo.api.schemas import ERRORS
from promo.nudges.access import notification_for_viewer
from promo.nudges.services import notifications_mark_all_read

# Marking read is part of reading them: readiness:read covers notifications entirely.
AUTH = auth_for("readiness:read")
router = Router(tags=["notifications"])


class NotificationFilters(Schema):
    unread: bool = False
    cursor: str = Field("", description="The next_cursor of the page before.")
    limit: int = Field(30, ge=1, le=100)


@router.get(
    "/notifications/",
    response={200: NotificationPage, **ERRORS},
    auth=AUTH,
    url_name="notifications",
)
def my_notifications(request, filters: Query[NotificationFilters]):
    """Your notifications, newest first."""
    mine = request.auth.notifications.all()
    rows = mine.filter(read_at__isnull=True) if filters.unread else mine
    if filters.cursor:
        if not filters.cursor.isdigit():
            raise ApiError(422, "invalid", "This cursor is not one promo gave.", field="cursor")
        rows = rows.filter(pk__lt=int(filters.cursor))
    items = list(rows.order_by("-id")[: filters.limit + 1])
    more = len(items) > filters.limit
    items = items[: filters.limit]
    return {
        "items": items,
        "unread": mine.filter(read_at__isnull=True).count(),
        "next_cursor": str(items[-1].pk) if more else None,
    }


@router.post(
    "/notifications/{int:pk}/read/",
    response={200: NotificationOut, **ERRORS},
    auth=AUTH,
    url_name="notification_read",
)
def mark_read(request, pk: int):
    notification = notification_for_viewer(request.auth, pk)
    notification.mark_read()
    return notification


@router.post(
    "/notifications/read-all/",
    response={200: MarkedRead, **ERRORS},
    auth=AUTH,
    url_name="notifications_read_all",
)
def mark_all_read(request):
    return {"marked": notifications_mark_all_read(person=request.auth)}
