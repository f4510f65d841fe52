"""The leaving link's pages: no login, the signed link is the credential. Someone else
signed in who opens it gets "not found": the link is for the person who left."""

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from promo.portability.leaving import person_for_leaving_token
from promo.portability.models import PersonalExport
from promo.portability.services import personal_export_request


def _leaver(request, token):
    person = person_for_leaving_token(token)
    if person is None:
        return None
    if request.user.is_authenticated and request.user.pk != person.pk:
        raise Http404("No such link.")
    return person


@login_not_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def leaving(request, token):
    person = _leaver(request, token)
    if person is None:
        return render(request, "portability/leaving_expired.html", status=404)
    latest = _latest_personal_export(person)
    if request.method == "POST":
        if latest is None or not latest.is_downloadable():
            personal_export_request(person=person, via="their leaving link")
        return redirect("portability_leaving", token)
    template = "portability/leaving.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"export": latest, "token": token, "person": person})


@login_not_required
@require_GET
def leaving_download(request, token):
    person = _leaver(request, token)
    export = _latest_personal_export(person) if person else None
    if export is None or not export.is_downloadable():
        raise Http404("Nothing to download.")
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)


def _latest_personal_export(person):
    """Their own export only: never an organisation export they made while staff."""
    return PersonalExport.objects.filter(person=person, scope=PersonalExport.Scope.PERSONAL).first()
