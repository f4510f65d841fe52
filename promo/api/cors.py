"""Cross-origin calls to the API, for the bookmarklet: a page on another site may call
/api/v1/ with a token. Never with cookies: `Access-Control-Allow-Origin: *` forbids a
browser from sending credentials, so a session never acts across sites, and the only
thing another site can use is a token someone pasted into it themselves."""

from django.http import HttpResponse

API_PREFIX = "/api/v1/"
ALLOW = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "600",
}


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX) or "HTTP_ORIGIN" not in request.META:
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            for name, value in ALLOW.items():
                response[name] = value
            return response
        response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        return response
