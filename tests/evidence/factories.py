import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.attachments import attachment_add
from evidence.models import Artifact, ArtifactTag
from evidence.services import artifact_create
from tests.factories import UserFactory


class ArtifactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artifact

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Shipped thing {n}")
    happened_on = factory.LazyFunction(datetime.date.today)
    kind = Artifact.Kind.PROJECT
    body = "Did the work."


class ArtifactTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArtifactTag

    artifact = factory.SubFactory(ArtifactFactory)
    strength = ArtifactTag.Strength.STRONG
    rationale = "Shows it."


def saved_artifact(owner, **data):
    """An artifact made through the service, so it has its first revision."""
    data.setdefault("title", "Cut checkout latency")
    return artifact_create(owner=owner, data=data)


def attached(artifact, name="notes.txt", content=b"hello"):
    return attachment_add(
        artifact=artifact, upload=SimpleUploadedFile(name, content), by=artifact.owner
    )
