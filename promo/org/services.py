"""Writes to the organisation: people, managers and mentor assignments.

Every role or mentor change is written to the audit log in the same transaction.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from promo.audit.services import audit_record, audit_record_many
from promo.models import AuditEntry, MentorAssignment, Team, User
from promo.org.access import may_change_account
from promo.org.csv_import import parse_people_csv
from promo.org.import_plan import ImportPlan, plan_people_import
from promo.org.tree import managers_above_ids, refuse_manager_loop
from promo.portability.leaving import leaving_link_send
from promo.web.mail import mail_subject
from promo.web.readiness_changed import readiness_changed

log = logging.getLogger(__name__)

# The fields of a person that decide what they may see or do, and how to show them. The
# email is one: it is where a password reset goes.
ROLE_FIELDS = {
    "email": ("email", lambda value: value or "none"),
    "ladder": ("ladder", lambda value: str(value) if value else "none"),
    "level": ("level", lambda value: value.code if value else "none"),
    "is_staff": ("staff", lambda value: "yes" if value else "no"),
    "is_superuser": ("superuser", lambda value: "yes" if value else "no"),
    "is_active": ("active", lambda value: "yes" if value else "no"),
}


def refuse_granting_yourself(*, by: User | None, person: User | None, role: str) -> None:
    """Staff administer the organisation, not their own access: a staff member who is not a
    superuser cannot make themselves someone's manager or mentor, which would open that
    person's shared evidence and review rounds to them. Another member of staff can."""
    if by is not None and person is not None and person.pk == by.pk and not by.is_superuser:
        raise ValidationError(
            {role: f"You cannot make yourself their {role}; ask another member of staff."}
        )


def user_set_manager(*, user: User, manager: User | None, by: User | None = None) -> User:
    """Give `user` a new manager. A loop in the chain is refused with a clear error.

    Evidence belongs to the engineer, so nothing else moves: the new manager sees what
    the engineer shares with managers, history included, and the old one stops seeing it.
    A real change is recorded in the audit log as a role change.
    """
    if manager is not None and manager.pk != user.manager_id:
        refuse_granting_yourself(by=by, person=manager, role="manager")
    with transaction.atomic():
        # Lock the rows so two concurrent changes cannot build a loop between them.
        ids = [user.pk] + ([manager.pk] if manager else [])
        list(User.objects.select_for_update().filter(pk__in=ids))
        refuse_manager_loop(user, manager)
        previous = User.objects.filter(pk=user.manager_id).first() if user.manager_id else None
        user.manager = manager
        user.save(update_fields=["manager"])
        readiness_changed(user.pk)
        if (previous.pk if previous else None) != (manager.pk if manager else None):
            audit_record(
                actor=by,
                action=AuditEntry.Action.ROLE_CHANGED,
                subject=user,
                target=user,
                detail=f"manager: {previous or 'none'} → {manager or 'none'}",
            )
    return user


def role_changes(before: User | None, after: User) -> list[str]:
    """Human-readable role changes between two states of one person."""
    changes = []
    for field, (name, show) in ROLE_FIELDS.items():
        old = getattr(before, field) if before else None
        new = getattr(after, field)
        if before is None and not new:
            continue
        if before is None or old != new:
            changes.append(f"{name}: {show(old) if before else 'new'} → {show(new)}")
    return changes


def person_save(*, person: User, manager: User | None, by: User | None) -> User:
    """Create or update a person from the staff form, then move their manager.

    Only a superuser changes a staff or superuser account, or makes someone staff
    (PermissionDenied otherwise). The manager moves through `user_set_manager`
    (cycle-safe); email, ladder, level, staff and active changes are recorded together as
    one role change, and a new email is announced to the old address after commit.
    Deactivating someone stamps `deactivated_at` and emails them their leaving link after
    commit (promo.portability.leaving); making them active again clears the stamp.
    """
    with transaction.atomic():
        before = (
            User.objects.select_related("ladder", "level")
            .select_for_update(of=("self",))
            .filter(pk=person.pk)
            .first()
        )
        _check_may_change(by, before, person)
        if before:
            person.manager_id = before.manager_id
        else:
            person.manager = None
            person.set_unusable_password()
        deactivated = person.follow_active(was_active=bool(before and before.is_active))
        person.save()
        readiness_changed(person.pk)
        changes = role_changes(before, person)
        if changes:
            audit_record(
                actor=by,
                action=AuditEntry.Action.ROLE_CHANGED,
                subject=person,
                target=person,
                detail="; ".join(changes),
            )
        user_set_manager(user=person, manager=manager, by=by)
        if deactivated:
            leaving_link_send(person=person, by=by)
        if before and before.email != person.email:
            old_email = before.email
            transaction.on_commit(lambda: email_change_notify(person=person, old_email=old_email))
    return person


def _check_may_change(by, before, after):
    for state in (before, after):
        if state is not None and not (by is not None and may_change_account(by, state)):
            raise PermissionDenied("Only a superuser changes a staff or superuser account.")


def email_change_notify(*, person: User, old_email: str) -> None:
    """Tell the old address that the account's email changed, so a takeover is noticed.

    Runs after commit; a mail server that fails is logged, never undoes the change."""
    body = (
        f"The email address of your promo account ({person.display_name}) was changed "
        f"from {old_email} to {person.email}.\n\n"
        "If you did not expect this, tell your promo administrators straight away."
    )
    try:
        send_mail(mail_subject("Your promo email address was changed"), body, None, [old_email])
    except Exception:  # noqa: BLE001 - the change is committed; the failure is logged
        log.exception("could not notify %s of an email change", old_email)


def mentor_assign(*, mentor: User, mentee: User, by: User | None) -> MentorAssignment:
    """Assign a mentor from outside the mentee's management chain."""
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentor": "Nobody can mentor themselves."})
    refuse_granting_yourself(by=by, person=mentor, role="mentor")
    if mentor.pk in managers_above_ids(mentee.pk):
        raise ValidationError(
            {
                "mentor": f"{mentor} is in {mentee}'s management chain; "
                "a mentor must come from outside it."
            }
        )
    with transaction.atomic():
        assignment, created = MentorAssignment.objects.get_or_create(
            mentor=mentor, mentee=mentee, defaults={"created_by": by}
        )
        if created:
            readiness_changed(mentee.pk)
            audit_record(
                actor=by,
                action=AuditEntry.Action.MENTOR_ASSIGNED,
                subject=mentee,
                target=assignment,
                detail=f"mentor: {mentor}",
            )
    return assignment


def mentor_unassign(*, assignment: MentorAssignment, by: User | None = None) -> None:
    """End a mentoring assignment; the mentor stops seeing the mentee's shared evidence."""
    with transaction.atomic():
        audit_record(
            actor=by,
            action=AuditEntry.Action.MENTOR_UNASSIGNED,
            subject=assignment.mentee,
            target=assignment,
            detail=f"mentor: {assignment.mentor}",
        )
        assignment.delete()
        readiness_changed(assignment.mentee_id)


def people_import(*, text: str, by: User | None, apply: bool) -> ImportPlan:
    """Check a people CSV (promo.org.csv_import.COLUMNS) and, when `apply` and no row is
    bad, write all of it in one transaction. Returns the plan: its problems, and who is
    created, updated (with what) or unchanged.

    The rules of the one-person services hold for the whole file: no loop in a management
    chain, no mentor from the mentee's chain, no staff member granting themselves a role,
    staff accounts changed by superusers only. Every change is in the audit log with one
    entry for the import itself, and the people changed are named to readiness_changed.
    A file applied twice changes nothing the second time. `by` None is an operator."""
    parsed = parse_people_csv(text, limit=settings.PEOPLE_IMPORT_MAX_BYTES)
    with transaction.atomic():
        plan = plan_people_import(parsed, by=by, lock=apply)
        if apply and not plan.problems:
            _import_write(plan, by=by)
            plan.applied = True
    return plan


def _import_write(plan, *, by):
    new_teams, people = _import_people(plan)
    changed = plan.created + plan.updated
    records = _import_mentors(plan, people, by=by)
    records += [
        (AuditEntry.Action.ROLE_CHANGED, p.person, p.person, "; ".join(p.changes))
        for p in changed
        if p.changes
    ]
    summary = (
        f"people import: created {len(plan.created)}, updated {len(plan.updated)}, "
        f"unchanged {len(plan.unchanged)}, new teams {len(new_teams)}"
    )
    records.append((AuditEntry.Action.ROLE_CHANGED, None, None, summary))
    # As on the staff form: each person the file deactivates is emailed their leaving link.
    for person_plan in plan.deactivated:
        leaving_link_send(person=person_plan.person, by=by)
    audit_record_many(actor=by, records=records)
    readiness_changed(*(p.person.pk for p in changed))


def _import_people(plan):
    """Create the new teams and people and update the others, in one write each.
    Returns the new teams and every person the file names, by lowercased email."""
    new_teams = Team.objects.bulk_create([Team(name=name) for name in plan.new_teams.values()])
    teams = {**plan.teams, **{team.name.lower(): team for team in new_teams}}
    people = dict(plan.known)
    for person_plan in plan.created:
        person_plan.person = people[person_plan.email] = User(email=person_plan.email)
        person_plan.person.set_unusable_password()
    changed = plan.created + plan.updated
    # Managers last: a new person's manager may be new too, and needs its id first.
    now = timezone.now()
    for person_plan in changed:
        was_active = not person_plan.is_new and person_plan.person.is_active
        for attribute, value in person_plan.fields.items():
            if attribute == "team" and isinstance(value, str):
                value = teams[value.lower()]
            if attribute != "manager":
                setattr(person_plan.person, attribute, value)
        if "is_active" in person_plan.fields:
            person_plan.person.follow_active(was_active=was_active, now=now)
    User.objects.bulk_create([p.person for p in plan.created])
    for person_plan in changed:
        if "manager" in person_plan.fields:
            email = person_plan.fields["manager"]
            person_plan.person.manager = people[email] if email else None
    updated_fields = {name for p in plan.updated for name in p.fields}
    if "is_active" in updated_fields:
        updated_fields |= {"deactivated_at", "private_data_deleted_at"}
    to_update = [p for p in plan.updated if p.fields]
    to_update += [p for p in plan.created if "manager" in p.fields]
    if to_update:
        User.objects.bulk_update(
            [p.person for p in to_update], fields=sorted(updated_fields | {"manager"})
        )
    return new_teams, people


def _import_mentors(plan, people, *, by):
    """Add and end mentor assignments in one write each; returns their audit records."""
    added = [
        MentorAssignment(mentor=people[email], mentee=p.person, created_by=by)
        for p in plan.people
        for email in p.mentors_added
    ]
    MentorAssignment.objects.bulk_create(added)
    removed = [link.pk for p in plan.people for link in p.mentors_removed]
    records = [
        (AuditEntry.Action.MENTOR_UNASSIGNED, p.person, link, f"mentor: {link.mentor}")
        for p in plan.people
        for link in p.mentors_removed
    ]
    if removed:
        MentorAssignment.objects.filter(pk__in=removed).delete()
    records += [
        (AuditEntry.Action.MENTOR_ASSIGNED, link.mentee, link, f"mentor: {link.mentor}")
        for link in added
    ]
    return records
