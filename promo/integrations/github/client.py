"""The few calls promo makes to GitHub's REST API at GITHUB_API_URL, with `requests` and a
timeout on each. GitHub Enterprise answers the same calls under its own /api/v3."""

import requests
from django.conf import settings

GITHUB_MEDIA_TYPE = "application/vnd.github+json"
API_VERSION = "2022-11-28"
# How many of someone's latest gists are opened to look for the challenge.
GISTS_LOOKED_AT = 10


class GitHubUnavailable(Exception):
    """GitHub could not be reached or answered with an error; the message says which."""


def api_url(path):
    return f"{settings.GITHUB_API_URL}/{path.lstrip('/')}"


def github_get(url, *, token="", etag="", params=None):
    """GET an absolute API URL; the response whatever its status. Raises GitHubUnavailable
    when GitHub cannot be reached in GITHUB_TIMEOUT seconds."""
    headers = {"Accept": GITHUB_MEDIA_TYPE, "X-GitHub-Api-Version": API_VERSION}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if etag:
        headers["If-None-Match"] = etag
    try:
        return requests.get(url, headers=headers, params=params, timeout=settings.GITHUB_TIMEOUT)
    except requests.RequestException as error:
        raise GitHubUnavailable(f"GitHub could not be reached ({type(error).__name__}).") from error


def _json_or_raise(response, what):
    if response.status_code != 200:
        raise GitHubUnavailable(f"GitHub answered {response.status_code} for {what}.")
    return response.json()


def account_lookup(login):
    """GitHub's user object for `login`, or None when there is no such account."""
    response = github_get(api_url(f"users/{login}"))
    if response.status_code == 404:
        return None
    return _json_or_raise(response, f"the account {login}")


def challenge_is_published(account, challenge):
    """Whether `challenge` is in the account's profile bio, or in the description or a file
    of one of its latest public gists."""
    if challenge in (account.get("bio") or ""):
        return True
    login = account["login"]
    gists = _json_or_raise(
        github_get(api_url(f"users/{login}/gists"), params={"per_page": GISTS_LOOKED_AT}),
        f"the gists of {login}",
    )
    for gist in gists[:GISTS_LOOKED_AT]:
        if challenge in (gist.get("description") or ""):
            return True
        # The list leaves file contents out; the gist itself has them.
        full = _json_or_raise(github_get(gist["url"]), "a gist")
        if any(challenge in (f.get("content") or "") for f in full.get("files", {}).values()):
            return True
    return False
