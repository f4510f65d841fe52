"""The share page: the quick-capture line written from what another page or app shared,
saved through the same quick capture; and the bookmarklet that opens it."""

from urllib.parse import parse_qs, urlencode, urlsplit

from django.urls import reverse

from evidence.models import Artifact
from promo.integrations.share import LINE_MAX, bookmarklet, line_from_shared

PR = "https://git.example/org/app/pull/7"


def share_url(**params):
    return f"{reverse('capture_share')}?{urlencode(params)}"


def test_the_line_is_the_title_then_the_text_then_the_address():
    line = line_from_shared(title="Merged: retry budgets", text="Cut retries by half", url=PR)
    assert line == f"Merged: retry budgets Cut retries by half {PR}"


def test_an_address_inside_the_text_is_kept_once():
    """Phones often share the address inside `text` and leave `url` empty."""
    assert line_from_shared(title="Retry budgets", text=f"Look {PR}") == f"Retry budgets Look {PR}"
    assert line_from_shared(title="Retry budgets", text=PR, url=PR) == f"Retry budgets {PR}"
    assert line_from_shared(title="Same", text="Same") == "Same"


def test_a_long_share_is_cut_in_its_words_never_in_its_address():
    line = line_from_shared(title="word " * 200, url=PR)
    assert len(line) <= LINE_MAX
    assert line.endswith(f" {PR}")


def test_newlines_and_runs_of_spaces_become_one_line():
    assert line_from_shared(title="  Two\nlines\t here ") == "Two lines here"


def test_the_page_shows_the_line_prefilled_with_its_chips(client, world):
    client.force_login(world.owner)
    response = client.get(share_url(title="Shipped retry budgets", url=PR))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="Shipped retry budgets {PR}"' in page
    assert "Link: git.example/org/app/pull/7" in page
    # One capture line on the page: the layout's own is left out here.
    assert page.count('id="capture-line"') == 1
    assert Artifact.objects.count() == 0  # nothing saved before the person says so


def test_saving_from_the_share_page_goes_to_my_evidence(client, world):
    client.force_login(world.owner)
    form_next = reverse("evidence_list")
    assert f'name="next" value="{form_next}"' in client.get(share_url(title="x")).content.decode()
    response = client.post(
        reverse("quick_capture"), {"line": f"Shipped retry budgets {PR}", "next": form_next}
    )
    assert response.status_code == 302 and response["Location"] == form_next
    artifact = Artifact.objects.get(owner=world.owner)
    assert artifact.title == "Shipped retry budgets"
    assert "Shipped retry budgets" in client.get(form_next).content.decode()


def test_an_empty_share_shows_an_empty_line(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("capture_share")).content.decode()
    assert 'id="capture-line"' in page and "Read from your line" not in page


def test_an_anonymous_visitor_logs_in_and_comes_back_with_the_share(client, world):
    url = share_url(title="Shipped retry budgets", text="Cut retries", url=PR)
    response = client.get(url)
    assert response.status_code == 302
    login = urlsplit(response["Location"])
    assert login.path == reverse("login")
    assert parse_qs(login.query)["next"] == [url]
    response = client.post(
        f"{reverse('login')}?{login.query}",
        {"username": world.owner.email, "password": _password(), "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert f'value="Shipped retry budgets Cut retries {PR}"' in page


def _password():
    from django.conf import settings

    return settings.DEMO_PASSWORD


def test_the_bookmarklet_opens_the_share_page_of_this_site():
    code = bookmarklet("https://promo.example/")
    assert code.startswith("javascript:")
    assert '"https://promo.example/capture/share/"' in code
    assert "window.open(" in code and "location.href" in code and "document.title" in code
    assert "fetch(" not in code and "Bearer" not in code  # no token, no API call


def test_the_profile_offers_the_bookmarklet_without_inline_script(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("profile")).content.decode()
    assert 'data-bookmarklet="bookmarklet-hint"' in page
    assert "http://testserver/capture/share/" in page.replace("&quot;", '"')
    assert "<script>" not in page


def test_hostile_shares_stay_text(client, world):
    client.force_login(world.owner)
    page = client.get(
        share_url(title='"><script>alert(1)</script>', url="javascript:alert(1)")
    ).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Link: " not in page  # only http(s) addresses are read as links
