"""The layout's asset and link URLs, looked up once per process.

Every page renders base.html, so `{% static %}` and `{% url %}` there ran on every request:
a manifest lookup and a URL join per asset, a reverse per link. Their answers are fixed for
the life of a process (the manifest is read once, and the URL patterns never change), so
these tags remember them. Unlike a context processor, they also work on the error pages
Django renders without a request.
"""

from functools import cache

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@cache
def _asset_url(path, static_url, storage_backend):
    return static(path)


@cache
def _link_url(name, script_prefix, urlconf):
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def asset(path):
    """{% asset 'css/promo.css' %}: `{% static %}`, remembered per storage and STATIC_URL."""
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    return _asset_url(path, settings.STATIC_URL, backend)


@register.simple_tag
def layout_url(name):
    """{% layout_url 'home' %}: `{% url %}` for a link without arguments, remembered."""
    return _link_url(name, get_script_prefix(), get_urlconf())
