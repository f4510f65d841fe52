"""Celery tasks for pulses: thin, a service call each."""

from celery import shared_task

from promo.pulses.services import pulses_close_expired


@shared_task(name="promo.pulses.close_expired", ignore_result=True)
def close_expired():
    """Beat: close every pulse past its two weeks (idempotent; open-ness is also computed
    from the time asked, so a late run changes nothing anyone sees)."""
    return pulses_close_expired()
