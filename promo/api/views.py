"""The API tokens settings page: make a token (its secret shown this once), revoke one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from promo.api.forms import TokenForm
from promo.api.models import ApiToken
from promo.api.recipes import recipes_for
from promo.api.services import token_create, token_revoke
from promo.web.forms import attempt


def token_for_owner(viewer, pk):
    """The viewer's own token `pk`; anyone else's is 404."""
    token = ApiToken.objects.select_related("owner").filter(pk=pk, owner_id=viewer.pk).first()
    if token is None:
        raise Http404("No such token.")
    return token


@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None, owner=request.user)
    made = {}

    def call(data):
        made["token"], made["secret"] = token_create(owner=request.user, **data)

    if request.method == "POST" and attempt(form, call):
        form = TokenForm(owner=request.user)  # empty again: the next token starts afresh
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(owner=request.user),
        "new_token": made.get("token"),
        "secret": made.get("secret"),
        "recipes": recipes_for(request.build_absolute_uri("/").rstrip("/")),
    }
    return render(request, "api/tokens.html", context)


@require_POST
def token_revoke_view(request, pk):
    token = token_for_owner(request.user, pk)
    token_revoke(token=token, by=request.user)
    messages.success(request, f"Revoked “{token.name}”. Anything using it is refused now.")
    return redirect("api_tokens")
