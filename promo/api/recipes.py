"""Ready-made uses of the API: shown on the API tokens page and in the API docs, and run
as they are by the tests (tests/api/test_recipes.py), so what people copy works."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Recipe:
    key: str
    title: str
    explanation: str
    code: str


def curl_log_win(site, token="$PROMO_TOKEN", title="Shipped the new checkout"):  # noqa: S107 - a placeholder
    return (
        f"curl -sS -X POST {site}/api/v1/evidence/ "
        f'-H "Authorization: Bearer {token}" -H "Content-Type: application/json" '
        f'-d \'{{"title": "{title}", "kind": "project"}}\''
    )


def git_hook_function(site):
    # python3 builds the JSON so a commit subject with quotes or backslashes stays one string.
    return f"""promo_log_merge() {{
  subject=$(git log -1 --pretty=%s)
  body=$(python3 -c 'import json, sys; print(json.dumps(
    {{"title": sys.argv[1][:200], "kind": "code_review", "is_draft": True}}))' "$subject")
  curl -sS -o /dev/null -w '%{{http_code}}\\n' -X POST {site}/api/v1/evidence/ \\
    -H "Authorization: Bearer $PROMO_TOKEN" -H "Content-Type: application/json" -d "$body"
}}"""


def bookmarklet(site, token="YOUR_TOKEN"):  # noqa: S107 - a placeholder
    return (
        "javascript:(()=>{fetch('" + site + "/api/v1/evidence/',{method:'POST',"
        "headers:{'Authorization':'Bearer " + token + "','Content-Type':'application/json'},"
        "body:JSON.stringify({title:(document.title||location.href).slice(0,200),"
        "is_draft:true,links:/^https?:/.test(location.href)?[{label:"
        "(document.title||location.href).slice(0,120),url:location.href}]:[]})})"
        ".then(r=>alert(r.ok?'Logged to promo':'promo said '+r.status))})()"
    )


def recipes_for(site):
    return [
        Recipe(
            "curl",
            "Log a win from a terminal",
            "With a token that has evidence:write in PROMO_TOKEN, this logs a project; "
            "it shows on your evidence page at once.",
            curl_log_win(site),
        ),
        Recipe(
            "git-hook",
            "A git post-merge hook",
            "Put this function in your shell profile and call promo_log_merge from "
            ".git/hooks/post-merge: each merge becomes a draft, titled with the commit "
            "subject, for you to finish and tag later. It prints the status promo answered.",
            git_hook_function(site),
        ),
        Recipe(
            "bookmarklet",
            "A bookmarklet",
            "Save this as a bookmark's address, with your token in it: clicking it on a "
            "page (a merged pull request, a published doc) logs that page as a draft with "
            "its link. It answers only on sites whose content security policy lets pages "
            "call other sites; keep the bookmark private, as it holds the token.",
            bookmarklet(site),
        ),
    ]


def description():
    """The API docs' introduction: how to authenticate, the error shape, and the uses."""
    uses = "\n\n".join(
        f"### {recipe.title}\n\n{recipe.explanation}\n\n```\n{recipe.code}\n```"
        for recipe in recipes_for(settings.SITE_URL)
    )
    return f"""Make a personal access token on the **API tokens** settings page and send it as
`Authorization: Bearer <token>`. A signed-in browser may call the API with its session and
CSRF token instead.

Every error is JSON: `{{"code": ..., "message": ..., "field": ...}}`. 401: no valid token;
403: a scope is missing, or you may read but not change it; 404: nothing you may see;
409: a stale `version` (the body carries `current`); 413: the body is too large; 422: the
input is invalid (`errors` lists every fault); 429: too many requests, see `Retry-After`.

Logging evidence, tagging it and recording a check-in accept an `Idempotency-Key` header:
send a write again with the same key after a lost answer and promo replays the first
response (`Idempotent-Replayed: true`) instead of writing twice. The same key with another
body is 422 `idempotency_key_reused`; keys are kept 24 hours.

## Ready-made uses

{uses}
"""
