"""A review round: the reviewer's view, threads, replies, verdicts, feedback and closing."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from promo.audit.services import audit_view
from promo.candidacies.access import rights_over
from promo.models import AuditEntry, Gap
from promo.org.access import relation_between
from promo.web.forms import attempt, attempt_action
from promo.web.fragments import TOKEN_SLOT
from reviews import services
from reviews.access import (
    is_round_reviewer,
    round_for_viewer,
    rounds_shared_with,
    thread_for_viewer,
)
from reviews.anchors import SECTION as ANCHOR_SECTION
from reviews.anchors import Anchor
from reviews.citations import cited_ids_in
from reviews.forms import CommentForm, ThreadForm, VerdictForm
from reviews.highlights import with_highlights
from reviews.models import Thread, Verdict
from reviews.rendering import PRIVATE_LABEL, render_body, revealed_citations
from reviews.views.round_body import BODY, round_body_html
from reviews.views.round_threads import (
    ROUND_TEMPLATE,
    attach_linkable_gaps,
    threads_for_page,
    with_cached_html,
)


@require_GET
def shared(request):
    rows = rounds_shared_with(request.user).annotate(
        open_threads=Count("threads", filter=Q(threads__resolved_at__isnull=True))
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "reviews/shared.html", {"page": page})


def _citation_choices(sections, revealed):
    return [
        (pk, revealed[pk].title if pk in revealed else PRIVATE_LABEL)
        for pk in cited_ids_in(sections)
    ]


def _sections_with_threads(sections, threads, revealed):
    """Each section rendered with the passages its threads quote highlighted, and its
    threads (outdated ones are listed apart: what they quote is not in this version)."""
    rendered = []
    for section in sections:
        own = [t for t in threads if t.section_key == section["key"] and not t.outdated]
        quoted = [(t.start, t.end) for t in own if t.kind == Thread.Kind.PASSAGE]
        body = with_highlights(section["body"], quoted)
        html = render_body(body, revealed, marked=True)
        rendered.append({**section, "html": html, "threads": own})
    return rendered


def _thread_initial(request, sections):
    """The new thread's section from "Comment on this section" (a plain link, so it works
    without JavaScript)."""
    key = request.GET.get("section")
    if key not in {s["key"] for s in sections}:
        return {}
    return {"section": key, "kind": ANCHOR_SECTION}


def _round_context(
    request,
    review_round,
    *,
    thread_form=None,
    verdict_form=None,
    reply=None,
    revealed=None,
    token_slot=False,
):
    """The round body's context; `reply` is (thread id, text typed) for a reply refused.
    `revealed`: what the reader may see of the citations, if the caller has read it;
    `token_slot`: draw the forms with the CSRF token's slot, for the cache."""
    version = review_round.version
    document = review_round.document
    if revealed is None:
        revealed = revealed_citations(request.user, document.owner, version.sections)
    is_reviewer = is_round_reviewer(request.user, review_round)
    criteria = list(document.candidacy.ladder.criteria.all())
    verdicts = list(
        Verdict.objects.filter(round=review_round).select_related("reviewer", "criterion")
    )
    mine = {v.criterion_id: v for v in verdicts if v.reviewer_id == request.user.pk}
    reply_to, draft = reply or (None, "")
    threads = threads_for_page(review_round, request.user, revealed, open_for_reply=reply_to)
    for thread in threads:
        thread.reply_draft = draft if thread.open_for_reply else ""
    attach_linkable_gaps(threads, request.user, document)
    with_cached_html(request, review_round, threads, token_slot=token_slot)
    sections = _sections_with_threads(version.sections, threads, revealed)
    return {
        "round": review_round,
        "document": document,
        "version": version,
        "sections": sections,
        "threads": threads,
        "outdated": [t for t in threads if t.outdated],
        "revealed": revealed,
        "is_owner": document.owner_id == request.user.pk,
        "is_reviewer": is_reviewer,
        "can_give_feedback": is_reviewer and review_round.awaits_feedback,
        "verdicts": verdicts,
        "thread_form": thread_form
        or ThreadForm(
            sections=version.sections,
            citations=_citation_choices(version.sections, revealed),
            initial=_thread_initial(request, version.sections),
        ),
        "verdict_form": verdict_form
        or (is_reviewer and VerdictForm(criteria=criteria, given=mine)),
        "comment_form": CommentForm(),
    }


def _audit_round_view(request, review_round):
    audit_view(
        viewer=request.user,
        owner=review_round.document.owner,
        action=AuditEntry.Action.DRAFT_VIEWED,
        target=review_round.document,
        detail=f"Review round on {review_round.version}",
    )


def _round_page(request, review_round, *, status=200, **forms):
    """The round page with its body drawn afresh: a form shown again with its errors and
    what was typed, or a thread opened for reply."""
    context = _round_context(request, review_round, **forms)
    context["round_body"] = render_to_string(BODY, context, request=request)
    return render(request, ROUND_TEMPLATE, context, status=status)


@require_GET
def round_detail(request, pk):
    review_round = round_for_viewer(request.user, pk)
    _audit_round_view(request, review_round)
    document = review_round.document
    # How the reader stands to the engineer, read once: what they may see of the cited
    # evidence and what they may do with the case's gaps both follow from it.
    relation = relation_between(request.user, document.owner)
    sections = review_round.version.sections
    revealed = revealed_citations(request.user, document.owner, sections, relation=relation)
    rights = rights_over(request.user, document.candidacy, relation)

    def draw(slotted):
        context = _round_context(request, review_round, revealed=revealed, token_slot=slotted)
        if slotted:
            return render_to_string(BODY, {**context, "csrf_token": TOKEN_SLOT})
        return render_to_string(BODY, context, request=request)

    body = round_body_html(request, review_round, revealed, rights, draw)
    context = {"round": review_round, "document": document, "round_body": body}
    return render(request, ROUND_TEMPLATE, context)


@require_POST
def thread_new(request, pk):
    review_round = round_for_viewer(request.user, pk)
    version = review_round.version
    revealed = revealed_citations(request.user, review_round.document.owner, version.sections)
    form = ThreadForm(
        request.POST,
        sections=version.sections,
        citations=_citation_choices(version.sections, revealed),
    )
    opened = {}

    def call(data):
        anchor = Anchor(
            data["kind"], data["section"], quote=data["quote"], artifact_id=data["artifact"]
        )
        opened["thread"] = services.thread_open(
            review_round=review_round, by=request.user, anchor=anchor, body=data["body"]
        )

    if attempt(form, call):
        return redirect(reverse("reviews_round", args=[pk]) + f"#thread-{opened['thread'].pk}")
    return _round_page(request, review_round, status=400, thread_form=form)


def _thread_response(request, thread, *, open_for_reply=False, draft=""):
    """The updated thread as a fragment for htmx (built for that thread alone, so its cost
    does not grow with the round), or back to the round page."""
    if request.htmx:
        review_round = thread.round
        document = review_round.document
        revealed = revealed_citations(request.user, document.owner, review_round.version.sections)
        reply_to = thread.pk if open_for_reply else None
        threads = threads_for_page(
            review_round, request.user, revealed, pk=thread.pk, open_for_reply=reply_to
        )
        attach_linkable_gaps(threads, request.user, document)
        threads[0].reply_draft = draft
        context = {"thread": threads[0], "round": review_round}
        return render(request, "reviews/round.html#thread", context)
    if open_for_reply:
        return redirect(reverse("reviews_thread_reply", args=[thread.pk]) + f"#thread-{thread.pk}")
    return redirect(reverse("reviews_round", args=[thread.round.pk]) + f"#thread-{thread.pk}")


def _reply_refused(request, thread, body):
    """The thread again with its reply form open and `body` in it, as a fragment for htmx
    or in the whole round page: a refused reply loses nothing typed."""
    if not request.htmx:
        return _round_page(request, thread.round, status=400, reply=(thread.pk, body))
    return _thread_response(request, thread, open_for_reply=True, draft=body)


@vary_on_headers("HX-Request")
@require_GET
def thread_reply(request, pk):
    """A thread with its reply (and gap) forms open: alone for htmx, else in the round page.
    Threads show only a link here, which keeps a round of 50 threads small: the forms are
    sent for the one being answered."""
    thread = thread_for_viewer(request.user, pk)
    _audit_round_view(request, thread.round)
    if request.htmx:
        return _thread_response(request, thread, open_for_reply=True)
    return _round_page(request, thread.round, reply=(thread.pk, ""))


@vary_on_headers("HX-Request")
@require_POST
def comment_new(request, pk):
    thread = thread_for_viewer(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a reply before sending it.")
        return _thread_response(request, thread, open_for_reply=True)
    body = form.cleaned_data["body"]
    if not attempt_action(
        request, lambda: services.comment_add(thread=thread, by=request.user, body=body)
    ):
        return _reply_refused(request, thread, body)
    return _thread_response(request, thread)


@vary_on_headers("HX-Request")
@require_POST
def thread_resolve(request, pk):
    thread = thread_for_viewer(request.user, pk)
    attempt_action(request, lambda: services.thread_resolve(thread=thread, by=request.user))
    return _thread_response(request, thread)


@vary_on_headers("HX-Request")
@require_POST
def thread_reopen(request, pk):
    thread = thread_for_viewer(request.user, pk)
    attempt_action(request, lambda: services.thread_reopen(thread=thread, by=request.user))
    return _thread_response(request, thread)


@vary_on_headers("HX-Request")
@require_POST
def thread_link_gap(request, pk):
    thread = thread_for_viewer(request.user, pk)
    candidacy_id = thread.round.document.candidacy_id
    gap = Gap.objects.filter(pk=_int(request.POST.get("gap")), candidacy_id=candidacy_id).first()
    if gap is None:
        messages.error(request, "Choose one of this case's gaps.")
    else:
        services.thread_link_gap(thread=thread, gap=gap, by=request.user)
    return _thread_response(request, thread, open_for_reply=True)


def _int(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@require_POST
def verdicts(request, pk):
    review_round = round_for_viewer(request.user, pk, reviewer=True)
    criteria = list(review_round.document.candidacy.ladder.criteria.all())
    form = VerdictForm(request.POST, criteria=criteria, given={})

    def call(data):
        services.verdicts_give(
            review_round=review_round, reviewer=request.user, chosen=form.chosen()
        )

    if attempt(form, call):
        messages.success(request, "Verdicts saved.")
        return redirect(reverse("reviews_round", args=[pk]) + "#verdicts")
    return _round_page(request, review_round, status=400, verdict_form=form)


@require_POST
def give_feedback(request, pk):
    review_round = round_for_viewer(request.user, pk, reviewer=True)
    if attempt_action(
        request, lambda: services.round_give_feedback(review_round=review_round, by=request.user)
    ):
        messages.success(request, "The engineer can see your feedback is in.")
    return redirect("reviews_round", pk)


@require_POST
def close(request, pk):
    review_round = round_for_viewer(request.user, pk, owner=True)
    if attempt_action(
        request, lambda: services.round_close(review_round=review_round, by=request.user)
    ):
        messages.success(request, "Round closed. Edit your draft and share the next version.")
    return redirect("reviews_document", review_round.document.pk)
