"""Only superusers change staff and superuser accounts; every change of email, staff or
active flag is audited; a new email is announced to the old address."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from promo.models import AuditEntry, User
from promo.org.services import person_save
from tests.factories import UserFactory


def _form_data(person, **changes):
    data = {
        "email": person.email,
        "display_name": person.display_name,
        "time_zone": person.time_zone,
        "team": person.team_id or "",
        "manager": person.manager_id or "",
        "ladder": person.ladder_id or "",
        "level": person.level_id or "",
        "is_active": "on" if person.is_active else "",
    }
    if person.is_staff:
        data["is_staff"] = "on"
    return {key: value for key, value in (data | changes).items() if value != ""}


@pytest.fixture
def root(db):
    return UserFactory(
        display_name="Rita Root", email="rita@example.com", is_staff=True, is_superuser=True
    )


@pytest.mark.parametrize("victim", ["root", "other_staff"])
def test_staff_who_are_not_superusers_cannot_change_staff_accounts(client, world, root, victim):
    target = root if victim == "root" else UserFactory(is_staff=True)
    client.force_login(world.staff)
    url = reverse("staff_person_edit", args=[target.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, _form_data(target, email="attacker@example.com"))
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.email != "attacker@example.com"
    assert not mail.outbox


def test_the_people_list_offers_no_edit_of_staff_to_a_non_superuser(client, world, root):
    client.force_login(world.staff)
    page = client.get(reverse("staff_people")).content.decode()
    assert reverse("staff_person_edit", args=[root.pk]) not in page
    assert reverse("staff_person_edit", args=[world.owner.pk]) in page
    client.force_login(root)
    page = client.get(reverse("staff_people")).content.decode()
    assert reverse("staff_person_edit", args=[world.staff.pk]) in page


def test_only_a_superuser_can_make_someone_staff(client, world, root):
    client.force_login(world.staff)
    url = reverse("staff_person_edit", args=[world.owner.pk])
    assert 'name="is_staff"' not in client.get(url).content.decode()
    client.post(url, _form_data(world.owner, is_staff="on"))
    world.owner.refresh_from_db()
    assert not world.owner.is_staff
    client.force_login(root)
    client.post(url, _form_data(world.owner, is_staff="on"))
    world.owner.refresh_from_db()
    assert world.owner.is_staff


def test_the_service_refuses_a_non_superuser_whatever_the_caller(world, root):
    root.email = "taken@example.com"
    with pytest.raises(PermissionDenied):
        person_save(person=root, manager=None, by=world.staff)
    assert User.objects.get(pk=root.pk).email == "rita@example.com"


def test_an_email_change_is_audited_and_announced_to_the_old_address(
    client, world, root, django_capture_on_commit_callbacks
):
    client.force_login(root)
    url = reverse("staff_person_edit", args=[world.staff.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form_data(world.staff, email="new.sam@example.com"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROLE_CHANGED, subject=world.staff)
    assert "email: sam@example.com → new.sam@example.com" in entry.detail
    assert entry.actor == root
    [notice] = mail.outbox
    assert notice.to == ["sam@example.com"]
    assert "new.sam@example.com" in notice.body


def test_deactivating_someone_is_audited(client, world):
    client.force_login(world.staff)
    url = reverse("staff_person_edit", args=[world.owner.pk])
    client.post(url, _form_data(world.owner, is_active=""))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROLE_CHANGED, subject=world.owner)
    assert entry.detail == "active: yes → no"
    assert not User.objects.get(pk=world.owner.pk).is_active


def test_the_admin_shows_people_but_changes_nobody(client, world, root):
    client.force_login(root)
    url = reverse("admin:promo_user_change", args=[world.staff.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": "admin.took@example.com"})
    assert response.status_code == 403
    assert User.objects.get(pk=world.staff.pk).email == "sam@example.com"
    assert client.get(reverse("admin:promo_user_add")).status_code == 403
