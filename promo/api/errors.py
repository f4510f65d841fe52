"""Every API error is JSON of one shape: {"code", "message", "field"}.

`code` is stable for programs to branch on, `message` is a sentence for people, and
`field` names the input at fault (or is null). A validation error lists every fault in
`errors`, each of the same shape, the first one repeated at the top.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.template.defaultfilters import filesizeformat
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from evidence.services import ArtifactConflict
from promo.readiness.checkins.services import CheckInConflict


class ApiError(Exception):
    """An error the API answers with as it is: a status, a code and a sentence."""

    def __init__(self, status, code, message, *, field=None, headers=None, extra=None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.headers = headers or {}
        self.extra = extra or {}


def error_response(status, code, message, *, field=None, headers=None, **extra):
    body = {"code": code, "message": message, "field": field, **extra}
    response = JsonResponse(body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_of(location):
    # Pydantic's loc is ("body", "payload", "title"); the field is what the sender named.
    names = [str(part) for part in location if part not in ("body", "query", "path", "payload")]
    return ".".join(names) or None


def _fault(error):
    kind = error.get("type", "invalid")
    if kind == "extra_forbidden":
        code, message = "unknown_field", "promo does not know this field."
    elif kind == "missing":
        code, message = "required", "This field is required."
    else:
        code, message = "invalid", error.get("msg", "This value is not valid.")
    return {"code": code, "message": message, "field": _field_of(error.get("loc", ()))}


def _django_faults(error):
    if hasattr(error, "error_dict"):
        return [
            {"code": "invalid", "message": message, "field": None if name == "__all__" else name}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"code": "invalid", "message": message, "field": None} for message in error.messages]


def _faults_response(faults):
    first = faults[0] if faults else {"code": "invalid", "message": "Invalid.", "field": None}
    return error_response(422, first["code"], first["message"], field=first["field"], errors=faults)


def register(api, *, serialize_conflict):
    """Install the handlers on `api`. `serialize_conflict(current)` renders the object a
    stale write lost to, so the sender sees what to merge with."""

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return error_response(
            exc.status, exc.code, exc.message, field=exc.field, headers=exc.headers, **exc.extra
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return error_response(
            401,
            "unauthenticated",
            "Send a valid token as 'Authorization: Bearer <token>', or sign in.",
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc):
        return _faults_response([_fault(error) for error in exc.errors])

    @api.exception_handler(DjangoValidationError)
    def refused(request, exc):
        return _faults_response(_django_faults(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(404, "not_found", "There is nothing here you may see.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return error_response(403, "forbidden", str(exc) or "You may not do that.")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if "CSRF" in str(exc):
            return error_response(403, "csrf_failed", "Send the CSRF token with a session.")
        if exc.status_code == 400:
            return error_response(400, "malformed_body", "The body is not valid JSON.")
        return error_response(exc.status_code, "http_error", str(exc))

    @api.exception_handler(ArtifactConflict)
    @api.exception_handler(CheckInConflict)
    def conflict(request, exc):
        return error_response(
            409,
            "stale_version",
            f"Someone saved this after the version you sent; it is now at version "
            f"{exc.current.version}. Nothing was changed.",
            field="version",
            current=serialize_conflict(exc.current),
        )


def body_too_large(request, status, limit, advice=""):
    """The JSON twin of promo.web.body_limits.refusal, for the API's views."""
    if status == 411:
        return error_response(411, "length_required", "Send a Content-Length header.")
    return error_response(
        413,
        "body_too_large",
        f"The body is larger than the {filesizeformat(limit)} promo accepts. Nothing was saved.",
    )
