"""Promo documents are seen by their engineer and the members of a round on them, now.

The rule is reviews.access: a version is for the members of the round on that
version (the chosen mentors while they still mentor the engineer, and the engineer's
manager now when included). The round built here has the assigned mentor as its only
reviewer: the manager is not included, so they get 404 like everyone else. Staff get 404
too: a draft is not the organisation's business. The same walk after state changes (a
new round without the mentor, a new manager, a removed mentor) is in
tests/reviews/test_access_across_rounds.py.
"""

from tests.access.rules import LOGIN, Rule, signed_in, statuses

OWNER_AND_REVIEWER = {"owner": 200, "mentor": 200}


def members(status=200, *, owner=None, mentor=None):
    """`status` for the engineer and the reviewer (overridable), 404 for other signed-in people."""
    return signed_in(
        404,
        owner=status if owner is None else owner,
        mentor=status if mentor is None else mentor,
    )


def page(**overrides):
    """A GET page for the round's members; any other method is 405 for the signed-in."""
    return Rule(get=members(**overrides), post=signed_in(405))


def action(post, *, owner=None, mentor=None):
    """A POST-only action for the round's members."""
    return Rule(get=signed_in(405), post=members(post, owner=owner, mentor=mentor))


def _round(world):
    from tests.reviews.factories import shared_round

    return shared_round(world)


def a_document(world):
    return {"pk": _round(world).document_id}


def a_version(world):
    return {"pk": _round(world).document_id, "number": 1}


def a_round(world):
    return {"pk": _round(world).pk}


def a_thread(world):
    from tests.reviews.factories import open_threads

    return {"pk": open_threads(_round(world), world.mentor, 1)[0].pk}


def an_export(world):
    from reviews.models import ExportJob

    review_round = _round(world)
    job = ExportJob.objects.create(
        version=review_round.version, requested_by=world.owner, status="done", content=b"%PDF-"
    )
    return {"pk": job.pk}


def _owner_only_job():
    return Rule(get=signed_in(404, owner=200), post=signed_in(405), kwargs=an_export)


RULES = {
    "reviews_home": Rule(get=signed_in(200), post=signed_in(405)),
    "reviews_shared": Rule(get=signed_in(200), post=signed_in(405)),
    "reviews_start": Rule(
        get=signed_in(405), post=signed_in(302), note="no open candidacy: a message and back"
    ),
    "reviews_document": Rule(**vars(page()) | {"kwargs": a_document}),
    "reviews_edit": Rule(**vars(page(mentor=403)) | {"kwargs": a_document}),
    "reviews_draft_preview": Rule(
        **vars(action(200, mentor=403))
        | {"kwargs": a_document, "note": "only the engineer edits; an empty POST re-renders"}
    ),
    "reviews_draft_save": Rule(
        **vars(action(200, mentor=403))
        | {"kwargs": a_document, "note": "only the engineer edits; an empty POST re-renders"}
    ),
    "reviews_share": Rule(get=members(mentor=403), post=members(mentor=403), kwargs=a_document),
    "reviews_diff": Rule(**vars(page()) | {"kwargs": a_document}),
    "reviews_version": Rule(**vars(page()) | {"kwargs": a_version}),
    "reviews_export_markdown": Rule(**vars(page()) | {"kwargs": a_version}),
    "reviews_export_print": Rule(**vars(page()) | {"kwargs": a_version}),
    "reviews_export_pdf": Rule(**vars(action(302)) | {"kwargs": a_version}),
    "reviews_export": _owner_only_job(),
    "reviews_export_download": _owner_only_job(),
    "reviews_round": Rule(**vars(page()) | {"kwargs": a_round}),
    "reviews_thread_new": Rule(
        **vars(action(400)) | {"kwargs": a_round, "note": "an empty form is refused"}
    ),
    "reviews_verdicts": Rule(**vars(action(302, owner=403)) | {"kwargs": a_round}),
    "reviews_round_feedback": Rule(**vars(action(302, owner=403)) | {"kwargs": a_round}),
    "reviews_round_close": Rule(**vars(action(302, mentor=403)) | {"kwargs": a_round}),
    "reviews_thread_reply": Rule(**vars(page()) | {"kwargs": a_thread}),
    "reviews_comment_new": Rule(**vars(action(302)) | {"kwargs": a_thread}),
    "reviews_thread_resolve": Rule(**vars(action(302)) | {"kwargs": a_thread}),
    "reviews_thread_reopen": Rule(**vars(action(302)) | {"kwargs": a_thread}),
    "reviews_thread_link_gap": Rule(
        **vars(action(302)) | {"kwargs": a_thread, "note": "no gap chosen: a message and back"}
    ),
}

__all__ = ["LOGIN", "OWNER_AND_REVIEWER", "RULES", "statuses"]
