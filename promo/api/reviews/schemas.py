from datetime import datetime

from ninja import Schema


class VersionSummaryOut(Schema):
    number: int
    created_at: datetime


class DocumentOut(Schema):
    id: int
    person_id: int
    person_name: str
    title: str
    versions: list[VersionSummaryOut]


class SectionOut(Schema):
    key: str
    title: str
    body: str  # markdown, as written


class VersionOut(Schema):
    document_id: int
    number: int
    created_at: datetime
    sections: list[SectionOut]
