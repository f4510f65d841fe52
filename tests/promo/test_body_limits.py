"""Request bodies over their view's cap are refused with 413 before they are read.

The live tests run gunicorn with production settings and speak raw HTTP over a socket,
so they can count how much of a 60 MB upload the server took before it answered.
"""

import contextlib
import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from evidence.models import ArtifactAttachment
from tests.conftest import require
from tests.evidence.factories import saved_artifact

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MB = 1024 * 1024
SIXTY_MB = 60 * MB
CHUNK = 64 * 1024
CSRF_TOKEN = "a" * 32


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- Through the test client ------------------------------------------------------------


def test_an_upload_over_the_cap_gets_the_413_page(client, world):
    artifact = saved_artifact(world.owner)
    client.force_login(world.owner)
    big = SimpleUploadedFile("deck.pdf", b"x" * (django_settings.ATTACHMENT_REQUEST_MAX_BYTES))
    response = client.post(reverse("evidence_attach", args=[artifact.pk]), {"file": big})
    assert response.status_code == 413
    html = response.content.decode()
    assert "larger than promo accepts here" in html and "Nothing was saved" in html
    assert "An attachment can be at most 5.0\xa0MB. Link to a larger file instead." in html
    assert '<link rel="stylesheet"' in html
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert not ArtifactAttachment.objects.exists()


def test_a_file_just_under_the_limit_is_attached(client, world):
    artifact = saved_artifact(world.owner)
    client.force_login(world.owner)
    exact = SimpleUploadedFile("deck.pdf", b"x" * django_settings.EVIDENCE_ATTACHMENT_MAX_BYTES)
    response = client.post(reverse("evidence_attach", args=[artifact.pk]), {"file": exact})
    assert response.status_code == 302
    assert artifact.attachments.get().size == django_settings.EVIDENCE_ATTACHMENT_MAX_BYTES


def test_other_views_take_at_most_max_request_bytes(client, world, settings):
    settings.MAX_REQUEST_BYTES = 2048
    client.force_login(world.owner)
    file = SimpleUploadedFile("deck.pdf", b"x" * 4096)
    # A file posted to a form view would otherwise be spooled to disk whatever its size.
    response = client.post(reverse("evidence_new"), {"title": "x", "file": file})
    assert response.status_code == 413
    assert "(2.0\xa0KB in one request)" in response.content.decode()


def test_the_cap_is_checked_before_sign_in_so_strangers_cannot_send_bulk(client, db):
    body = b"x" * (django_settings.MAX_REQUEST_BYTES + 1)
    response = client.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


# --- Over a live gunicorn ---------------------------------------------------------------


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production settings serve the manifest storage, which needs collectstatic first."""
    var = tmp_path_factory.mktemp("var")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**_production_env(var), "DATABASE_URL": "sqlite:///" + str(var / "unused.db")},
        check=True,
        timeout=180,
    )
    return var


def _production_env(var):
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DEBUG": "false",
        # The test process's key, so the server accepts the sessions the tests sign.
        "SECRET_KEY": django_settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_HSTS_SECONDS": "0",
        "PROMO_VAR_DIR": str(var),
    }


@pytest.fixture
def gunicorn(transactional_db, static_root):
    """gunicorn on loopback, on the test database, as production runs it (sync workers)."""
    require(connection.vendor == "postgresql", "gunicorn shares the test database")
    port = _free_port()
    db = connection.settings_dict
    env = {
        **_production_env(static_root),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "promo.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _session_cookie(person):
    client = Client()
    client.force_login(person)
    return client.cookies["sessionid"].value


def _send_until_answered(port, head, body_chunks):
    """Send `head` then the body chunk by chunk, stopping as soon as the server answers.

    Returns (bytes of body sent before the answer, the answer). The send buffer is kept
    small, so "sent" is close to what the server actually took in.
    """
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32 * 1024)
    sock.connect(("127.0.0.1", port))
    sock.sendall(head)
    sent, answer = 0, b""
    chunks = iter(body_chunks)
    pending = next(chunks, b"")
    with sock:
        while True:
            readable, writable, _ = select.select([sock], [sock] if pending else [], [], 30)
            if readable or not (writable or pending):
                break
            try:
                taken = sock.send(pending)
            except OSError:  # the server closed on us: what it said is still readable
                break
            sent += taken
            pending = pending[taken:] or next(chunks, b"")
        with contextlib.suppress(OSError):
            sock.settimeout(10)
            while part := sock.recv(65536):
                answer += part
    return sent, answer


def _upload_head(artifact, person, **headers):
    lines = [
        f"POST {reverse('evidence_attach', args=[artifact.pk])} HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: multipart/form-data; boundary=promo-boundary",
        f"Cookie: sessionid={_session_cookie(person)}; csrftoken={CSRF_TOKEN}",
        f"X-CSRFToken: {CSRF_TOKEN}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _multipart(name, size):
    yield (
        "--promo-boundary\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    for _ in range(size // CHUNK):
        yield b"x" * CHUNK
    yield b"x" * (size % CHUNK) + b"\r\n--promo-boundary--\r\n"


def _chunked(parts):
    for part in parts:
        if part:
            yield f"{len(part):x}\r\n".encode() + part + b"\r\n"
    yield b"0\r\n\r\n"


def test_a_60_mb_upload_is_refused_before_it_is_sent(gunicorn, world):
    artifact = saved_artifact(world.owner)
    head = _upload_head(artifact, world.owner, **{"Content-Length": SIXTY_MB + 200})
    sent, answer = _send_until_answered(gunicorn, head, _multipart("deck.pdf", SIXTY_MB))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"Link to a larger file instead" in answer
    # Refused from the Content-Length alone: at most socket buffers' worth went out.
    assert sent < 8 * MB, sent
    assert not ArtifactAttachment.objects.exists()


def test_a_chunked_60_mb_upload_is_cut_off_at_the_cap(gunicorn, world):
    artifact = saved_artifact(world.owner)
    head = _upload_head(artifact, world.owner, **{"Transfer-Encoding": "chunked"})
    sent, answer = _send_until_answered(gunicorn, head, _chunked(_multipart("deck.pdf", SIXTY_MB)))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    cap = django_settings.ATTACHMENT_REQUEST_MAX_BYTES
    assert cap < sent < cap + 8 * MB, sent
    assert not ArtifactAttachment.objects.exists()


def test_a_small_chunked_upload_is_read_and_attached(gunicorn, world):
    artifact = saved_artifact(world.owner)
    head = _upload_head(artifact, world.owner, **{"Transfer-Encoding": "chunked"})
    _, answer = _send_until_answered(gunicorn, head, _chunked(_multipart("notes.pdf", 3000)))
    assert answer.startswith(b"HTTP/1.1 302"), answer[:300]
    assert artifact.attachments.get().size == 3000
