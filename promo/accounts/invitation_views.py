"""Staff send (and resend) invitations; the invited person follows the link to choose a
password."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from promo.accounts.invitations import invitation_accept, invitation_from_token, invitation_send
from promo.org.access import person_for_account_change, require_staff
from promo.web.forms import attempt, attempt_action


@require_staff
@require_POST
def staff_person_invite(request, pk):
    """Send, or send again, `pk` an invitation to choose a password."""
    person = person_for_account_change(request.user, pk)

    def call():
        invitation = invitation_send(person=person, by=request.user)
        messages.success(
            request,
            f"Invitation sent to {invitation.email}; the link works until "
            f"{invitation.expires_at:%Y-%m-%d}.",
        )

    attempt_action(request, call)
    return redirect("staff_people")


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token):
    """The invitation's link: choose a password, then you are signed in. A link that was
    used, has expired, was replaced by a resend, or was tampered with is a clear 400."""
    invitation = invitation_from_token(token)
    if invitation is None:
        return render(request, "registration/invitation_invalid.html", status=400)
    form = SetPasswordForm(invitation.person, request.POST or None)

    def call(data):
        person = invitation_accept(invitation=invitation, password=data["new_password1"])
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")

    if request.method == "POST" and attempt(form, call):
        messages.success(request, "Welcome to promo: your password is set.")
        return redirect("home")
    context = {"form": form, "invitation": invitation}
    return render(request, "registration/invitation_accept.html", context)
