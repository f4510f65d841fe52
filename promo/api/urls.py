"""The API's URLs, included at /api/v1/ by promo/urls.py.

Every operation authenticates itself (a token, or a session with CSRF), so none of them
goes through LoginRequiredMiddleware's redirect to the login page, which a script could
not follow; each refuses an oversized body in JSON. The interactive docs stay a page for
signed-in people.
"""

from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt

from promo.api.api import api
from promo.api.errors import body_too_large, error_response

patterns, app_name, namespace = api.urls


@csrf_exempt  # an answer, never a change: a POST here must get the same JSON 404
def no_such_endpoint(request, rest):
    """Anything under /api/v1/ that matches no operation (/evidence/abc/) is a JSON 404
    like every other API error, not the HTML page."""
    return error_response(404, "not_found", "There is nothing here you may see.")


patterns = [*patterns, re_path(r"^(?P<rest>[\s\S]+)$", no_such_endpoint)]

for pattern in patterns:
    view = pattern.callback
    view.body_limit_refusal = body_too_large
    if pattern.name != "openapi-view":  # the docs page
        view.login_required = False

api_urls = (patterns, app_name, namespace)
