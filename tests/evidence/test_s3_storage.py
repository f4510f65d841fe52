"""Attachments through django-storages against a real S3-compatible server (moto's) that the
test starts on loopback. Nothing is mocked inside promo or boto3."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from tests.evidence.factories import saved_artifact

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "promo-test-attachments"
CREDENTIALS = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret"}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3_server():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS).create_bucket(
        Bucket=BUCKET
    )
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_server):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "location": "media",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    return boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **CREDENTIALS)


def test_an_attachment_goes_to_the_bucket_and_comes_back_through_the_view(
    client, world, s3_storage
):
    artifact = saved_artifact(world.owner, title="Ledger rewrite")
    client.force_login(world.owner)
    upload = SimpleUploadedFile("design.txt", b"the design, in words", content_type="text/plain")
    client.post(reverse("evidence_attach", args=[artifact.pk]), {"file": upload})

    attachment = artifact.attachments.get()
    keys = [item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{attachment.file.name}"]

    response = client.get(reverse("evidence_attachment", args=[artifact.pk, attachment.pk]))
    assert b"".join(response.streaming_content) == b"the design, in words"
    client.force_login(world.other_engineer)
    outsider = client.get(reverse("evidence_attachment", args=[artifact.pk, attachment.pk]))
    assert outsider.status_code == 404


def test_s3_bucket_setting_switches_the_default_storage():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "promo.settings",
        "DEBUG": "true",
        "S3_BUCKET": "promo-files",
        "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    script = (
        "import django; django.setup(); from django.conf import settings;"
        "d = settings.STORAGES['default']; print(d['BACKEND'], d['OPTIONS']['bucket_name'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split()[-2:] == ["storages.backends.s3.S3Storage", "promo-files"]
