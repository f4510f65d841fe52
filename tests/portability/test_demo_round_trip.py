"""The round trip on the demo organisation's engineer: a year of evidence, check-ins, a
case and a promo doc in review with a mentor's verdicts, exported, imported into an
emptied promo and exported again, gives the same document apart from ids and the
export's own time."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from promo.models import User
from tests.conftest import rolled_back_at_the_end
from tests.portability.roundtrip import comparable, empty_the_organisation, export_zip, imported


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media),
        rolled_back_at_the_end(django_db_blocker),
    ):
        with django_db_blocker.unblock():
            call_command("seed_demo", stdout=StringIO())
        yield


def test_the_demo_engineer_survives_the_round_trip(demo, db, tmp_path):
    liam = User.objects.get(email="liam@promo.example")
    before = export_zip(liam, tmp_path / "liam.zip")
    assert len(before["evidence"]) > 20 and before["candidacies"]
    assert any(e["checkins"] for e in before["evidence"])
    docs = [c["document"] for c in before["candidacies"] if c["document"]]
    assert any(t["comments"] for d in docs for r in d["rounds"] for t in r["threads"])
    assert any(r["verdicts"] for d in docs for r in d["rounds"])
    assert any(gap["submission"] for c in before["candidacies"] for gap in c["gaps"])
    assert any(c["gaps"] and c["submissions"] for c in before["candidacies"])
    empty_the_organisation()
    imported(tmp_path / "liam.zip")
    after = export_zip(User.objects.get(email="liam@promo.example"), tmp_path / "again.zip")
    assert comparable(after) == comparable(before)
