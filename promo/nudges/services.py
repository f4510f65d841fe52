"""Writes for nudges: preferences, unsubscribing, notifications, and staff actions."""

from django.db import transaction
from django.utils import timezone

from promo.models import Notification, NudgeClaim, NudgePreference, NudgeSettings, NudgeThreshold
from promo.nudges import outbox, planner


def nudge_preferences_save(*, person, timing, kinds):
    """Save a person's timing (`timing`: NudgeSettings field values) and, per kind key in
    `kinds`, {"email", "in_app", "frequency", "subscribed"}."""
    with transaction.atomic():
        NudgeSettings.objects.update_or_create(person=person, defaults=timing)
        for key, choice in kinds.items():
            preference, _ = NudgePreference.objects.get_or_create(person=person, kind=key)
            preference.email = choice["email"]
            preference.in_app = choice["in_app"]
            preference.frequency = choice.get("frequency") or preference.frequency
            if choice["subscribed"]:
                preference.unsubscribed_at = None
            elif preference.unsubscribed_at is None:
                preference.unsubscribed_at = timezone.now()
            preference.save(update_fields=["email", "in_app", "frequency", "unsubscribed_at"])


def nudge_unsubscribe(*, person, kind):
    """Stop every nudge of `kind` for `person` (the one-click email link). Idempotent."""
    preference, _ = NudgePreference.objects.get_or_create(person=person, kind=kind)
    if preference.unsubscribed_at is None:
        preference.unsubscribed_at = timezone.now()
        preference.save(update_fields=["unsubscribed_at"])
    return preference


def notifications_mark_all_read(*, person):
    """Mark every unread notification of `person` read; returns how many changed."""
    return Notification.objects.filter(recipient=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def nudge_claim_retry(*, claim):
    """Staff: try a failed or interrupted nudge again (an interrupted one may have been
    emailed already; staff decide). Delivery is published after commit."""
    retryable = (NudgeClaim.Status.FAILED, NudgeClaim.Status.INTERRUPTED)
    with transaction.atomic():
        changed = NudgeClaim.objects.filter(pk=claim.pk, status__in=retryable).update(
            status=NudgeClaim.Status.PENDING,
            attempts=0,
            not_before=timezone.now(),
            enqueued_at=timezone.now(),
            finished_at=None,
        )
        if changed:
            transaction.on_commit(lambda: outbox.publish_deliveries([claim.pk]))
    return bool(changed)


def nudge_threshold_set(*, key, value, by):
    NudgeThreshold.objects.update_or_create(
        key=key, defaults={"value": value, "updated_by": by, "updated_at": timezone.now()}
    )


@transaction.atomic
def nudge_thresholds_set(*, values, by):
    """Staff: save every threshold of the form ({key: value}) or none of them, so the
    planner never runs on half of a staff member's change."""
    for key, value in values.items():
        nudge_threshold_set(key=key, value=value, by=by)


def nudges_plan_now():
    """Staff: run the planner now rather than wait for beat. Returns new claims per kind."""
    return planner.plan()
