"""Error pages. 403, 404 and 500 use Django's handlers with our templates; 400 says why,
and a body too large to read is a 413 like the one promo.web.body_limits sends."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.template.defaultfilters import filesizeformat


def reason_for(exception):
    if isinstance(exception, TooManyFieldsSent):
        return "The form had more fields than promo accepts. Nothing was saved."
    return "promo could not understand that request. Nothing was saved."


def bad_request(request, exception):
    # Rendered without the request, like Django's own handler: the request is suspect.
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        context = {
            "status": 413,
            "reason": f"What you sent was larger than the {limit} promo accepts in one go. "
            "Nothing was saved.",
            "advice": "Go back, shorten it or split it, and send it again.",
        }
        return HttpResponse(loader.get_template("413.html").render(context), status=413)
    body = loader.get_template("400.html").render({"reason": reason_for(exception)})
    return HttpResponseBadRequest(body)
