"""What a page needs to show someone's readiness: `readiness_context(person, viewer)`.

Used by the standalone readiness page and included in My case. The evidence counted is
what the viewer may see, so a manager's view never reveals private work, not even as a
count.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from evidence.access import artifacts_visible_to
from promo.readiness import heatmap as heatmap_module
from promo.readiness.checkins.services import checkins_due_shown
from promo.readiness.heatmap import heatmap_svg, legend
from promo.readiness.queries import readiness_for
from promo.readiness.verdicts import NO_VERDICT_YET
from promo.web.fragments import cached_fragment, source_digest


def evidence_link(criterion, month, *, person, viewer, base=None) -> str:
    """The evidence list filtered to one criterion and one month (the cell behind a link),
    in the evidence list's own filter names. `person` picks whose evidence the list shows
    when the viewer is someone else.
    """
    query = {"criterion": criterion.slug, "month": f"{month:%Y-%m}"}
    if viewer.pk != person.pk:
        query["person"] = person.pk
    return f"{base or reverse('evidence_list')}?{urlencode(query)}"


def readiness_context(person, viewer, *, now=None, show_gaps=True) -> dict:
    """Context for templates/promo/readiness/_readiness.html.

    Keys: readiness (promo.readiness.facts.Readiness or None when the person is on no
    ladder), heatmap (SafeString SVG), legend, due_checkins and due_count (only for the person
    themself: recording is theirs to do), is_self, readiness_person, no_verdict_yet,
    show_gaps (False where the page lists the gaps itself, as My case does).
    """
    now = now or timezone.now()
    is_self = viewer.pk == person.pk
    artifacts = None if is_self else artifacts_visible_to(viewer, person)
    result = readiness_for(person, artifacts=artifacts, now=now, viewer=viewer)
    context = {
        "readiness": result,
        "readiness_person": person,
        "is_self": is_self,
        "show_gaps": show_gaps,
        "no_verdict_yet": NO_VERDICT_YET,
        "legend": legend(),
        "heatmap": "",
        "due_checkins": [],
        "due_count": 0,
    }
    if is_self:
        context.update(checkins_due_shown(person, now=now))
    if result is not None:
        context["heatmap"] = _heatmap(result, person=person, viewer=viewer)
    return context


def _heatmap(result, *, person, viewer):
    """The SVG, drawn once per change of what it shows (cells, names, links), not per view."""
    base = reverse("evidence_list")
    rows, months = list(result.criteria), list(result.months)
    shown = (
        source_digest(heatmap_module.__file__),
        source_digest(__file__),  # evidence_link, which draws the cells' links
        base,
        None if viewer.pk == person.pk else person.pk,
        tuple(months),
        tuple(
            (
                row.criterion.slug,
                row.criterion.name,
                tuple((cell.month, cell.count, cell.strongest) for cell in row.months),
                len(row.strong_months),
            )
            for row in rows
        ),
    )
    return cached_fragment(
        "heatmap",
        shown,
        lambda: heatmap_svg(
            rows,
            months,
            link_for=lambda criterion, month: evidence_link(
                criterion, month, person=person, viewer=viewer, base=base
            ),
        ),
    )
