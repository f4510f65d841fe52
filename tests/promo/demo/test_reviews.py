from reviews.models import PromoDocument, ReviewRound, Thread, Verdict


def _states():
    return sorted(ReviewRound.objects.values_list("status", flat=True))


def test_the_demo_has_documents_in_several_states_and_is_idempotent(demo, db):
    assert PromoDocument.objects.count() == 4
    assert _states() == ["closed", "feedback_given", "open", "open"]
    assert Thread.objects.filter(outdated=True).exists()
    assert Thread.objects.filter(resolved_at__isnull=False).exists()
    assert Verdict.objects.filter(value="not_yet").exists()
    assert demo.unchanged_by_the_second_run(PromoDocument, ReviewRound, Thread)
