"""The API's URLs, included at /api/v1/ by promo/urls.py.

Every operation authenticates itself (a token, or a session with CSRF), so none of them
goes through LoginRequiredMiddleware's redirect to the login page, which a script could
not follow; each refuses an oversized body in JSON. The interactive docs stay a page for
signed-in people.
"""

from promo.api.api import api
from promo.api.errors import body_too_large

patterns, app_name, namespace = api.urls

for pattern in patterns:
    view = pattern.callback
    view.body_limit_refusal = body_too_large
    if pattern.name != "openapi-view":  # the docs page
        view.login_required = False

api_urls = (patterns, app_name, namespace)
