"""`[attestation:ID]` in a promo doc: a colleague's confirmation quoted in their words, with
their name and team, escaped; shown only to readers who may see the artifact it confirms,
and as withdrawn once it is."""

import pytest
from django.urls import reverse

from promo.attestations.services import attestation_answer, attestation_withdraw
from promo.models import Team
from reviews import services
from reviews.citations import attestation_marker
from reviews.rendering import PRIVATE_LABEL, render_body, revealed_citations
from reviews.sections import SUMMARY
from tests.attestations.helpers import ask
from tests.factories import engineer
from tests.reviews.factories import artifact, drafted_document, shared_round

WORDS = "Our checkout team adopted it <script>alert(1)</script> & kept it"


def confirmed(world, item, attester, statement=WORDS, adopted=True):
    [asked] = ask(item, attester)
    return attestation_answer(
        attestation=asked, confirmed=True, statement=statement, adopted=adopted, by=attester
    )


def body_for(world, *attestations):
    return {SUMMARY: "Cross-team work:\n\n" + "\n\n".join(
        attestation_marker(a.pk) for a in attestations
    )}  # fmt: skip


def rendered(viewer, owner, body):
    sections = [{"key": SUMMARY, "body": body}]
    return str(render_body(body, revealed_citations(viewer, owner, sections)))


def test_a_confirmation_renders_as_an_escaped_quote_with_name_and_team(world):
    item = artifact(world.owner, "Retry budgets", visibility="mentors_and_manager")
    quote = confirmed(world, item, world.other_engineer)
    html = rendered(world.mentor, world.owner, f"See {attestation_marker(quote.pk)}")
    assert '<blockquote class="attestation">' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; kept it" in html
    assert "<script>" not in html
    assert "Ezra Engineer, Search, on “Retry budgets”. Their team adopted it." in html


def test_a_manager_or_teammate_is_named_as_such(world):
    item = artifact(world.owner, "Retry budgets", visibility="mentors_and_manager")
    teammate = engineer(display_name="Tia Teammate", team=world.owner.team)
    by_manager = confirmed(world, item, world.manager, statement="Good work")
    by_teammate = confirmed(world, item, teammate, statement="Solid", adopted=False)
    html = rendered(
        world.mentor,
        world.owner,
        f"{attestation_marker(by_manager.pk)}\n\n{attestation_marker(by_teammate.pk)}",
    )
    assert "Maya Manager, Payments, confirmed by their manager" in html
    assert "Tia Teammate, Payments, confirmed by a teammate" in html


def test_a_reader_who_may_not_see_the_artifact_sees_private_evidence(world):
    item = artifact(world.owner, "Quiet work", visibility="mentors")
    quote = confirmed(world, item, world.other_engineer)
    html = rendered(world.manager, world.owner, attestation_marker(quote.pk))
    assert PRIVATE_LABEL in html and "Ezra" not in html and "checkout" not in html
    assert "Ezra Engineer" in rendered(world.mentor, world.owner, attestation_marker(quote.pk))


def test_someone_elses_confirmation_cannot_be_quoted(world):
    theirs = artifact(world.other_engineer, "Not yours", visibility="mentors_and_manager")
    [asked] = ask(theirs, world.owner)
    quote = attestation_answer(
        attestation=asked, confirmed=True, statement="Great", adopted=True, by=world.owner
    )
    html = rendered(world.owner, world.owner, attestation_marker(quote.pk))
    assert PRIVATE_LABEL in html and "Great" not in html


def test_pending_and_declined_answers_are_never_shown(world):
    item = artifact(world.owner, "Retry budgets", visibility="mentors_and_manager")
    [pending] = ask(item, world.other_engineer)
    [declined] = ask(item, world.other_manager)
    attestation_answer(
        attestation=declined, confirmed=False, statement="", adopted=False, by=world.other_manager
    )
    for attestation in (pending, declined):
        html = rendered(world.owner, world.owner, attestation_marker(attestation.pk))
        assert PRIVATE_LABEL in html


def test_a_withdrawn_confirmation_renders_as_withdrawn(world):
    item = artifact(world.owner, "Retry budgets", visibility="mentors_and_manager")
    quote = confirmed(world, item, world.other_engineer)
    attestation_withdraw(attestation=quote, by=world.other_engineer)
    html = rendered(world.mentor, world.owner, attestation_marker(quote.pk))
    assert "withdrawn confirmation" in html and "Ezra" not in html and "checkout" not in html


@pytest.fixture
def quoted_version(world):
    document = drafted_document(world, evidence=False)
    shared = artifact(world.owner, "Retry budgets", visibility="mentors_and_manager")
    hidden = artifact(world.owner, "Secret", visibility="private")
    Team.objects.filter(pk=world.other_engineer.team_id).update(name="Search & <Ads>")
    first = confirmed(world, shared, world.other_engineer)
    second = confirmed(world, hidden, world.other_manager, statement="Hush")
    services.draft_save(
        document=document, bodies=body_for(world, first, second), base_version=1, by=world.owner
    )
    return shared_round(world, document=document).version


def test_the_version_page_quotes_it_to_a_reviewer(client, world, quoted_version):
    client.force_login(world.mentor)
    page = client.get(
        reverse("reviews_version", args=[quoted_version.document_id, quoted_version.number])
    ).content.decode()
    assert "Ezra Engineer, Search &amp; &lt;Ads&gt;, on “Retry budgets”" in page
    assert "Hush" not in page and PRIVATE_LABEL in page


def test_the_markdown_export_quotes_only_what_may_be_passed_on(client, world, quoted_version):
    client.force_login(world.owner)
    text = client.get(
        reverse("reviews_export_markdown", args=[quoted_version.document_id, quoted_version.number])
    ).content.decode()
    assert f"> “{WORDS}”" in text
    assert "> — Ezra Engineer, Search & <Ads>, on “Retry budgets”." in text
    assert "Hush" not in text and f"({PRIVATE_LABEL})" in text, "private, even to its owner"
