"""The benchmark's WSGI entry: promo as deployed, except the bare floor skips the middleware."""

import os

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
promo_application = get_wsgi_application()


class BareHandler(WSGIHandler):
    """Django's request handling (URL resolving, the view, the response) with no middleware."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


bare_application = BareHandler()


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/_bench/bare/":
        return bare_application(environ, start_response)
    return promo_application(environ, start_response)
