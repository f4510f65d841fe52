"""Rows for the audit, sign-on and single sign-on URLs."""

from tests.access.rules import Rule, get_only, signed_in, staff_only, statuses

# With no identity provider configured (the test settings), both answer 404 to GET.
# tests/promo/test_sso.py covers them with one configured.
SSO_UNCONFIGURED = Rule(
    get=statuses(404), post=statuses(405), note="404 unless OIDC is configured; GET only"
)

RULES = {
    "case_viewers": get_only(signed_in(200), note="always the signed-in person's own"),
    "staff_audit": staff_only(post=405, note="search is a GET"),
    "staff_sign_on": staff_only(post=302, note="an empty POST saves 'off'"),
    "sso_start": SSO_UNCONFIGURED,
    "sso_callback": SSO_UNCONFIGURED,
}
