from datetime import datetime

from ninja import Field, Schema


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str = Field(..., description="Where it leads in promo, as a path.")
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    unread: int
    next_cursor: str | None


class MarkedRead(Schema):
    marked: int
