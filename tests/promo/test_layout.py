"""The shared layout: its asset and link URLs (remembered per process) and the navigation's
current-page marker."""

from django.template import loader
from django.test import override_settings
from django.urls import reverse

from promo.templatetags.layout import asset


def test_an_error_page_rendered_without_a_request_links_its_assets_and_home():
    page = loader.get_template("500.html").render()
    assert 'href="/static/css/promo.css"' in page
    assert 'src="/static/vendor/htmx-2.0.11/htmx.min.js"' in page
    assert f'class="brand" href="{reverse("home")}"' in page
    assert f'rel="manifest" href="{reverse("web_manifest")}"' in page


def test_assets_follow_a_changed_static_url():
    assert asset("css/promo.css") == "/static/css/promo.css"
    with override_settings(STATIC_URL="/assets/"):
        assert asset("css/promo.css") == "/assets/css/promo.css"
    assert asset("css/promo.css") == "/static/css/promo.css"


def test_the_navigation_marks_the_page_it_is_on(client, world):
    client.force_login(world.owner)
    home = client.get(reverse("home")).content.decode()
    evidence = client.get(reverse("evidence_list")).content.decode()
    here = ' aria-current="page"'
    assert f'href="{reverse("home")}"{here}>Home<' in home
    assert f'href="{reverse("evidence_list")}">My evidence<' in home
    assert f'href="{reverse("evidence_list")}"{here}>My evidence<' in evidence
    assert f'href="{reverse("home")}">Home<' in evidence
