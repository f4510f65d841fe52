"""Everything a persona can be shown: every page, export, notification, email and audit
view, each searched for markers.

Pages come from walking the URL resolver with the access matrix's rules
(tests/access/test_url_matrix.py): a new URL is walked without anyone adding it here,
with the matrix's kwargs, and one without a rule fails. URLs whose kwargs can name a
seeded object use it (SEEDED_KWARGS); a few get query strings that show more (QUERIES).
"""

import io
from datetime import timedelta

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from promo.audit.views import PAGE_SIZE as AUDIT_PAGE_SIZE
from promo.integrations.calendar.services import calendar_feed_reset
from promo.models import AuditEntry, Notification, NudgeClaim
from promo.nudges import planner
from promo.nudges.registry import KINDS
from reviews.models import ExportJob
from reviews.tasks import render_pdf
from tests.access.rules import PERSONAS
from tests.access.test_url_matrix import API_NAMES, COVERED_BY_NAMESPACE, RULES, named_urls
from tests.security.marker_world import deliver_open_claims
from tests.security.markers import sightings_in

AUDIT_VIEWS = ("staff_audit", "case_viewers")


def _pks(*objects):
    return [{"pk": o.pk} for o in objects]


def _every_artifact(s):
    return _pks(*s.artifacts.values())


def _versions(s):
    return [{"pk": s.document.pk, "number": n} for n in (1, 2)]


def _on_artifact(field, values):
    return lambda s: [{"pk": s.artifacts["private"].pk, field: v} for v in values(s)]


def _finished_export(s):
    """The owner's export of version 2, as the access matrix builds one; walk_pdfs renders
    real ones."""
    version = s.rounds[1].version
    return ExportJob.objects.create(
        version=version, requested_by=s.world.owner, status="done", content=b"%PDF-"
    )


# URL name -> kwargs for each seeded object it can show. Any other URL with kwargs gets
# the access matrix's, which build an object of their own.
SEEDED_KWARGS = {
    "evidence_detail": _every_artifact,
    "evidence_edit": _every_artifact,
    "evidence_history": _every_artifact,
    "evidence_tags": _every_artifact,
    "evidence_restore": lambda s: _pks(s.artifacts["trashed"]),
    "evidence_attachment": _on_artifact("attachment_pk", lambda s: [s.attachment.pk]),
    "checkin_record": lambda s: _pks(*s.checkins),
    "person_readiness": lambda s: _pks(s.world.owner),
    "candidacy_detail": lambda s: _pks(s.candidacy),
    "gap_close": lambda s: _pks(s.gap),
    "reviews_document": lambda s: _pks(s.document),
    "reviews_edit": lambda s: _pks(s.document),
    "reviews_draft_preview": lambda s: _pks(s.document),
    "reviews_draft_save": lambda s: _pks(s.document),
    "reviews_share": lambda s: _pks(s.document),
    "reviews_diff": lambda s: _pks(s.document),
    "reviews_version": _versions,
    "reviews_export_markdown": _versions,
    "reviews_export_print": _versions,
    "reviews_export_pdf": _versions,
    "reviews_round": lambda s: _pks(*s.rounds),
    "reviews_thread_new": lambda s: _pks(*s.rounds),
    "reviews_thread_reply": lambda s: _pks(s.thread),
    "reviews_comment_new": lambda s: _pks(s.thread),
    "reviews_thread_resolve": lambda s: _pks(s.thread),
    "reviews_thread_reopen": lambda s: _pks(s.thread),
    "reviews_thread_link_gap": lambda s: _pks(s.thread),
    "reviews_export": lambda s: _pks(_finished_export(s)),
    "reviews_export_download": lambda s: _pks(_finished_export(s)),
    "notification_read": lambda s: _pks(s.notification),
    "attestation_request": lambda s: _pks(s.artifacts["asked"]),
    "attestation_answer": lambda s: _pks(*s.attestations),
    "pulse_answer": lambda s: _pks(s.pulse),
    "pulse_answer_withdraw": lambda s: _pks(s.pulse),
    "pulse_withdraw": lambda s: _pks(s.pulse),
    "staff_person_edit": lambda s: _pks(s.world.owner),
    "staff_mentor_remove": lambda s: _pks(s.world.owner.mentor_links.first()),
}
for _name in ("candidacy_target_date", "candidacy_gap_add", "candidacy_submit"):
    SEEDED_KWARGS[_name] = SEEDED_KWARGS["candidacy_detail"]
for _name in ("candidacy_outcome", "candidacy_resubmit"):
    SEEDED_KWARGS[_name] = SEEDED_KWARGS["candidacy_detail"]
for _name in ("reviews_verdicts", "reviews_round_feedback", "reviews_round_close"):
    SEEDED_KWARGS[_name] = SEEDED_KWARGS["reviews_round"]
# Promotion cycles: the other engineer's released nomination (tests/security/marker_world.py).
for _name in ("nomination_detail", "nomination_vote", "nomination_decide"):
    SEEDED_KWARGS[_name] = lambda s: _pks(s.nomination)
for _name in ("staff_cycle", "staff_cycle_advance", "staff_cycle_release", "cycle_detail",
              "cycle_nominate", "cycle_request"):  # fmt: skip
    SEEDED_KWARGS[_name] = lambda s: [{"pk": s.nomination.cycle_id}]
for _name in ("committee_grid", "staff_committee_members"):
    SEEDED_KWARGS[_name] = lambda s: [{"pk": s.nomination.committee_id}]
SEEDED_KWARGS["candidacy_cycles"] = lambda s: [{"pk": s.nomination.candidacy_id}]

# The API's reads, walked with each persona's session: the same secrets behind a second door.
SEEDED_KWARGS.update(
    {
        "api:artifact": _every_artifact,
        "api:artifact_tags": _every_artifact,
        "api:artifact_tag": _on_artifact(
            "criterion", lambda s: [s.world.owner.ladder.criteria.first().slug]
        ),
        "api:artifact_restore": SEEDED_KWARGS["evidence_restore"],
        "api:checkin": SEEDED_KWARGS["checkin_record"],
        "api:notification_read": SEEDED_KWARGS["notification_read"],
        "api:doc": SEEDED_KWARGS["reviews_document"],
        "api:doc_version": _versions,
    }
)


def _queries(s):
    """Extra query strings that make a page show someone else's, or more."""
    person = f"person={s.world.owner.pk}"
    return {
        "evidence_list": ["", f"?{person}", f"?{person}&q=MARK"],
        "api:evidence": ["", f"?{person}", f"?{person}&q=MARK"],
        "evidence_timeline": ["", f"?{person}&year={s.artifacts['shared'].happened_on.year}"],
        "team": ["", "?scope=org"],
        "team_csv": ["", "?scope=org"],
        "reviews_diff": ["", "?from=1&to=2"],
        "staff_audit": ["", f"?q={s.world.owner.email}"],
    }


def walked_names():
    """Every named URL, admin's counted once (its guard is checked on the index)."""
    return sorted(
        name
        for name in named_urls()
        if name.split(":")[0] not in COVERED_BY_NAMESPACE or name == "admin:index"
    )


def urls_for(name, seeded):
    """Every URL to GET for `name`. A URL with no access rule has no way to be built."""
    if name not in RULES and name not in API_NAMES:
        raise AssertionError(f"{name} has no rule in tests/access/expectations_*.py")
    rule = RULES.get(name)
    if name in SEEDED_KWARGS:
        kwargs_list = SEEDED_KWARGS[name](seeded)
    elif rule and rule.kwargs:
        kwargs_list = [_matrix_kwargs(name, rule, seeded)]
    else:
        kwargs_list = [None]
    suffixes = _queries(seeded).get(name, [""])
    return [reverse(name, kwargs=kwargs) + q for kwargs in kwargs_list for q in suffixes]


def _matrix_kwargs(name, rule, seeded):
    try:
        with transaction.atomic():
            return rule.kwargs(seeded.world)
    except Exception as error:
        raise AssertionError(
            f"{name}: the access matrix's kwargs do not fit the seeded world ({error!r}); "
            "give it a row in SEEDED_KWARGS (tests/security/marker_walk.py)"
        ) from error


def content_of_bytes(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def content_of(response):
    return content_of_bytes(response).decode(errors="replace")


def client_for(seeded, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(seeded.world.personas()[persona])
    return client


def _own_calendar_feed(seeded, persona):
    if persona == "anonymous":
        return [reverse("calendar_feed", args=["no-such-key"])]
    key = calendar_feed_reset(person=seeded.world.personas()[persona])
    return [reverse("calendar_feed", args=[key])]


# A secret address is its holder's credential, so each persona reads the one of their own
# (and the anonymous visitor one that is nobody's): what it shows is judged for its holder.
PERSONAL_URLS = {"calendar_feed": _own_calendar_feed}


def walk_pages(seeded, names):
    """GET (plain and htmx) every URL of `names` as every persona. Returns the sightings,
    the names that were requested, and each page's Cache-Control as (persona, URL, value)
    for every signed-in GET answered 200."""
    found, requested, caching = [], set(), []
    urls = {name: urls_for(name, seeded) for name in names if name not in PERSONAL_URLS}
    for persona in PERSONAS:
        client = client_for(seeded, persona)
        personal = {n: make(seeded, persona) for n, make in PERSONAL_URLS.items() if n in names}
        for name, name_urls in (urls | personal).items():
            for url in name_urls:
                found += _read_both(client, url, persona, name, caching)
                requested.add(name)
    return found, requested, caching


def _read_both(client, url, persona, where, caching):
    """The sightings in a URL's page and its htmx fragment; notes each 200's Cache-Control
    for a signed-in persona in `caching`."""
    found = []
    for response, detail in _get_both(client, url):
        found += sightings_in(content_of(response), persona=persona, where=where, detail=detail)
        if persona != "anonymous" and response.status_code == 200:
            caching.append((persona, detail, response.get("Cache-Control", "")))
    return found


def _get_both(client, url):
    """GET a URL, and again as htmx when the page says its fragment differs: yields each
    response with what it was."""
    response = client.get(url)
    yield response, url
    if "HX-Request" in response.get("Vary", ""):
        yield client.get(url, headers={"HX-Request": "true"}), f"{url} (htmx)"


def walk_pdfs(seeded):
    """Every persona asks for a PDF of each version; the job renders in this process."""
    found = []
    for persona in PERSONAS:
        client = client_for(seeded, persona)
        for kwargs in _versions(seeded):
            before = set(ExportJob.objects.values_list("pk", flat=True))
            client.post(reverse("reviews_export_pdf", kwargs=kwargs))
            for job in ExportJob.objects.exclude(pk__in=before):
                render_pdf(job.pk)
                response = client.get(reverse("reviews_export_download", args=[job.pk]))
                if response.status_code != 200:
                    continue
                reader = PdfReader(io.BytesIO(content_of_bytes(response)))
                text = "\n".join(page.extract_text() for page in reader.pages)
                # A marker may be wrapped at its hyphens; join what the layout split.
                text += "\n" + text.replace("-\n", "-").replace("\n", "")
                detail = f"PDF of version {kwargs['number']}"
                found += sightings_in(text, persona=persona, where="pdf", detail=detail)
    return found


def walk_personal_exports(seeded):
    """Every signed-in persona exports their own data; the zip packs in this process.
    Every member is read: the JSON, the brag document and the attachment files."""
    import zipfile

    from promo.portability.models import PersonalExport
    from promo.portability.tasks import build_export

    found = []
    for persona in PERSONAS[1:]:
        client = client_for(seeded, persona)
        client.post(reverse("portability_export_new"))
        export = PersonalExport.objects.filter(
            person=seeded.world.personas()[persona], scope=PersonalExport.Scope.PERSONAL
        ).first()
        build_export(export.pk)
        response = client.get(reverse("portability_export_download", args=[export.pk]))
        archive = zipfile.ZipFile(io.BytesIO(content_of_bytes(response)))
        for name in archive.namelist():
            text = archive.read(name).decode(errors="replace")
            detail = f"personal export: {name}"
            found += sightings_in(text, persona=persona, where="personal_export", detail=detail)
    return found


def walk_organisation_export(seeded):
    """Staff export the organisation; the zip packs in this process. Every member is read:
    the JSON and the attachment files."""
    import zipfile

    from promo.portability.models import PersonalExport
    from promo.portability.tasks import build_export

    client = client_for(seeded, "staff")
    client.post(reverse("staff_export"))
    export = PersonalExport.objects.filter(
        person=seeded.world.staff, scope=PersonalExport.Scope.ORGANISATION
    ).first()
    build_export(export.pk)
    response = client.get(reverse("portability_export_download", args=[export.pk]))
    archive = zipfile.ZipFile(io.BytesIO(content_of_bytes(response)))
    found = []
    for name in archive.namelist():
        text = archive.read(name).decode(errors="replace")
        detail = f"organisation export: {name}"
        found += sightings_in(text, persona="staff", where="organisation_export", detail=detail)
    return found


def run_every_nudge(seeded):
    """Plan every scheduled kind at the pinned now and deliver what it claimed (the
    event kinds were delivered as they happened while seeding). Returns what each persona
    was sent, in the app and by mail, and the kinds sent."""
    planner.plan(now=seeded.now, kinds=[k for k, kind in KINDS.items() if kind.scheduled])
    deliver_open_claims(seeded.outbox, now=max(seeded.now, timezone.now()) + timedelta(minutes=1))
    by_email = {p.email: name for name, p in seeded.world.personas().items()}
    found = []
    for note in Notification.objects.filter(claim__isnull=False).select_related("recipient"):
        persona = by_email.get(note.recipient.email, note.recipient.email)
        text = f"{note.title}\n{note.body}"
        found += sightings_in(text, persona=persona, where=f"nudge:{note.kind}", detail=note.title)
    for claim, email in seeded.outbox:
        persona = by_email.get(claim.person.email, claim.person.email)
        text = "\n".join([email.subject, email.body, *(a[0] for a in email.alternatives)])
        where = f"email:{claim.kind}"
        found += sightings_in(text, persona=persona, where=where, detail=email.subject)
    sent = NudgeClaim.objects.filter(status=NudgeClaim.Status.SENT)
    return found, set(sent.values_list("kind", flat=True))


def walk_audit_views(seeded):
    """The audit views once every other page has been read, every page of them: the
    entries made while seeding are the oldest, at the end. Returns what walk_pages does."""
    pages = range(1, AuditEntry.objects.count() // AUDIT_PAGE_SIZE + 2)
    found, caching = [], []
    for persona in PERSONAS:
        client = client_for(seeded, persona)
        for name in AUDIT_VIEWS:
            for url in urls_for(name, seeded):
                for number in pages:
                    paged = f"{url}{'&' if '?' in url else '?'}page={number}"
                    found += _read_both(client, paged, persona, name, caching)
    return found, set(AUDIT_VIEWS), caching
