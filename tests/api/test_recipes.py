"""The git post-merge hook function, run as people run it: sourced into bash, in a git
repository, against a live promo."""

import subprocess
from pathlib import Path

import pytest

from evidence.models import Artifact
from promo.api.recipes import curl_log_win, git_hook_function, recipes_for
from promo.api.services import token_create

pytestmark = pytest.mark.django_db(transaction=True)


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_the_post_merge_hook_logs_the_merge_as_a_draft(world, live_server, tmp_path):
    _, secret = token_create(owner=world.owner, name="git hook", scopes=["evidence:write"])
    _git(tmp_path, "init", "-q")
    subject = 'Merge "checkout v2": cut p99 by half \\o/'
    _git(tmp_path, "-c", "user.name=Olive", "-c", "user.email=o@example.com",
         "commit", "--allow-empty", "-q", "-m", subject)  # fmt: skip
    script = f"{git_hook_function(live_server.url)}\ncd {tmp_path} && promo_log_merge"
    done = subprocess.run(
        ["bash", "-c", script],
        env={"PROMO_TOKEN": secret, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert done.stdout.strip() == "201"
    artifact = Artifact.objects.get(owner=world.owner)
    assert (artifact.title, artifact.kind, artifact.is_draft) == (subject, "code_review", True)


def test_every_use_names_the_site_it_is_shown_on():
    for recipe in recipes_for("https://promo.example.com"):
        assert "https://promo.example.com/api/v1/evidence/" in recipe.code


def test_the_readmes_curl_line_is_the_tested_one():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert curl_log_win("https://promo.example.com") in readme
