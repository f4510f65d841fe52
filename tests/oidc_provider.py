"""A tiny OpenID Connect provider on loopback, for the single sign-on tests.

It speaks just enough of the authorization-code flow for promo's real views: an
authorization endpoint that "signs in" whoever the test chose and redirects back with a
code, a token endpoint (client secret and PKCE checked, codes single-use) returning an
RS256-signed id_token, a JWKS endpoint and a userinfo endpoint. Tests tamper with what it
says through `id_token_claims`, `userinfo_claims` and `signing_key`.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KID = "loopback-key"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Provider:
    def __init__(self, *, client_id="promo-test", client_secret=None):
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(16)
        self.key = new_key()
        self.signing_key = self.key  # swap for another key to forge a signature
        self.person = {}  # the claims of whoever signs in at the provider next
        self.id_token_claims = {}  # extra or overriding id_token claims
        self.userinfo_claims = {}  # extra or overriding userinfo claims
        self.codes = {}
        self.tokens = {}
        self.requests = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def issuer(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path):
        return f"{self.issuer}/{path}"

    def settings(self):
        """The Django settings that point promo at this provider."""
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.url("authorize"),
            "OIDC_OP_TOKEN_ENDPOINT": self.url("token"),
            "OIDC_OP_USER_ENDPOINT": self.url("userinfo"),
            "OIDC_OP_JWKS_ENDPOINT": self.url("jwks"),
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_PROVIDER_NAME": "Loopback ID",
        }

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- the protocol -----------------------------------------------------------------

    def authorize(self, query):
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": query.get("nonce"),
            "redirect_uri": query["redirect_uri"],
            "challenge": query.get("code_challenge"),
            "person": dict(self.person),
        }
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return 302, target

    def token(self, form):
        grant = self.codes.pop(form.get("code"), None)  # single use
        if form.get("client_secret") != self.client_secret or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if grant["challenge"] and challenge.decode() != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": grant["person"]["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **self.id_token_claims,
        }
        id_token = jwt.encode(claims, self.signing_key, algorithm="RS256", headers={"kid": KID})
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = grant["person"]
        return 200, {"access_token": access_token, "token_type": "Bearer", "id_token": id_token}

    def userinfo(self, authorization):
        person = self.tokens.get(authorization.removeprefix("Bearer "))
        if person is None:
            return 401, {"error": "invalid_token"}
        return 200, {**person, **self.userinfo_claims}

    def jwks(self):
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return 200, {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _answer(self, status, body):
                provider.requests.append((self.command, urlsplit(self.path).path))
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", body)
                    self.end_headers()
                    return
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/authorize":
                    self._answer(*provider.authorize(query))
                elif parts.path == "/jwks":
                    self._answer(*provider.jwks())
                elif parts.path == "/userinfo":
                    self._answer(*provider.userinfo(self.headers.get("Authorization", "")))
                else:
                    self._answer(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    self._answer(*provider.token(form))
                else:
                    self._answer(404, {"error": "not_found"})

        return Handler
