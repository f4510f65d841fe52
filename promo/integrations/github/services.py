"""Linking a GitHub account, the backfill token, and asking for a backfill."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from promo.audit.services import audit_record
from promo.celery import publish_bounded
from promo.integrations.github import client
from promo.integrations.github.models import GitHubBackfill, GitHubLink
from promo.integrations.github.tokens import token_encrypt
from promo.models import AuditEntry

log = logging.getLogger(__name__)

# A job with no progress for this long lost its worker: another may be asked for.
STALLED_AFTER = timedelta(minutes=15)
NOT_STARTED = "The job queue did not answer, so the import could not start. Ask again."


def link_challenge(link):
    """The text someone puts on GitHub to show the account is theirs: signed with
    SECRET_KEY over the person, the login and the claim's time, so it proves nothing for
    anyone else, any other login, or an earlier claim."""
    value = f"{link.person_id}:{link.login.lower()}:{link.created_at.isoformat()}"
    return "promo-verify-" + salted_hmac("promo.github.link", value).hexdigest()[:24]


def _audit(*, by, person, detail):
    audit_record(actor=by, action=AuditEntry.Action.SETTINGS_CHANGED, subject=person, detail=detail)


def _taken_by_someone_else(person, login):
    return (
        GitHubLink.objects.filter(verified_at__isnull=False, login__iexact=login)
        .exclude(person=person)
        .exists()
    )


@transaction.atomic
def github_link_claim(*, person, login):
    """Start linking `login` to `person`: a pending link whose challenge they publish.
    A new claim replaces a pending one; a verified link is unlinked first."""
    existing = GitHubLink.objects.filter(person=person).first()
    if existing and existing.is_verified:
        raise ValidationError(f"You are linked to {existing.login}. Unlink it first.")
    if _taken_by_someone_else(person, login):
        raise ValidationError(f"{login} is already linked to someone else in promo.")
    if existing:
        existing.delete()
    return GitHubLink.objects.create(person=person, login=login)


def github_link_verify(*, link, by):
    """Verify a pending link by finding its challenge on GitHub; raises ValidationError
    saying what is missing or what went wrong. GitHub is asked outside any transaction,
    so a slow answer holds no lock."""
    if link.is_verified:
        return link
    challenge = link_challenge(link)
    try:
        account = client.account_lookup(link.login)
        if account is None:
            raise ValidationError(f"GitHub has no account named {link.login}.")
        found = client.challenge_is_published(account, challenge)
    except client.GitHubUnavailable as error:
        raise ValidationError(f"{error} Try again in a minute.") from error
    if not found:
        raise ValidationError(
            f"{challenge} is not in the bio of {link.login} nor in one of its latest public "
            "gists yet. Add it, then verify again."
        )
    try:
        with transaction.atomic():
            return _mark_verified(link, account, by)
    except IntegrityError as error:  # someone else verified the same login a moment ago
        raise ValidationError(f"{link.login} is already linked to someone else.") from error


def _mark_verified(link, account, by):
    if _taken_by_someone_else(link.person, link.login):
        raise ValidationError(f"{link.login} is already linked to someone else in promo.")
    link.login = account.get("login") or link.login  # GitHub's own capitalisation
    link.github_id = account.get("id")
    link.verified_at, link.method = timezone.now(), GitHubLink.Method.CHALLENGE
    link.linked_by = by
    link.save(update_fields=["login", "github_id", "verified_at", "method", "linked_by"])
    _audit(by=by, person=link.person, detail=f"GitHub account linked: {link.login}")
    return link


@transaction.atomic
def github_link_by_staff(*, person, login, by):
    """Staff link `login` to `person` directly, replacing any link they had."""
    if _taken_by_someone_else(person, login):
        raise ValidationError(f"{login} is already linked to someone else in promo.")
    GitHubLink.objects.filter(person=person).delete()
    link = GitHubLink.objects.create(
        person=person,
        login=login,
        verified_at=timezone.now(),
        method=GitHubLink.Method.STAFF,
        linked_by=by,
    )
    _audit(by=by, person=person, detail=f"GitHub account linked by staff: {login}")
    return link


@transaction.atomic
def github_unlink(*, person, by):
    """Remove `person`'s link and the token with it. Drafts already made stay theirs."""
    link = GitHubLink.objects.filter(person=person).first()
    if link is None:
        return
    link.delete()
    if link.is_verified:
        _audit(by=by, person=person, detail=f"GitHub account unlinked: {link.login}")


@transaction.atomic
def github_token_save(*, person, token, by):
    """Keep `token` (encrypted) for the imports of `person`'s verified link."""
    link = GitHubLink.objects.select_for_update().filter(person=person).first()
    if link is None or not link.is_verified:
        raise ValidationError("Link and verify your GitHub account before giving a token.")
    link.token_encrypted = token_encrypt(token)
    link.save(update_fields=["token_encrypted"])
    _audit(by=by, person=person, detail="GitHub token saved for imports")


@transaction.atomic
def github_token_forget(*, person, by):
    """Drop `person`'s stored token at once; an import under way stops at its next page."""
    link = GitHubLink.objects.select_for_update().filter(person=person).first()
    if link is None or not link.has_token:
        return
    link.token_encrypted = ""
    link.search_etags = {}
    link.save(update_fields=["token_encrypted", "search_etags"])
    _audit(by=by, person=person, detail="GitHub token removed")


def latest_backfill(person):
    return GitHubBackfill.objects.filter(person=person).first()


def _busy(job, now):
    return job is not None and job.is_active and job.updated_at > now - STALLED_AFTER


def publish_backfill(job_id):
    """Publish the first step of a backfill; a broker that does not answer fails the job
    with a message saying to ask again, instead of leaving it waiting for nothing."""
    published, error = publish_bounded("promo.github_backfill", [(job_id,)])
    if error is not None:
        log.warning("broker unavailable, GitHub import %s not started: %r", job_id, error)
        GitHubBackfill.objects.filter(pk=job_id, status=GitHubBackfill.Status.QUEUED).update(
            status=GitHubBackfill.Status.FAILED, message=NOT_STARTED, updated_at=timezone.now()
        )


@transaction.atomic
def github_backfill_request(*, person, since):
    """Ask for an import of `person`'s merged pull requests since `since`; a worker runs it
    after the commit (promo.integrations.github.tasks)."""
    link = GitHubLink.objects.select_for_update().filter(person=person).first()
    if link is None or not link.is_verified:
        raise ValidationError("Link and verify your GitHub account first.")
    if not link.has_token:
        raise ValidationError("Give a personal access token first: the import reads with it.")
    now = timezone.now()
    if since > timezone.localdate(now, timezone=person.zone):
        raise ValidationError({"since": "Choose a date that is not in the future."})
    if _busy(latest_backfill(person), now):
        raise ValidationError("An import is already under way; wait for it to finish.")
    job = GitHubBackfill.objects.create(person=person, since=since)
    transaction.on_commit(lambda: publish_backfill(job.pk))
    return job
