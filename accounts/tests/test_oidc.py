"""Single sign-on against a fake OpenID Connect provider on loopback.

The provider signs id_tokens with RS256 (the default OIDC_RP_SIGN_ALGO) and publishes its key
as a JWKS; mozilla-django-oidc checks the signature against it, the algorithm and the nonce it
put in the session, then reads the e-mail from the userinfo endpoint.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from django.utils.crypto import get_random_string

from audit.models import AuditEntry

pytestmark = pytest.mark.django_db

CLIENT_ID, CLIENT_SECRET = "swanilai", "rahasia-klien-uji"
UNKNOWN = "Akun SSO ini belum terdaftar di Swanilai; minta admin instansi mengundang Anda."


class FakeProvider:
    """Token, userinfo and JWKS endpoints; `grant()` prepares what a code will yield."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.grants = {}  # code -> (claims, nonce)
        self.fail_token = False
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                field = lambda name: form.get(name, [""])[0]  # noqa: E731
                if self.path != "/token" or provider.fail_token:
                    return self.reply(500, {"error": "server_error"})
                if (field("client_id"), field("client_secret")) != (CLIENT_ID, CLIENT_SECRET) or field(
                    "code"
                ) not in provider.grants:
                    return self.reply(400, {"error": "invalid_grant"})
                claims, nonce = provider.grants[field("code")]
                now = int(time.time())
                id_token = jwt.encode(
                    {
                        "iss": provider.url,
                        "aud": CLIENT_ID,
                        "sub": claims["sub"],
                        "iat": now,
                        "exp": now + 300,
                        "nonce": nonce,
                    },
                    provider.key,
                    algorithm="RS256",
                    headers={"kid": "kunci-1"},
                )
                self.reply(
                    200, {"access_token": "at-" + field("code"), "token_type": "Bearer", "id_token": id_token}
                )

            def do_GET(self):
                if self.path == "/jwks":
                    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key(), as_dict=True)
                    return self.reply(200, {"keys": [jwk | {"kid": "kunci-1", "alg": "RS256", "use": "sig"}]})
                if self.path == "/userinfo":
                    code = self.headers.get("Authorization", "").removeprefix("Bearer at-")
                    if code in provider.grants:
                        return self.reply(200, provider.grants[code][0])
                    return self.reply(401, {"error": "invalid_token"})
                self.reply(404, {})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def grant(self, email, nonce, verified=True) -> str:
        code = get_random_string(20)
        self.grants[code] = ({"sub": "sub-" + email, "email": email, "email_verified": verified}, nonce)
        return code


@pytest.fixture
def provider(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    fake = FakeProvider()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def sso(settings, provider):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.url + "/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.url + "/token"
    settings.OIDC_OP_USER_ENDPOINT = provider.url + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = provider.url + "/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_PROVIDER_NAME = "SSO Pemda"
    settings.OIDC_CREATE_USER = False
    settings.OIDC_TIMEOUT = 5
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "accounts.oidc.SwanilaiOIDCBackend",
    ]
    return provider


def start(client, next_url=None):
    """Open the SSO start page; return the (state, nonce) sent to the provider."""
    url = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302
    params = {k: v[0] for k, v in parse_qs(urlparse(response.url).query).items()}
    return response, params


def callback(client, code, state):
    return client.get(reverse("oidc_authentication_callback"), {"code": code, "state": state})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_login_page_offers_sso_when_configured(client, sso):
    html = client.get(reverse("login")).content.decode()
    assert "Masuk dengan SSO Pemda" in html and reverse("oidc_authentication_init") in html


def test_sso_pages_absent_when_not_configured(client):
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_authenticate_redirects_to_provider_with_state(client, sso):
    response, params = start(client)
    assert response.url.startswith(sso.url + "/authorize?")
    assert params["client_id"] == CLIENT_ID and params["response_type"] == "code"
    assert params["redirect_uri"] == "http://testserver" + reverse("oidc_authentication_callback")
    assert params["state"] in client.session["oidc_states"]
    assert params["nonce"]


def test_callback_signs_in_the_existing_person(client, sso, personas):
    operator = personas["operator_dinkes"]
    _, params = start(client, next_url="/instrumen/")
    code = sso.grant(operator.email.upper(), params["nonce"])  # e-mail matched case-insensitively
    response = callback(client, code, params["state"])
    assert response.status_code == 302 and response.url == "/instrumen/"
    assert signed_in_as(client) == str(operator.pk)
    assert AuditEntry.objects.filter(action="auth.login", actor=operator).exists()
    assert client.get("/instrumen/").status_code == 200


def test_unknown_address_is_refused(client, sso, personas):
    _, params = start(client)
    response = callback(client, sso.grant("baru@example.go.id", params["nonce"]), params["state"])
    assert response.status_code == 302 and response.url == reverse("login")
    assert signed_in_as(client) is None
    assert UNKNOWN in client.get(response.url).content.decode()


def test_deactivated_person_is_refused(client, sso, personas):
    operator = personas["operator_dinkes"]
    operator.is_active = False
    operator.save()
    _, params = start(client)
    response = callback(client, sso.grant(operator.email, params["nonce"]), params["state"])
    assert signed_in_as(client) is None
    assert UNKNOWN in client.get(response.url).content.decode()


def test_unverified_address_is_refused(client, sso, personas):
    _, params = start(client)
    code = sso.grant(personas["operator_dinkes"].email, params["nonce"], verified=False)
    response = callback(client, code, params["state"])
    assert signed_in_as(client) is None
    assert "e-mail yang terverifikasi" in client.get(response.url).content.decode()


def test_forged_state_or_provider_failure_gives_a_message(client, sso, personas):
    _, params = start(client)
    code = sso.grant(personas["operator_dinkes"].email, params["nonce"])
    response = callback(client, code, "state-palsu")
    assert response.status_code == 302 and signed_in_as(client) is None
    assert "Masuk dengan SSO gagal" in client.get(response.url).content.decode()
    sso.fail_token = True
    _, params = start(client)
    response = callback(
        client, sso.grant(personas["operator_dinkes"].email, params["nonce"]), params["state"]
    )
    assert response.status_code == 302 and signed_in_as(client) is None


def test_wrong_nonce_is_refused(client, sso, personas):
    _, params = start(client)
    response = callback(client, sso.grant(personas["operator_dinkes"].email, "nonce-lain"), params["state"])
    assert response.status_code == 302 and signed_in_as(client) is None


def test_sso_does_not_skip_the_second_factor(client, sso, personas, sukamaju):
    sukamaju.require_2fa = True
    sukamaju.save()
    _, params = start(client)
    response = callback(client, sso.grant(personas["verifier"].email, params["nonce"]), params["state"])
    assert signed_in_as(client) == str(personas["verifier"].pk)
    assert response.url.startswith(reverse("twofactor_setup"))
    assert client.get("/instrumen/").url.startswith(reverse("twofactor_setup"))


def test_password_login_still_works_with_sso_configured(client, sso, personas):
    from conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "op.dinkes", "password": PASSWORD})
    assert response.status_code == 302 and signed_in_as(client) == str(personas["operator_dinkes"].pk)
