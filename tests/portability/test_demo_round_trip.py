"""The round trip on the demo organisation's engineer: a year of evidence, check-ins, a
case and a promo doc in review with a mentor's verdicts, exported, imported into an
emptied promo and exported again, gives the same document apart from ids and the
export's own time."""

from promo.models import User
from tests.portability.roundtrip import comparable, empty_the_organisation, export_zip, imported


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
