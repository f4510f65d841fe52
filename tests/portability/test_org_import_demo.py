"""The organisation round trip on the demo: seed_demo, export the organisation, import it
into an emptied promo (no people, teams or ladders) and export again: the same document
apart from evidence ids and the export's own time."""

from promo.models import User
from tests.portability.roundtrip import (
    comparable_organisation,
    empty_promo,
    export_organisation_zip,
    imported_organisation,
)


def test_the_demo_organisation_survives_the_round_trip(demo, db, tmp_path):
    before = export_organisation_zip(tmp_path / "demo.zip")
    people = before["people"]
    assert len(people) > 20 and before["ladders"] and len(before["teams"]) > 2
    assert sum(len(p["evidence"]) for p in people) > 50
    assert any(e["tags"] and e["checkins"] for p in people for e in p["evidence"])
    cases = [case for p in people for case in p["candidacies"]]
    assert any(case["gaps"] for case in cases) and any(case["submissions"] for case in cases)
    assert any(p["mentors"] for p in people) and any(p["staff"] for p in people)
    empty_promo()
    output = imported_organisation(tmp_path / "demo.zip")
    assert f"Imported {len(people)} people" in output
    after = export_organisation_zip(tmp_path / "again.zip")
    assert comparable_organisation(after) == comparable_organisation(before)
    assert not any(user.has_usable_password() for user in User.objects.all())
