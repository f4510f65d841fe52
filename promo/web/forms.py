"""The one way a view turns a service's ValidationError into what the user sees.

`attempt` is for a form: the error lands on the form, so the page re-renders with the
user's typing kept. `attempt_action` is for a button without a form: the error becomes a
message on the page that follows.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError


def attempt(form, call, *, field=None):
    """Validate the form, then call the service with its cleaned data.

    A service's ValidationError lands on `field` (None: the form as a whole; an error
    naming fields lands on each field the form has). Returns True when the service ran.
    """
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        _add_service_error(form, error, field=field)
        return False
    return True


def attempt_action(request, call):
    """Call the service; its ValidationError becomes an error message. Returns True when
    the service ran."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True


def _add_service_error(form, error, *, field=None):
    if not hasattr(error, "error_dict"):
        form.add_error(field, error)
        return
    for name, errors in error.error_dict.items():
        # A field this form does not show (or a caller's chosen field) still gets said.
        target = name if field is None and name in form.fields else field
        form.add_error(target, errors)
