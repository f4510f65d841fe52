from io import StringIO

from django.core.management import call_command

from promo.demo.steps import email_for
from promo.models import Candidacy, Gap, Submission, User


def _seed():
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_has_candidacies_in_every_state_and_is_idempotent(db):
    _seed()
    counts = {
        "candidacies": Candidacy.objects.count(),
        "submissions": Submission.objects.count(),
        "gaps": Gap.objects.count(),
    }
    assert set(Candidacy.objects.values_list("status", flat=True)) == set(Candidacy.Status.values)
    ethan = User.objects.get(email=email_for("Ethan Kim"))
    assert ethan.level.code == "L6"
    _seed()
    assert counts == {
        "candidacies": Candidacy.objects.count(),
        "submissions": Submission.objects.count(),
        "gaps": Gap.objects.count(),
    }
    ethan.refresh_from_db()
    assert ethan.level.code == "L6"


def test_the_demo_has_a_denied_then_resubmitted_case_with_feedback_as_gaps(db):
    _seed()
    sofia = Candidacy.objects.get(person__email=email_for("Sofia Rossi"))
    outcomes = list(sofia.submissions.values_list("outcome", flat=True))
    assert outcomes == ["not_yet", "pending"] and sofia.status == "submitted"
    denied = sofia.submissions.get(outcome="not_yet")
    assert denied.feedback and denied.gaps.count() == 2
    assert sofia.gaps.filter(closed_at__isnull=False).count() == 1
