"""Readiness pages: one's own (/case/readiness/) and a report's or mentee's."""

from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from promo.audit.services import audit_view
from promo.models import AuditEntry
from promo.org.access import person_for_viewer
from promo.readiness.context import readiness_context


def _render(request, person):
    template = "promo/readiness/page.html"
    if request.htmx:
        template += "#readiness"
    return render(request, template, readiness_context(person, request.user))


@require_GET
@vary_on_headers("HX-Request")
def readiness(request):
    return _render(request, request.user)


@require_GET
@vary_on_headers("HX-Request")
def person_readiness(request, pk):
    person = person_for_viewer(request.user, pk)
    audit_view(
        viewer=request.user,
        owner=person,
        action=AuditEntry.Action.EVIDENCE_VIEWED,
        detail="Readiness page",
    )
    return _render(request, person)
