"""Every outcome of each of the Observatory's ten tests, the bonus rule and the grade bands
(../shared/portfolio/observatory-scoring.md). Pure: no database, no network."""

import pytest

from portfolio import observatory as obs
from portfolio.webparse import PreloadList

HOST = "portal.sukamaju.go.id"
HTML = "<!doctype html><title>x</title>"


def response(
    url=f"https://{HOST}/", status=200, headers=(), body=HTML, content_type="text/html; charset=utf-8"
):
    lines = [("Content-Type", content_type)] if content_type else []
    return obs.Response(url=url, status=status, headers=lines + list(headers), body=body)


def redirect(url, to, status=301, headers=()):
    return obs.Response(url=url, status=status, headers=[("Location", to), *headers])


def site(
    headers=(),
    body=HTML,
    *,
    http="redirect",
    https=True,
    verified=True,
    preflight=None,
    preloaded=(),
    host=HOST,
    content_type="text/html; charset=utf-8",
    status=200,
    https_chain=None,
):
    """A scan of `host`: by default the HTTP chain redirects to HTTPS, which answers with `headers`."""
    if https_chain is None:
        https_chain = (
            obs.Chain([response(f"https://{host}/", status, headers, body, content_type)], verified=verified)
            if https
            else obs.Chain()
        )
    if http == "redirect":
        http_chain = obs.Chain(
            [redirect(f"http://{host}/", f"https://{host}/"), response(f"https://{host}/")], verified=verified
        )
    elif http == "none":
        http_chain = obs.Chain()
    elif http == "plain":
        http_chain = obs.Chain([response(f"http://{host}/", status, headers, body, content_type)])
    else:
        http_chain = http
    return obs.Scan(
        host=host, http=http_chain, https=https_chain, preflight=preflight, preloaded=set(preloaded)
    )


def outcome(scan, test):
    result = obs.run_tests(scan)[test]
    return result.result, result.passed, result.modifier


HSTS = ("Strict-Transport-Security", "max-age=31536000")


# -- 1. content-security-policy -------------------------------------------------------------------

CSP_CASES = [
    ([], "csp-not-implemented", False, -25),
    (
        [("Content-Security-Policy-Report-Only", "default-src 'self'")],
        "csp-not-implemented-but-reporting-enabled",
        False,
        -25,
    ),
    (
        [("Content-Security-Policy", "default-src 'self'; default-src 'none'")],
        "csp-header-invalid",
        False,
        -25,
    ),
    ([("Content-Security-Policy", "a b")], "csp-header-invalid", False, -25),
    (
        [("Content-Security-Policy", "script-src 'strict-dynamic'; object-src 'none'")],
        "csp-header-invalid",
        False,
        -25,
    ),
    (
        [("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'")],
        "csp-implemented-with-unsafe-inline",
        False,
        -20,
    ),
    (
        [("Content-Security-Policy", "default-src 'self'; script-src 'self' data:")],
        "csp-implemented-with-unsafe-inline",
        False,
        -20,
    ),
    (
        [("Content-Security-Policy", "default-src 'self'; script-src https:")],
        "csp-implemented-with-unsafe-inline",
        False,
        -20,
    ),
    (
        [("Content-Security-Policy", "object-src 'none'; style-src 'self'")],
        "csp-implemented-with-unsafe-inline",
        False,
        -20,
    ),
    (
        [("Content-Security-Policy", "default-src 'self'; object-src *")],
        "csp-implemented-with-unsafe-inline",
        False,
        -20,
    ),
    (
        [("Content-Security-Policy", "default-src 'self'; script-src 'self' http://cdn.example.com")],
        "csp-implemented-with-insecure-scheme",
        False,
        -20,
    ),
    (
        [("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-eval'")],
        "csp-implemented-with-unsafe-eval",
        False,
        -10,
    ),
    (
        [("Content-Security-Policy", "default-src 'self'; img-src http://img.example.com")],
        "csp-implemented-with-insecure-scheme-in-passive-content-only",
        True,
        -10,
    ),
    (
        [("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'")],
        "csp-implemented-with-unsafe-inline-in-style-src-only",
        True,
        0,
    ),
    (
        [("Content-Security-Policy", "default-src 'none'")],
        "csp-implemented-with-no-unsafe-default-src-none",
        True,
        10,
    ),
    ([("Content-Security-Policy", "default-src 'self'")], "csp-implemented-with-no-unsafe", True, 5),
    (
        [("Content-Security-Policy", "default-src 'self'; report-uri /a; report-uri /b")],
        "csp-implemented-but-duplicate-directives",
        True,
        0,
    ),
    # nonce + strict-dynamic without default-src/style-src: style-src falls back to * → rule 5 → 0
    (
        [
            (
                "Content-Security-Policy",
                "script-src 'nonce-abc' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'",
            )
        ],
        "csp-implemented-with-unsafe-inline-in-style-src-only",
        True,
        0,
    ),
    # with default-src it reaches +5
    (
        [
            (
                "Content-Security-Policy",
                "default-src 'self'; script-src 'nonce-abc' 'strict-dynamic' https:; object-src 'none'",
            )
        ],
        "csp-implemented-with-no-unsafe",
        True,
        5,
    ),
    # a nonce makes 'unsafe-inline' ignored
    (
        [("Content-Security-Policy", "default-src 'self'; script-src 'self' 'nonce-abc' 'unsafe-inline'")],
        "csp-implemented-with-no-unsafe",
        True,
        5,
    ),
    # an empty -src counts as 'none'
    (
        [("Content-Security-Policy", "default-src")],
        "csp-implemented-with-no-unsafe-default-src-none",
        True,
        10,
    ),
    # unsafe-inline outranks unsafe-eval (first rule that matches decides)
    (
        [("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'unsafe-eval'")],
        "csp-implemented-with-unsafe-inline",
        False,
        -20,
    ),
    # a duplicate report-uri does not rescue a failing policy
    (
        [
            (
                "Content-Security-Policy",
                "default-src 'self'; script-src 'unsafe-eval'; report-uri /a; report-uri /b",
            )
        ],
        "csp-implemented-with-unsafe-eval",
        False,
        -10,
    ),
]


@pytest.mark.parametrize(("headers", "result", "passed", "modifier"), CSP_CASES)
def test_csp_outcomes(headers, result, passed, modifier):
    assert outcome(site(headers), "content-security-policy") == (result, passed, modifier)


def test_csp_insecure_schemes_only_count_over_https():
    csp = [("Content-Security-Policy", "default-src 'self' http://cdn.example.com")]
    assert (
        outcome(site(csp, https=False, http="plain"), "content-security-policy")[0]
        == "csp-implemented-with-no-unsafe"
    )
    assert outcome(site(csp), "content-security-policy")[0] == "csp-implemented-with-insecure-scheme"


def test_csp_from_meta_tag_and_its_limits():
    meta = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
    assert (
        outcome(site(body=meta), "content-security-policy")[0]
        == "csp-implemented-with-no-unsafe-default-src-none"
    )
    only_frame = '<meta http-equiv="content-security-policy" content="frame-ancestors \'none\'">'
    assert outcome(site(body=only_frame), "content-security-policy")[0] == "csp-not-implemented"
    assert (
        outcome(site(body=meta, content_type="text/plain"), "content-security-policy")[0]
        == "csp-not-implemented"
    )


def test_csp_header_and_meta_combine_as_intersection():
    headers = [("Content-Security-Policy", "default-src 'self' https://a.example.com")]
    meta = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
    result = obs.run_tests(site(headers, body=meta))["content-security-policy"]
    assert result.data["policy"]["default-src"] == ["'self'"]


def test_parse_csp_rejects_repeats_but_tolerates_report_directives():
    with pytest.raises(obs.CspError):
        obs.parse_csp(["script-src 'self'; SCRIPT-SRC 'none'"])
    policy, duplicates = obs.parse_csp(["default-src 'self'; report-to a; report-to b"])
    assert duplicates == {"report-to"} and policy["default-src"] == {"'self'"}


# -- 2. cookies -----------------------------------------------------------------------------------

COOKIE_CASES = [
    ([], [], "cookies-not-found", True, 0),
    ([("Set-Cookie", "heroku-session-affinity=x")], [], "cookies-not-found", True, 0),
    (
        [("Set-Cookie", "id=1; Secure; HttpOnly; SameSite=Lax")],
        [],
        "cookies-secure-with-httponly-sessions-and-samesite",
        True,
        5,
    ),
    ([("Set-Cookie", "id=1; Secure")], [], "cookies-secure-with-httponly-sessions", True, 0),
    (
        [("Set-Cookie", "theme=dark; SameSite=Lax")],
        [HSTS],
        "cookies-without-secure-flag-but-protected-by-hsts",
        False,
        -5,
    ),
    ([("Set-Cookie", "theme=dark; SameSite=Lax")], [], "cookies-without-secure-flag", False, -20),
    (
        [("Set-Cookie", "PHPSESSID=1; HttpOnly; SameSite=Lax")],
        [HSTS],
        "cookies-session-without-secure-flag-but-protected-by-hsts",
        False,
        -10,
    ),
    ([("Set-Cookie", "id=1; Secure; SameSite=Foo")], [HSTS], "cookies-samesite-flag-invalid", False, -20),
    ([("Set-Cookie", "id=1; Secure; SameSite")], [HSTS], "cookies-samesite-flag-invalid", False, -20),
    ([("Set-Cookie", "id=1; SameSite=None")], [HSTS], "cookies-samesite-flag-invalid", False, -20),
    ([("Set-Cookie", "csrftoken=abc; Secure")], [HSTS], "cookies-anticsrf-without-samesite-flag", False, -20),
    ([("Set-Cookie", "XSRF-TOKEN=abc; Secure")], [HSTS], "cookies-secure-with-httponly-sessions", True, 0),
    (
        [("Set-Cookie", "sessionid=1; Secure; SameSite=Lax")],
        [HSTS],
        "cookies-session-without-httponly-flag",
        False,
        -30,
    ),
    (
        [("Set-Cookie", "laravel_session=1; HttpOnly; SameSite=Lax")],
        [],
        "cookies-session-without-secure-flag",
        False,
        -40,
    ),
    # most severe problem wins, by the list's order
    (
        [
            ("Set-Cookie", "ASP.NET_SessionId=1; Secure; SameSite=Lax"),
            ("Set-Cookie", "a=1; Secure; SameSite=Foo"),
        ],
        [HSTS],
        "cookies-session-without-httponly-flag",
        False,
        -30,
    ),
    (
        [("Set-Cookie", "SSESSabc=1; HttpOnly; SameSite=Lax"), ("Set-Cookie", "csrf=1; Secure")],
        [HSTS],
        "cookies-anticsrf-without-samesite-flag",
        False,
        -20,
    ),
]


@pytest.mark.parametrize(("cookies", "extra", "result", "passed", "modifier"), COOKIE_CASES)
def test_cookie_outcomes(cookies, extra, result, passed, modifier):
    assert outcome(site([*cookies, *extra]), "cookies") == (result, passed, modifier)


def test_cookie_jar_collects_the_whole_primary_chain():
    chain = obs.Chain(
        [
            redirect(f"https://{HOST}/", f"https://{HOST}/masuk", headers=[("Set-Cookie", "login=1")]),
            response(f"https://{HOST}/masuk", headers=[HSTS]),
        ]
    )
    assert outcome(site(https_chain=chain), "cookies")[0] == "cookies-session-without-httponly-flag"


def test_unknown_samesite_in_jar_counts_as_missing():
    result = obs.run_tests(site([("Set-Cookie", "id=1; Secure; SameSite=Foo"), HSTS]))["cookies"]
    assert result.result == "cookies-samesite-flag-invalid"


# -- 3. cross-origin-resource-sharing -------------------------------------------------------------


def preflight(*headers):
    return obs.Response(url=f"https://{HOST}/", status=204, headers=list(headers))


CORS_CASES = [
    (None, "cross-origin-resource-sharing-not-implemented"),
    (preflight(), "cross-origin-resource-sharing-not-implemented"),
    (
        preflight(("Access-Control-Allow-Origin", " * ")),
        "cross-origin-resource-sharing-implemented-with-public-access",
    ),
    (
        preflight(("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")),
        "cross-origin-resource-sharing-implemented-with-public-access",
    ),
    (
        preflight(("Access-Control-Allow-Origin", "https://app.sukamaju.go.id")),
        "cross-origin-resource-sharing-implemented-with-restricted-access",
    ),
]


@pytest.mark.parametrize(("answer", "result"), CORS_CASES)
def test_cors_outcomes(answer, result):
    assert outcome(site(preflight=answer), "cross-origin-resource-sharing") == (result, True, 0)


def test_cors_universal_access_never_triggers_but_warns():
    echoed = preflight(
        ("Access-Control-Allow-Origin", obs.CORS_ORIGIN), ("Access-Control-Allow-Credentials", "true")
    )
    result = obs.run_tests(site(preflight=echoed))["cross-origin-resource-sharing"]
    assert (result.result, result.passed, result.modifier) == (
        "cross-origin-resource-sharing-implemented-with-restricted-access",
        True,
        0,
    )
    assert result.warnings == ["cors-origin-echoed-with-credentials"]
    assert obs.MODIFIERS["cross-origin-resource-sharing-implemented-with-universal-access"] == -50


# -- 4. redirection -------------------------------------------------------------------------------

H = f"http://{HOST}/"
S = f"https://{HOST}/"
REDIRECTION_CASES = [
    (obs.Chain(), (), "redirection-not-needed-no-http", True, 0),
    (obs.Chain([redirect(H, S), response(S)], verified=False), (), "redirection-invalid-cert", False, -20),
    (obs.Chain([redirect(H, S), response(S)]), (HOST,), "redirection-all-redirects-preloaded", True, 0),
    (obs.Chain([response(H)]), (HOST,), "redirection-all-redirects-preloaded", True, 0),
    (obs.Chain([response(H)]), (), "redirection-missing", False, -20),
    (
        obs.Chain([redirect(H, H + "beranda"), response(H + "beranda")]),
        (),
        "redirection-not-to-https",
        False,
        -20,
    ),
    (
        obs.Chain([redirect(H, H + "a"), redirect(H + "a", S), response(S)]),
        (),
        "redirection-not-to-https-on-initial-redirection",
        False,
        -10,
    ),
    (
        obs.Chain([redirect(H, f"https://www.{HOST}/"), response(f"https://www.{HOST}/")]),
        (),
        "redirection-off-host-from-http",
        False,
        -5,
    ),
    (obs.Chain([redirect(H, S), response(S)]), (), "redirection-to-https", True, 0),
]


@pytest.mark.parametrize(("chain", "preloaded", "result", "passed", "modifier"), REDIRECTION_CASES)
def test_redirection_outcomes(chain, preloaded, result, passed, modifier):
    assert outcome(site(http=chain, preloaded=preloaded), "redirection") == (result, passed, modifier)


# -- 5. referrer-policy ---------------------------------------------------------------------------

REFERRER_CASES = [
    ([], HTML, "referrer-policy-not-implemented", True, 0),
    ([("Referrer-Policy", "no-referrer")], HTML, "referrer-policy-private", True, 5),
    ([("Referrer-Policy", "Strict-Origin-When-Cross-Origin ")], HTML, "referrer-policy-private", True, 5),
    ([("Referrer-Policy", "unsafe-url")], HTML, "referrer-policy-unsafe", False, -5),
    ([("Referrer-Policy", "no-referrer, unsafe-url")], HTML, "referrer-policy-unsafe", False, -5),
    ([("Referrer-Policy", "unsafe-url, foo")], HTML, "referrer-policy-unsafe", False, -5),
    ([("Referrer-Policy", "foo")], HTML, "referrer-policy-header-invalid", False, -5),
    (
        [("Referrer-Policy", "origin")],
        '<meta name="referrer" content="same-origin">',
        "referrer-policy-private",
        True,
        5,
    ),
    ([], '<meta name="referrer" content="no-referrer-when-downgrade">', "referrer-policy-unsafe", False, -5),
]


@pytest.mark.parametrize(("headers", "body", "result", "passed", "modifier"), REFERRER_CASES)
def test_referrer_outcomes(headers, body, result, passed, modifier):
    assert outcome(site(headers, body), "referrer-policy") == (result, passed, modifier)


# -- 6. strict-transport-security -----------------------------------------------------------------

HSTS_CASES = [
    (dict(https=False, http="plain"), "hsts-not-implemented-no-https", False, -20),
    (dict(headers=[HSTS], verified=False), "hsts-invalid-cert", False, -20),
    (dict(), "hsts-not-implemented", False, -20),
    (dict(headers=[HSTS, HSTS]), "hsts-header-invalid", False, -20),
    (
        dict(headers=[("Strict-Transport-Security", "includeSubDomains; preload")]),
        "hsts-header-invalid",
        False,
        -20,
    ),
    (
        dict(headers=[("Strict-Transport-Security", "max-age=300")]),
        "hsts-implemented-max-age-less-than-six-months",
        False,
        -10,
    ),
    (
        dict(headers=[("Strict-Transport-Security", "max-age=15551999")]),
        "hsts-implemented-max-age-less-than-six-months",
        False,
        -10,
    ),
    (
        dict(headers=[("Strict-Transport-Security", "max-age=15552000")]),
        "hsts-implemented-max-age-at-least-six-months",
        True,
        0,
    ),
    (
        dict(headers=[("strict-transport-security", 'MAX-AGE="31536000"; includeSubDomains')]),
        "hsts-implemented-max-age-at-least-six-months",
        True,
        0,
    ),  # quirk: NaN passes
    (dict(preloaded=(HOST,)), "hsts-preloaded", True, 5),
    (dict(preloaded=("go.id",)), "hsts-not-implemented", False, -20),  # a parent without include_subdomains
]


@pytest.mark.parametrize(("kwargs", "result", "passed", "modifier"), HSTS_CASES)
def test_hsts_outcomes(kwargs, result, passed, modifier):
    assert outcome(site(**kwargs), "strict-transport-security") == (result, passed, modifier)


def test_hsts_preload_follows_chromium_list_rules():
    preloaded = PreloadList(
        [
            {"name": "sukamaju.go.id", "mode": "force-https", "include_subdomains": True},
            {"name": "only.example", "mode": "force-https"},
        ]
    )
    assert HOST in preloaded and "only.example" in preloaded
    assert "sub.only.example" not in preloaded and "go.id" not in preloaded
    scan = site(verified=False)
    scan.preloaded = preloaded
    assert obs.run_tests(scan)["strict-transport-security"].result == "hsts-preloaded"


# -- 7. subresource-integrity ---------------------------------------------------------------------

SRI = 'integrity="sha384-abc"'
SRI_CASES = [
    ("<p>x</p>", "application/json", "sri-not-implemented-response-not-html", True, 0),
    ("<p>tanpa skrip</p>", "text/html", "sri-not-implemented-but-no-scripts-loaded", True, 0),
    (
        "<script>var a = 1;</script>",
        "text/html",
        "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        True,
        0,
    ),
    (
        '<script src="/app.js"></script>',
        "text/html",
        "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        True,
        0,
    ),
    (
        f'<script src="/app.js" {SRI}></script>',
        "text/html",
        "sri-implemented-and-all-scripts-loaded-securely",
        True,
        5,
    ),
    (
        f'<script src="https://cdn.jsdelivr.net/x.js" {SRI}></script>',
        "text/html",
        "sri-implemented-and-external-scripts-loaded-securely",
        True,
        5,
    ),
    (
        '<script src="https://cdn.jsdelivr.net/x.js"></script>',
        "text/html",
        "sri-not-implemented-but-external-scripts-loaded-securely",
        False,
        -5,
    ),
    (
        f'<script src="http://cdn.jsdelivr.net/x.js" {SRI}></script>',
        "text/html",
        "sri-implemented-but-external-scripts-not-loaded-securely",
        False,
        -20,
    ),
    (
        '<script src="http://cdn.jsdelivr.net/x.js"></script>',
        "text/html",
        "sri-not-implemented-and-external-scripts-not-loaded-securely",
        False,
        -50,
    ),
    (
        '<script src="//cdn.jsdelivr.net/x.js"></script>',
        "text/html",
        "sri-not-implemented-and-external-scripts-not-loaded-securely",
        False,
        -50,
    ),
    (
        f'<script src="//cdn.jsdelivr.net/x.js" {SRI}></script>',
        "text/html",
        "sri-implemented-but-external-scripts-not-loaded-securely",
        False,
        -20,
    ),
    # same registrable domain (sukamaju.go.id): never penalised, even over http
    (
        '<script src="http://static.sukamaju.go.id/x.js"></script>',
        "text/html",
        "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        True,
        0,
    ),
    # severity order: −5 ranks above −20, −50 above both
    (
        f'<script src="http://a.example.com/x.js" {SRI}></script><script src="https://b.example.com/y.js"></script>',
        "text/html",
        "sri-not-implemented-but-external-scripts-loaded-securely",
        False,
        -5,
    ),
    (
        '<script src="https://b.example.com/y.js"></script><script src="http://c.example.com/z.js"></script>',
        "text/html",
        "sri-not-implemented-and-external-scripts-not-loaded-securely",
        False,
        -50,
    ),
    ("<p>x</p>", "", "sri-not-implemented-response-not-html", True, 0),  # no Content-Type: not HTML
]


@pytest.mark.parametrize(("body", "content_type", "result", "passed", "modifier"), SRI_CASES)
def test_sri_outcomes(body, content_type, result, passed, modifier):
    assert outcome(site(body=body, content_type=content_type), "subresource-integrity") == (
        result,
        passed,
        modifier,
    )


def test_sri_relative_script_is_insecure_over_http():
    scan = site(body=f'<script src="/app.js" {SRI}></script>', https=False, http="plain")
    assert (
        outcome(scan, "subresource-integrity")[0]
        == "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
    )


def test_sri_any_text_parses_as_html():
    """jsdom parses any text, so the scanner never reaches html-not-parseable; neither do we."""
    body = '<![ if x]><a b="<script src=//cdn.example.com/a.js></script><!--'
    assert outcome(site(body=body), "subresource-integrity")[0] == "sri-not-implemented-but-no-scripts-loaded"


# -- 8.–10. simple headers --------------------------------------------------------------------------

SIMPLE_CASES = [
    (
        "x-content-type-options",
        [("X-Content-Type-Options", " NoSniff ")],
        "x-content-type-options-nosniff",
        True,
        0,
    ),
    (
        "x-content-type-options",
        [("X-Content-Type-Options", "nosniff, nosniff")],
        "x-content-type-options-header-invalid",
        False,
        -5,
    ),
    ("x-content-type-options", [], "x-content-type-options-not-implemented", False, -5),
    ("x-frame-options", [("X-Frame-Options", "DENY")], "x-frame-options-sameorigin-or-deny", True, 0),
    ("x-frame-options", [("X-Frame-Options", "sameorigin")], "x-frame-options-sameorigin-or-deny", True, 0),
    (
        "x-frame-options",
        [("X-Frame-Options", "ALLOW-FROM https://a.example")],
        "x-frame-options-allow-from-origin",
        True,
        0,
    ),
    ("x-frame-options", [("X-Frame-Options", "allowall")], "x-frame-options-header-invalid", False, -20),
    ("x-frame-options", [], "x-frame-options-not-implemented", False, -20),
    (
        "x-frame-options",
        [("Content-Security-Policy", "default-src 'self'; frame-ancestors *")],
        "x-frame-options-implemented-via-csp",
        True,
        5,
    ),
    (
        "x-frame-options",
        [("X-Frame-Options", "allowall"), ("Content-Security-Policy", "frame-ancestors 'none'")],
        "x-frame-options-implemented-via-csp",
        True,
        5,
    ),
    (
        "cross-origin-resource-policy",
        [("Cross-Origin-Resource-Policy", "same-site")],
        "corp-implemented-with-same-site",
        True,
        10,
    ),
    (
        "cross-origin-resource-policy",
        [("Cross-Origin-Resource-Policy", " Same-Origin")],
        "corp-implemented-with-same-origin",
        True,
        10,
    ),
    (
        "cross-origin-resource-policy",
        [("Cross-Origin-Resource-Policy", "cross-origin")],
        "corp-implemented-with-cross-origin",
        True,
        0,
    ),
    (
        "cross-origin-resource-policy",
        [("Cross-Origin-Resource-Policy", "same")],
        "corp-header-invalid",
        False,
        -5,
    ),
    ("cross-origin-resource-policy", [], "corp-not-implemented", True, 0),
]


@pytest.mark.parametrize(("test", "headers", "result", "passed", "modifier"), SIMPLE_CASES)
def test_simple_header_outcomes(test, headers, result, passed, modifier):
    assert outcome(site(headers), test) == (result, passed, modifier)
