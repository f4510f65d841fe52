"""The demo organisation that `seed_demo` builds. Idempotent: people are matched by email."""

import functools
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from promo.ladders.services import ladder_load
from promo.ladders.yaml_io import parse_ladder_document
from promo.models import Ladder, Level, MentorAssignment, Team, User

DEFAULT_LADDER_FILE = Path(__file__).resolve().parent.parent / "ladders" / "software-engineer.yaml"
DOMAIN = "promo.example"

TEAMS = {
    "Payments": (
        "Maya Okafor",
        [
            "Liam Chen",
            "Sofia Rossi",
            "Noah Williams",
            "Ava Patel",
            "Ethan Kim",
            "Zara Ahmed",
            "Lucas Silva",
        ],
    ),
    "Search": (
        "Tom Becker",
        ["Isla Murphy", "Omar Haddad", "Grace Liu", "Felix Wagner", "Nina Kowalski", "Ravi Menon"],
    ),
    "Platform": (
        "Priya Raman",
        [
            "Jonas Berg",
            "Chloe Martin",
            "Diego Alvarez",
            "Hana Sato",
            "Sam Taylor",
            "Leah Cohen",
            "Marek Novak",
        ],
    ),
}
DIRECTOR = "Dana Whitfield"
PRINCIPALS = ["Ingrid Larsen", "Kwame Mensah", "Rosa Delgado"]
STAFF_ADMIN = "Alex Admin"
# Run in order by `seed_demo`; each is idempotent. Later apps append their own.
DEMO_SEEDERS = [
    "promo.demo.steps.seed_org",
    "promo.demo.candidacies.seed_candidacies",
    "promo.demo.evidence.seed_evidence",
    "promo.demo.readiness.seed_checkins",  # plans and records check-ins for the evidence
    "promo.demo.attestations.seed_attestations",  # after evidence: confirms shared work
    "promo.demo.reviews.seed_reviews",  # after candidacies and evidence: drafts cite it
    "promo.demo.close_case.seed_close_case",  # after check-ins and verdicts: reads readiness
    "promo.demo.committees.seed_cycles",  # after check-ins: packets freeze readiness
    "promo.demo.nudges.seed_notifications",
    "promo.demo.nudges.seed_team_notifications",
    "promo.demo.dashboards.seed_snapshots",  # last: reads evidence, check-ins and verdicts
]
LEVEL_CYCLE = ["L5", "L5", "L6", "L4", "L5", "L6", "L4"]
TIME_ZONES = [
    "Europe/London",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "America/Los_Angeles",
]


def email_for(name):
    return f"{name.split()[0].lower()}@{DOMAIN}"


def ensure_default_ladder():
    """Load the shipped ladder the first time; later edits in the app are kept."""
    ladder = Ladder.objects.filter(slug="software-engineer").first()
    if ladder is None:
        text = DEFAULT_LADDER_FILE.read_text(encoding="utf-8")
        ladder = ladder_load(spec=parse_ladder_document(text))
    return ladder


@functools.cache
def _demo_password_hash(password, *hashers):
    """Every demo person has the one published demo password. Hashing is slow on purpose
    (about 0.3 s here), so the demo hashes it once, not once per person: seeding the demo
    org is seconds faster. The hashers are part of the key, so a change of hasher rehashes."""
    return make_password(password)


def _person(
    name, *, ladder, level_code, team=None, manager=None, time_zone="Europe/London", staff=False
):
    person, created = User.objects.get_or_create(
        email=email_for(name), defaults={"display_name": name}
    )
    person.display_name = name
    person.team = team
    person.manager = manager
    person.ladder = ladder
    person.level = Level.objects.get(ladder=ladder, code=level_code) if level_code else None
    person.time_zone = time_zone
    person.is_staff = person.is_superuser = staff
    if created or not person.has_usable_password():
        person.password = _demo_password_hash(settings.DEMO_PASSWORD, *settings.PASSWORD_HASHERS)
    person.save()
    return person


@transaction.atomic
def seed_org():
    """A director, three managers with their teams, principal mentors and a staff admin."""
    ladder = ensure_default_ladder()
    leadership = Team.objects.get_or_create(name="Engineering leadership")[0]
    director = _person(DIRECTOR, ladder=ladder, level_code="L8", team=leadership)
    architecture = Team.objects.get_or_create(
        name="Architecture",
        defaults={"description": "Principal engineers who mentor across teams."},
    )[0]
    principals = [
        _person(
            name,
            ladder=ladder,
            level_code="L7",
            team=architecture,
            manager=director,
            time_zone=TIME_ZONES[i % len(TIME_ZONES)],
        )
        for i, name in enumerate(PRINCIPALS)
    ]
    engineers = []
    for team_name, (manager_name, members) in TEAMS.items():
        team = Team.objects.get_or_create(name=team_name)[0]
        manager = _person(manager_name, ladder=ladder, level_code="L7", team=team, manager=director)
        for i, name in enumerate(members):
            engineers.append(
                _person(
                    name,
                    ladder=ladder,
                    level_code=LEVEL_CYCLE[i % len(LEVEL_CYCLE)],
                    team=team,
                    manager=manager,
                    time_zone=TIME_ZONES[i % len(TIME_ZONES)],
                )
            )
    for i, engineer in enumerate(engineers):
        MentorAssignment.objects.get_or_create(
            mentor=principals[i % len(principals)], mentee=engineer
        )
    _person(STAFF_ADMIN, ladder=None, level_code=None, staff=True)
    return {"director": director, "principals": principals, "engineers": engineers}


def demo_logins():
    """(role, name, email) rows for the people worth logging in as."""
    first_team = next(iter(TEAMS.values()))
    return [
        ("engineer", first_team[1][0], email_for(first_team[1][0])),
        ("manager", first_team[0], email_for(first_team[0])),
        ("principal mentor", PRINCIPALS[0], email_for(PRINCIPALS[0])),
        ("director", DIRECTOR, email_for(DIRECTOR)),
        ("staff admin", STAFF_ADMIN, email_for(STAFF_ADMIN)),
    ]
