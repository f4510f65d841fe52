from django.core.exceptions import ValidationError


def attempt(form, call):
    """Validate the form, then call the service with its cleaned data.

    A service's ValidationError lands on the form, so the page re-renders with the
    user's typing kept. Returns True when the service ran.
    """
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True
