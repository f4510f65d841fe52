from promo.demo.steps import email_for
from promo.models import Candidacy, Gap, Submission, User


def test_the_demo_has_candidacies_in_every_state_and_is_idempotent(demo, db):
    assert set(Candidacy.objects.values_list("status", flat=True)) == set(Candidacy.Status.values)
    ethan = User.objects.get(email=email_for("Ethan Kim"))
    assert ethan.level.code == "L6"
    assert demo.unchanged_by_the_second_run(Candidacy, Submission, Gap)
    assert demo.levels_after_second_run[ethan.email] == "L6"


def test_the_demo_has_a_denied_then_resubmitted_case_with_feedback_as_gaps(demo, db):
    sofia = Candidacy.objects.get(person__email=email_for("Sofia Rossi"))
    outcomes = list(sofia.submissions.values_list("outcome", flat=True))
    assert outcomes == ["not_yet", "pending"] and sofia.status == "submitted"
    denied = sofia.submissions.get(outcome="not_yet")
    assert denied.feedback and denied.gaps.count() == 2
    assert sofia.gaps.filter(closed_at__isnull=False).count() == 1
