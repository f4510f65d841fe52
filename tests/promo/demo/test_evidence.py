from evidence.models import Artifact, ArtifactTag
from promo.demo.steps import DEMO_SEEDERS, email_for


def test_seed_demo_gives_engineers_a_year_of_evidence_once(demo, db):
    assert "promo.demo.evidence.seed_evidence" in DEMO_SEEDERS
    count, tags = Artifact.all_objects.count(), ArtifactTag.objects.count()
    assert count > 300 and tags > 300
    assert demo.unchanged_by_the_second_run(Artifact, ArtifactTag)

    liam = Artifact.objects.filter(owner__email=email_for("Liam Chen"))
    months = {a.happened_on.replace(day=1) for a in liam}
    assert len(months) >= 11  # consistent across the year
    assert liam.exclude(impact="").exists()
    assert Artifact.objects.filter(shipped_on__isnull=False, impact="").exists()
    assert all(a.revisions.exists() for a in liam[:5])
