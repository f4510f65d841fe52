"""Readiness pages: one's own (/case/readiness/) and a report's or mentee's."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from promo.audit.services import audit_view
from promo.models import AuditEntry, Ladder
from promo.org.access import person_and_relation_for_viewer
from promo.readiness.explain import rule_in_words
from promo.readiness.facts import Rule
from promo.readiness.section import readiness_section


def _render(request, person, relation=None):
    template = "promo/readiness/page.html"
    if request.htmx:
        template += "#readiness"
    context = readiness_section(person, request.user)
    context["viewer_relation"] = relation  # the pulse panel's, read once
    return render(request, template, context)


@require_GET
@vary_on_headers("HX-Request")
def readiness(request):
    return _render(request, request.user)


@require_GET
@vary_on_headers("HX-Request")
def person_readiness(request, pk):
    # No relations joined: the section comes from the cache, and a drawn one reads them.
    person, relation = person_and_relation_for_viewer(request.user, pk, related=())
    audit_view(
        viewer=request.user,
        owner=person,
        action=AuditEntry.Action.EVIDENCE_VIEWED,
        detail="Readiness page",
    )
    return _render(request, person, relation)


@require_GET
def readiness_rule(request):
    """How Ready, Close and Building are decided, with one ladder's numbers: ?ladder=<pk>,
    else the viewer's own ladder, else the first. Ladders are no secret: anyone signed in."""
    ladders = list(Ladder.objects.order_by("name"))
    wanted = request.GET.get("ladder") or request.user.ladder_id
    ladder = None
    if wanted:
        ladder = get_object_or_404(Ladder, pk=wanted) if str(wanted).isdigit() else None
    ladder = ladder or (ladders[0] if ladders else None)
    rule = Rule.for_ladder(ladder) if ladder else Rule()
    confirming = []
    if ladder:
        confirming = list(
            ladder.criteria.filter(needs_confirmation=True)
            .order_by("position", "id")
            .values_list("name", "min_confirming_teams")
        )
    steps = rule_in_words(rule, confirming)
    context = {"ladder": ladder, "ladders": ladders, "rule": rule, "steps": steps}
    return render(request, "promo/readiness/rule.html", context)
