"""Who may read /metrics: an address in METRICS_ALLOWED_NETWORKS (loopback unless set),
or a request bearing METRICS_TOKEN. The metrics name every route and task and count the
organisation's nudges, which is nobody else's business."""

import hmac
import ipaddress

from django.conf import settings

from promo.accounts.throttling import client_ip


def bears_the_token(authorization, token):
    if not token:
        return False
    scheme, _, presented = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(presented.strip(), token)


def address_allowed(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:  # "::ffff:127.0.0.1" from a dual-stack socket
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def may_scrape(request):
    return bears_the_token(
        request.headers.get("Authorization"), settings.METRICS_TOKEN
    ) or address_allowed(client_ip(request), settings.METRICS_ALLOWED_NETWORKS)
