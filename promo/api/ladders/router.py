"""My ladder: the criteria, and what my level and the next one expect of each."""

from ninja import Router

from promo.api.auth import auth_for
from promo.api.ladders.schemas import LadderOut
from promo.api.schemas import ERRORS
from promo.candidacies.targets import target_level_for
from promo.models import Criterion, Expectation

router = Router(tags=["ladder"])


@router.get(
    "/ladder/",
    response={200: LadderOut, **ERRORS},
    auth=auth_for("evidence:read"),
    url_name="ladder",
)
def my_ladder(request):
    """The criteria evidence is tagged against, with the expectation at your level and at
    the level you are working towards (your open case's target, else the next one up)."""
    person = request.auth
    level, target = person.level, target_level_for(person)
    ladder = target.ladder if target is not None else (level.ladder if level else None)
    if ladder is None:
        return {"ladder": None, "level": None, "next_level": None, "criteria": []}
    levels = [lvl.pk for lvl in (level, target) if lvl is not None]
    texts = {
        (row.criterion_id, row.level_id): row.text
        for row in Expectation.objects.filter(level_id__in=levels)
    }
    criteria = Criterion.objects.filter(ladder=ladder).order_by("position", "id")
    return {
        "ladder": ladder.name,
        "level": level,
        "next_level": target,
        "criteria": [
            {
                "slug": criterion.slug,
                "name": criterion.name,
                "description": criterion.description,
                "expectation_now": texts.get((criterion.pk, getattr(level, "pk", None)), ""),
                "expectation_next": texts.get((criterion.pk, getattr(target, "pk", None)), ""),
                "needs_confirmation": criterion.needs_confirmation,
                "min_confirming_teams": criterion.min_confirming_teams,
            }
            for criterion in criteria
        ],
    }
