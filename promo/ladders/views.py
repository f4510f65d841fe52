"""Staff pages for ladders: rename, readiness thresholds, levels, criteria and their
expectations. Every change goes through promo.ladders.services, which keeps history."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from promo.ladders.forms import CriterionForm, LadderForm, LevelForm, MoveForm
from promo.ladders.services import (
    criterion_move,
    criterion_save,
    ladder_update,
    level_add,
    level_move,
    level_update,
)
from promo.models import Criterion, Ladder, Level
from promo.org.access import require_staff
from promo.web.forms import attempt, attempt_action

HISTORY_SHOWN = 50


@require_staff
@require_GET
def ladders(request):
    rows = Ladder.objects.annotate(
        level_count=Count("levels", distinct=True),
        criterion_count=Count("criteria", distinct=True),
        people_count=Count("people", distinct=True),
    )
    return render(request, "promo/staff/ladders.html", {"ladders": rows})


def _render_ladder(request, ladder, *, form=None, level_form=None):
    levels = list(ladder.levels.all())
    criteria = ladder.criteria.annotate(expectation_count=Count("expectations"))
    context = {
        "ladder": ladder,
        "form": form or LadderForm(instance=ladder),
        "level_form": level_form or LevelForm(ladder=ladder),
        "levels": levels,
        "criteria": criteria,
        "history": ladder.changes.select_related("changed_by")[:HISTORY_SHOWN],
    }
    return render(request, "promo/staff/ladder_edit.html", context)


@require_staff
@require_http_methods(["GET", "POST"])
def ladder_edit(request, pk):
    ladder = get_object_or_404(Ladder, pk=pk)
    if request.method == "GET":
        return _render_ladder(request, ladder)
    # Edit a copy, so a refused form leaves the page's heading and history as they were.
    form = LadderForm(request.POST, instance=Ladder.objects.get(pk=pk))

    def call(data):
        values = {f: data[f] for f in LadderForm.Meta.fields}
        ladder_update(ladder=ladder, by=request.user, values=values)

    if attempt(form, call):
        messages.success(request, f"Saved {ladder}.")
        return redirect("staff_ladder_edit", ladder.pk)
    return _render_ladder(request, ladder, form=form)


@require_staff
@require_POST
def level_new(request, pk):
    ladder = get_object_or_404(Ladder, pk=pk)
    form = LevelForm(request.POST, ladder=ladder)

    def call(data):
        level_add(ladder=ladder, by=request.user, code=data["code"], title=data["title"])

    if attempt(form, call):
        messages.success(request, "Added the level. Write its expectation in each criterion next.")
        return redirect("staff_ladder_edit", ladder.pk)
    return _render_ladder(request, ladder, level_form=form)


@require_staff
@require_http_methods(["GET", "POST"])
def level_edit(request, pk):
    level = get_object_or_404(Level.objects.select_related("ladder"), pk=pk)
    form = LevelForm(request.POST or None, instance=Level.objects.get(pk=pk), ladder=level.ladder)

    def call(data):
        level_update(level=level, by=request.user, code=data["code"], title=data["title"])

    if request.method == "POST" and attempt(form, call):
        messages.success(request, f"Saved level {level}.")
        return redirect("staff_ladder_edit", level.ladder_id)
    return render(request, "promo/staff/level_form.html", {"form": form, "level": level})


def _moved(request, call, ladder_id):
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to move up or down.")
    else:
        attempt_action(request, lambda: call(form.cleaned_data["direction"]))
    return redirect("staff_ladder_edit", ladder_id)


@require_staff
@require_POST
def level_reorder(request, pk):
    level = get_object_or_404(Level.objects.select_related("ladder"), pk=pk)
    return _moved(
        request, lambda d: level_move(level=level, by=request.user, direction=d), level.ladder_id
    )


@require_staff
@require_POST
def criterion_reorder(request, pk):
    criterion = get_object_or_404(Criterion.objects.select_related("ladder"), pk=pk)
    return _moved(
        request,
        lambda d: criterion_move(criterion=criterion, by=request.user, direction=d),
        criterion.ladder_id,
    )


def _criterion_page(request, ladder, criterion):
    levels = list(ladder.levels.all())
    form = CriterionForm(
        request.POST or None,
        instance=Criterion.objects.prefetch_related("expectations").get(pk=criterion.pk)
        if criterion
        else Criterion(ladder=ladder),
        ladder=ladder,
        levels=levels,
    )

    def call(data):
        criterion_save(
            ladder=ladder,
            by=request.user,
            criterion=criterion,
            values=form.values(),
            expectations=form.expectations(),
        )

    if request.method == "POST" and attempt(form, call):
        messages.success(request, f"Saved criterion “{form.cleaned_data['name']}”.")
        return redirect("staff_ladder_edit", ladder.pk)
    context = {"form": form, "ladder": ladder, "criterion": criterion}
    return render(request, "promo/staff/criterion_form.html", context)


@require_staff
@require_http_methods(["GET", "POST"])
def criterion_new(request, pk):
    return _criterion_page(request, get_object_or_404(Ladder, pk=pk), None)


@require_staff
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    criterion = get_object_or_404(Criterion.objects.select_related("ladder"), pk=pk)
    return _criterion_page(request, criterion.ladder, criterion)
