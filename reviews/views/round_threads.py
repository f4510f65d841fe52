"""The threads of a round page: read with only what a thread shows, each drawn once per
change of what it shows (the shared cache), and the case's gaps each may be linked to."""

from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from promo.candidacies.access import rights_over
from promo.models import Gap
from promo.web.fragments import (
    TOKEN_FIELD,
    TOKEN_SLOT,
    cached_fragments,
    template_digest,
    token_field,
    with_token,
    without_indentation,
)
from reviews.access import rounds_readable_by
from reviews.models import Comment, Thread
from reviews.rendering import PRIVATE_LABEL, render_body
from reviews.sections import criterion_id_from_key

ROUND_TEMPLATE = "reviews/round.html"


# A round page shows fifty threads: read only what a thread shows. Each thread's round
# would otherwise bring its version's whole document (JSON, decoded once per thread) and
# each person their every column, most of the thread query's time.
_NAME = ("display_name", "email")  # what User.__str__ shows
_THREAD_COLUMNS = (
    *(field.name for field in Thread._meta.concrete_fields),
    *(f"opened_by__{name}" for name in _NAME),
    "opened_in__version",
    "opened_in__version__number",
)
_THREAD_GAPS = Thread.gaps.through
_COMMENTS = Comment.objects.select_related("author").only(
    "thread", "author", "body", "created_at", *(f"author__{name}" for name in _NAME)
)


def threads_for_page(review_round, viewer, revealed, *, pk=None, open_for_reply=None):
    """The round's threads (or only thread `pk`), each ready for the `thread` partial;
    the one numbered `open_for_reply` shows its reply (and gap) forms, the others a link.

    A thread carried from an earlier round keeps that version's quote and context; each
    thread says whether `viewer` may read the round it was opened in (one subquery in the
    threads' own query), so a reviewer chosen only for a later version is not shown
    excerpts of a version they could not open."""
    origin_readable = rounds_readable_by(viewer).filter(pk=OuterRef("opened_in_id"))
    threads = Thread.objects.filter(round=review_round).annotate(
        may_read_origin=Exists(origin_readable)
    )
    if pk is not None:
        threads = threads.filter(pk=pk)
    threads = list(threads.select_related("opened_by", "opened_in__version").only(*_THREAD_COLUMNS))
    _attach_comments_and_gaps(threads)
    for thread in threads:
        # An outdated thread still shows the earlier version's text; a thread that was
        # re-anchored quotes this version, which every member may read.
        thread.origin_hidden = thread.outdated and not thread.may_read_origin
        thread.open_for_reply = thread.pk == open_for_reply
        found = revealed.get(thread.artifact_id)
        thread.artifact_label = found.title if found else PRIVATE_LABEL
        for comment in thread.comment_list:
            comment.html = render_body(comment.body, revealed)
    return threads


def _attach_comments_and_gaps(threads):
    """Set `comment_list` and `gap_list` on each thread, in two queries. Django's
    prefetch_related builds a related manager and a filtered queryset per thread, which
    cost more than the rows themselves on a round of fifty threads."""
    ids = [thread.pk for thread in threads]
    comments, gaps = defaultdict(list), defaultdict(list)
    for comment in _COMMENTS.filter(thread_id__in=ids):
        comments[comment.thread_id].append(comment)
    links = _THREAD_GAPS.objects.filter(thread_id__in=ids).select_related("gap__criterion")
    for link in links.order_by(*(f"gap__{field}" for field in Gap._meta.ordering)):
        gaps[link.thread_id].append(link.gap)
    for thread in threads:
        thread.comment_list, thread.gap_list = comments[thread.pk], gaps[thread.pk]


def _thread_inputs(thread, review_round):
    """Everything the `thread` partial shows, for the key of its cached HTML."""
    return (
        template_digest(ROUND_TEMPLATE),
        timezone.get_current_timezone_name(),
        review_round.pk,
        review_round.is_closed,
        tuple((gap.pk, str(gap.criterion), gap.text) for gap in thread.linkable_gaps),
        thread.pk,
        thread.kind,
        thread.is_resolved,
        thread.outdated,
        thread.origin_hidden,
        thread.opened_in.version.number,
        str(thread.opened_by),
        thread.original_section_title,
        thread.original_context,
        thread.quote,
        thread.artifact_label,
        tuple((str(c.author), c.created_at, str(c.html)) for c in thread.comment_list),
        tuple((str(gap.criterion), gap.text) for gap in thread.gap_list),
    )


def with_cached_html(request, review_round, threads, *, token_slot=False):
    """Set `thread.html` on each thread: rendering 50 threads was most of a round page's
    time, and a thread changes rarely between views. `token_slot`: leave the CSRF token's
    slot in (for a body that is itself cached), not this request's token."""
    context = {"round": review_round, "csrf_token": TOKEN_SLOT}

    def render(thread):
        partial = f"{ROUND_TEMPLATE}#thread"
        return lambda: without_indentation(render_to_string(partial, {**context, "thread": thread}))

    # The thread being answered is rendered with the page: it may hold the reply typed.
    closed = [thread for thread in threads if not thread.open_for_reply]
    items = [(_thread_inputs(t, review_round), render(t)) for t in closed]
    field = TOKEN_FIELD.format(TOKEN_SLOT) if token_slot else token_field(request)
    for thread, html in zip(closed, cached_fragments("round-thread", items), strict=True):
        thread.html = mark_safe(  # noqa: S308 - our own template's output
            with_token(html, field)
        )
    return threads


def _gaps_of(document):
    return list(Gap.objects.filter(candidacy_id=document.candidacy_id).select_related("criterion"))


def attach_linkable_gaps(threads, viewer, document):
    """Set `linkable_gaps` on each thread: the case's gaps the viewer may link it to, on
    the thread's criterion (any criterion for the summary and what's next) and not linked
    yet. Empty for someone who may not work on the case's gaps, so no form is shown."""
    gaps = _gaps_of(document) if rights_over(viewer, document.candidacy).gaps else []
    for thread in threads:
        linked = {gap.pk for gap in thread.gap_list}
        criterion_id = criterion_id_from_key(thread.section_key)
        thread.linkable_gaps = [
            gap for gap in gaps if gap.pk not in linked and criterion_id in (None, gap.criterion_id)
        ]
    return threads
