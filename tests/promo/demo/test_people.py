from django.conf import settings
from django.test import Client

from promo.models import User


def test_every_demo_person_signs_in_with_the_published_password(demo, db):
    people = list(User.objects.filter(email__endswith="@promo.example"))
    assert len(people) > 20
    for person in people:
        assert Client().login(email=person.email, password=settings.DEMO_PASSWORD), person.email


def test_the_demo_hashes_the_password_once_for_everyone(demo, db):
    hashes = set(User.objects.filter(email__endswith="@promo.example").values_list("password"))
    assert len(hashes) == 1
