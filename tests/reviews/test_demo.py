from io import StringIO

from django.core.management import call_command

from reviews.models import PromoDocument, ReviewRound, Thread, Verdict


def _states():
    return sorted(ReviewRound.objects.values_list("status", flat=True))


def test_the_demo_has_documents_in_several_states_and_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    assert PromoDocument.objects.count() == 4
    assert _states() == ["closed", "feedback_given", "open", "open"]
    assert Thread.objects.filter(outdated=True).exists()
    assert Thread.objects.filter(resolved_at__isnull=False).exists()
    assert Verdict.objects.filter(value="not_yet").exists()
    counts = (PromoDocument.objects.count(), ReviewRound.objects.count(), Thread.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        PromoDocument.objects.count(),
        ReviewRound.objects.count(),
        Thread.objects.count(),
    )
