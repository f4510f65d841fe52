from django.shortcuts import render
from django.views.decorators.http import require_GET

from promo.models import User
from promo.org.access import mentees_of


@require_GET
def home(request):
    user = request.user
    context = {
        "manager": user.manager,
        "mentors": User.objects.filter(mentee_links__mentee_id=user.pk),
        "mentees": mentees_of(user),
        "reports": User.objects.filter(manager_id=user.pk).select_related("team", "level"),
    }
    return render(request, "promo/home.html", context)
