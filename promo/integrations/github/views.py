"""Everyone's own GitHub page (link, token, import and its progress) and the staff link."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from promo.integrations.github import services
from promo.integrations.github.forms import ImportForm, LoginForm, TokenForm
from promo.integrations.github.models import GitHubLink
from promo.models import User
from promo.org.access import require_staff
from promo.web.forms import attempt, attempt_action

TEMPLATE = "integrations/github/settings.html"


def _own_link(request):
    return GitHubLink.objects.filter(person=request.user).first()


def _page(request, *, login_form=None, token_form=None, import_form=None):
    """The GitHub page with whichever form is being corrected, the others fresh."""
    link = _own_link(request)
    context = {
        "link": link,
        "challenge": services.link_challenge(link) if link and not link.is_verified else "",
        "login_form": login_form or LoginForm(),
        "token_form": token_form or TokenForm(),
        "import_form": import_form or ImportForm(),
        "job": services.latest_backfill(request.user),
    }
    return render(request, TEMPLATE, context)


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def github_settings(request):
    """GET: the page, or only the import's progress when htmx polls it. POST: claim a
    login, which shows the challenge to publish on GitHub."""
    if request.method == "GET":
        if request.htmx:
            job = services.latest_backfill(request.user)
            return render(request, TEMPLATE + "#import-status", {"job": job})
        return _page(request)
    form = LoginForm(request.POST)

    def call(data):
        services.github_link_claim(person=request.user, login=data["login"])

    if attempt(form, call, field="login"):
        return redirect("github_settings")
    return _page(request, login_form=form)


@require_POST
def github_verify(request):
    link = _own_link(request)
    if link is None:
        messages.error(request, "Give your GitHub login first.")
    elif attempt_action(request, lambda: services.github_link_verify(link=link, by=request.user)):
        messages.success(request, f"Linked to {link.login} on GitHub.")
    return redirect("github_settings")


@require_POST
def github_unlink(request):
    services.github_unlink(person=request.user, by=request.user)
    messages.success(request, "Your GitHub account is no longer linked.")
    return redirect("github_settings")


@require_POST
def github_token(request):
    form = TokenForm(request.POST)

    def call(data):
        services.github_token_save(person=request.user, token=data["token"], by=request.user)

    if attempt(form, call):
        messages.success(request, "Token saved. You can import your pull requests now.")
        return redirect("github_settings")
    return _page(request, token_form=form)


@require_POST
def github_token_forget(request):
    services.github_token_forget(person=request.user, by=request.user)
    messages.success(request, "The token is gone from promo. Revoke it on GitHub too.")
    return redirect("github_settings")


@require_POST
def github_import(request):
    form = ImportForm(request.POST)

    def call(data):
        services.github_backfill_request(person=request.user, since=data["since"])

    if attempt(form, call):
        return redirect("github_settings")
    return _page(request, import_form=form)


@require_staff
@require_http_methods(["GET", "POST"])
def staff_github_link(request, pk):
    """Staff link someone's GitHub login without a challenge, or unlink it."""
    person = get_object_or_404(User, pk=pk)
    if request.POST.get("action") == "unlink":
        services.github_unlink(person=person, by=request.user)
        messages.success(request, f"{person} is no longer linked to GitHub.")
        return redirect("staff_github_link", person.pk)
    form = LoginForm(request.POST or None)

    def call(data):
        services.github_link_by_staff(person=person, login=data["login"], by=request.user)

    if request.method == "POST" and attempt(form, call, field="login"):
        messages.success(request, f"{person} is linked to {form.cleaned_data['login']}.")
        return redirect("staff_github_link", person.pk)
    link = GitHubLink.objects.filter(person=person).first()
    return render(
        request,
        "integrations/github/staff_link.html",
        {"person": person, "link": link, "form": form},
    )
