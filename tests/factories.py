import factory
from django.conf import settings

from promo.demo.steps import ensure_default_ladder
from promo.models import MentorAssignment, Team, User


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "UTC"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or settings.DEMO_PASSWORD)
        if create:
            self.save(update_fields=["password"])


def engineer(level_code="L5", **fields):
    """A person on the default ladder at `level_code`."""
    ladder = ensure_default_ladder()
    return UserFactory(ladder=ladder, level=ladder.levels.get(code=level_code), **fields)


class MentorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorAssignment

    mentor = factory.SubFactory(UserFactory)
    mentee = factory.SubFactory(UserFactory)


def candidacy_for(person, *, by=None, **fields):
    """An open candidacy for `person` towards the next level, through the service."""
    from promo.candidacies.services import candidacy_open

    return candidacy_open(person=person, by=by or person, **fields)
