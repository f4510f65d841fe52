"""A loopback stand-in for the parts of GitHub's REST API promo calls, on pytest-httpserver:
search (with Link pagination and ETags), pull requests, users and gists. A test can put
scripted answers (a rate limit, a 502) in front of a path with `answer_next`."""

import copy
import hashlib
import json
import re
from urllib.parse import urlencode

from werkzeug.wrappers import Response

from tests.promo.integrations.github.conftest import LOGIN, payload

REPO = "Codertocat/Hello-World"
TOKEN = "github_pat_loopback"


class FakeGitHub:
    def __init__(self, server, *, pulls=5, per_page=2):
        self.server = server
        self.base = server.url_for("").rstrip("/")
        self.per_page = per_page
        self.numbers = list(range(1, pulls + 1))
        self.account = {"login": LOGIN, "id": 21031067, "bio": ""}
        self.gists = []  # [(description, {filename: content})]
        self.scripted = []  # [(path prefix, Response)], used first, once each
        self.requests = []  # (path, args, headers) of every call
        server.expect_request(re.compile(r"^/.*$")).respond_with_handler(self.handle)

    def answer_next(self, path_prefix, status, headers=None, times=1):
        for _ in range(times):
            body = json.dumps({"message": "scripted answer"})
            response = Response(body, status=status, headers=headers or {})
            self.scripted.append((path_prefix, response))

    def calls_to(self, path_prefix):
        return [call for call in self.requests if call[0].startswith(path_prefix)]

    # --- answers ---

    def handle(self, request):
        self.requests.append((request.path, dict(request.args), dict(request.headers)))
        for index, (prefix, response) in enumerate(self.scripted):
            if request.path.startswith(prefix):
                del self.scripted[index]
                return response
        if request.path == "/search/issues":
            return self._search(request)
        if request.path.startswith(f"/repos/{REPO}/pulls/"):
            return self._json(self.pull(int(request.path.rsplit("/", 1)[1])))
        if request.path == f"/users/{LOGIN}":
            return self._json(self.account)
        if request.path == f"/users/{LOGIN}/gists":
            return self._json([self._gist(i, with_content=False) for i in range(len(self.gists))])
        if request.path.startswith("/gists/"):
            return self._json(self._gist(int(request.path.rsplit("/", 1)[1]), with_content=True))
        return Response(json.dumps({"message": "Not Found"}), status=404)

    def _json(self, data, status=200, headers=None):
        return Response(
            json.dumps(data), status=status, headers=headers, content_type="application/json"
        )

    def _search(self, request):
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return Response(json.dumps({"message": "Bad credentials"}), status=401)
        page = int(request.args.get("page", 1))
        start = (page - 1) * self.per_page
        items = [self.search_item(n) for n in self.numbers[start : start + self.per_page]]
        etag = 'W/"' + hashlib.sha256(repr((page, self.numbers)).encode()).hexdigest() + '"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        headers = {"ETag": etag}
        if start + self.per_page < len(self.numbers):
            query = urlencode({"q": request.args["q"], "per_page": self.per_page, "page": page + 1})
            headers["Link"] = f'<{self.base}/search/issues?{query}>; rel="next"'
        body = {"total_count": len(self.numbers), "incomplete_results": False, "items": items}
        return self._json(body, headers=headers)

    def _gist(self, index, *, with_content):
        description, files = self.gists[index]
        return {
            "url": f"{self.base}/gists/{index}",
            "id": str(index),
            "description": description,
            "files": {
                name: {"filename": name, **({"content": text} if with_content else {})}
                for name, text in files.items()
            },
        }

    # --- GitHub's objects ---

    def pull(self, number):
        """A merged pull request as GET /repos/{owner}/{repo}/pulls/{number} returns it."""
        pull = copy.deepcopy(payload("pull_request.closed")["pull_request"])
        pull.update(
            number=number,
            title=f"Pull request {number}",
            url=f"{self.base}/repos/{REPO}/pulls/{number}",
            html_url=f"https://github.com/{REPO}/pull/{number}",
            merged=True,
            merged_at=f"2026-10-{number:02d}T12:00:00Z",
            additions=number * 10,
            deletions=number,
        )
        return pull

    def search_item(self, number):
        """The same pull request as a search result (an issue with a pull_request key)."""
        pull = self.pull(number)
        return {
            "url": f"{self.base}/repos/{REPO}/issues/{number}",
            "html_url": pull["html_url"],
            "number": number,
            "title": pull["title"],
            "state": "closed",
            "user": pull["user"],
            "labels": pull["labels"],
            "pull_request": {
                "url": pull["url"],
                "html_url": pull["html_url"],
                "merged_at": pull["merged_at"],
            },
        }
