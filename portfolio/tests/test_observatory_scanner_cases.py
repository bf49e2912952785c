"""Cases where our grade once differed from the MDN HTTP Observatory scanner (1.4.8), found by the
differential check in tools/observatory_compare/. Each expected value is what the scanner itself
produced for that input; docs/observatory-notes.md explains the ones where the specification
reads otherwise. Pure: no database, no network."""

import pytest

from portfolio import observatory as obs
from portfolio.tests.test_observatory import HOST, HSTS, outcome, response, site

CSP = "Content-Security-Policy"


def csp(*policies, body="<p>x</p>", **kwargs):
    return outcome(site([(CSP, p) for p in policies], body, **kwargs), "content-security-policy")


# -- CSP: a list that falls back to default-src is default-src itself -------------------------------


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        # 'strict-dynamic' strips https: and 'unsafe-inline' from default-src itself, so style-src
        # and object-src (falling back to it) lose them too: +5, where a copy would give -20
        (
            "default-src 'nonce-abc' 'strict-dynamic' https: 'unsafe-inline'",
            ("csp-implemented-with-no-unsafe", True, 5),
        ),
        ("default-src 'sha256-x' 'strict-dynamic' *", ("csp-implemented-with-no-unsafe", True, 5)),
        # the http: source it strips no longer counts as insecure active content
        (
            "default-src 'nonce-a' 'strict-dynamic' http://cdn.example.com",
            ("csp-implemented-with-no-unsafe", True, 5),
        ),
        # ... nor as passive content (img-src falls back to default-src)
        ("default-src 'nonce-a' 'strict-dynamic' http:", ("csp-implemented-with-no-unsafe", True, 5)),
        # with its own style-src and object-src the stripping does not reach them
        (
            "default-src 'nonce-a' 'strict-dynamic' https:; style-src https:; object-src 'none'",
            ("csp-implemented-with-unsafe-inline-in-style-src-only", True, 0),
        ),
        # an explicit script-src is stripped alone; default-src keeps https:, object-src sees it
        (
            "default-src https:; script-src 'nonce-a' 'strict-dynamic' https:",
            ("csp-implemented-with-unsafe-inline", False, -20),
        ),
    ],
)
def test_csp_default_src_fallback_shares_the_list(policy, expected):
    assert csp(policy) == expected


def test_csp_meta_with_only_duplicate_report_uri_counts_as_a_policy():
    meta = "<meta http-equiv='Content-Security-Policy' content='report-uri /a; report-uri /b'>"
    # the scanner's parsed map holds the duplicate note, so it is not empty: script-src falls to *
    assert csp(body=meta) == ("csp-implemented-with-unsafe-inline", False, -20)


def test_csp_sources_split_on_javascript_whitespace():
    # U+00A0 separates sources in JavaScript (\s); U+001C does not
    assert csp("default-src 'self'\xa0'unsafe-inline'; script-src 'self'")[0] == (
        "csp-implemented-with-unsafe-inline-in-style-src-only"
    )
    assert csp("default-src 'self'\x1c'unsafe-inline'")[0] == "csp-implemented-with-no-unsafe"


def test_csp_malformed_escape_in_an_intersected_path_is_invalid():
    meta = "<meta http-equiv='Content-Security-Policy' content='img-src https://a.example/%zz'>"
    assert csp("img-src https://a.example/%zz", body=meta) == ("csp-header-invalid", False, -25)


def test_csp_sources_sort_in_collation_order():
    # Within a policy a source that extends the one sorted before it is dropped. Intl.Collator
    # sorts "http:" before "http/x" (":" before "/"), so "http:" is the one dropped there; in
    # code-point order "http/x" would be dropped and the broad "http:" kept (-20).
    assert csp("default-src 'self'; script-src http http: http/x; object-src 'none'") == (
        "csp-implemented-with-no-unsafe",
        True,
        5,
    )


def test_csp_frame_ancestors_from_meta_still_sets_x_frame_options():
    meta = "<meta http-equiv='Content-Security-Policy' content=\"frame-ancestors 'none'\">"
    scan = site([(CSP, "default-src 'self'")], meta)
    assert outcome(scan, "x-frame-options")[0] == "x-frame-options-implemented-via-csp"


# -- what counts as HTML --------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["TEXT/HTML", "text/html ; charset=utf-8", "", "text/plain"])
def test_only_an_exact_html_media_type_is_parsed(content_type):
    body = "<meta name=referrer content=no-referrer><script src=http://cdn.example.com/a.js></script>"
    scan = site(body=body, content_type=content_type)
    assert outcome(scan, "subresource-integrity")[0] == "sri-not-implemented-response-not-html"
    assert outcome(scan, "referrer-policy")[0] == "referrer-policy-not-implemented"


def test_a_json_body_is_read_as_its_javascript_string():
    # axios parses a body that is valid JSON; jsdom then meets String(value)
    body = "[\"<script src='http://cdn.example.com/x.js'></script>\"]"
    assert outcome(site(body=body), "subresource-integrity")[0] == (
        "sri-not-implemented-and-external-scripts-not-loaded-securely"
    )
    assert outcome(site(body='{"a": "<script src=//x.example/a.js></script>"}'), "subresource-integrity")[
        0
    ] == ("sri-not-implemented-but-no-scripts-loaded")


# -- meta tags ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<meta name="referrer" content="">', "referrer-policy-not-implemented"),
        ('<meta name="referrer">', "referrer-policy-not-implemented"),
        # with http-equiv and content it is not read as a referrer tag at all
        ('<meta http-equiv="x" content="unsafe-url" name="referrer">', "referrer-policy-not-implemented"),
        # the first of repeated attributes counts
        ('<meta name="referrer" content="no-referrer" name="x">', "referrer-policy-private"),
        # noscript is raw text where the scanner looks for meta tags (scripting on)
        (
            '<noscript><meta name="referrer" content="unsafe-url"></noscript>',
            "referrer-policy-not-implemented",
        ),
        (
            '<template><meta name="referrer" content="unsafe-url"></template>',
            "referrer-policy-not-implemented",
        ),
        (
            '<textarea><meta name="referrer" content="unsafe-url"></textarea>',
            "referrer-policy-not-implemented",
        ),
        ('<meta name=" Referrer " content="origin,\xa0same-origin">', "referrer-policy-private"),
    ],
)
def test_meta_referrer_as_the_scanner_reads_it(body, expected):
    assert outcome(site(body=body), "referrer-policy")[0] == expected


def test_meta_csp_with_empty_content_is_skipped():
    body = "<meta http-equiv='Content-Security-Policy' content=''>"
    assert csp(body=body)[0] == "csp-not-implemented"


# -- scripts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # jsdom resolves script.src: leading spaces and backslashes go, "https:host" is absolute
        (
            '<script src=" https://cdn.example.com/a.js"></script>',
            "sri-not-implemented-but-external-scripts-loaded-securely",
        ),
        (
            '<script src="https:cdn.example.com/a.js"></script>',
            "sri-not-implemented-but-external-scripts-loaded-securely",
        ),
        (
            '<script src="https:\\\\cdn.example.com\\a.js"></script>',
            "sri-not-implemented-but-external-scripts-loaded-securely",
        ),
        (
            '<script src="HTTP://CDN.EXAMPLE.COM/a.js"></script>',
            "sri-not-implemented-and-external-scripts-not-loaded-securely",
        ),
        # "//" with nothing after is not protocol-relative; " //host" does not resolve: relative
        ('<script src="//"></script>', "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"),
        (
            '<script src=" //cdn.example.com/a.js"></script>',
            "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        ),
        # same registrable domain after normalisation (trailing dot)
        (
            '<script src="http://static.sukamaju.go.id./a.js"></script>',
            "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        ),
        # scripts inside noscript count (the document is parsed with scripting off) ...
        (
            '<noscript><script src="http://cdn.example.com/a.js"></script></noscript>',
            "sri-not-implemented-and-external-scripts-not-loaded-securely",
        ),
        # ... template content and raw text do not
        (
            '<template><script src="http://cdn.example.com/a.js"></script></template>',
            "sri-not-implemented-but-no-scripts-loaded",
        ),
        (
            '<textarea><script src="http://cdn.example.com/a.js"></script></textarea>',
            "sri-not-implemented-but-no-scripts-loaded",
        ),
        # an SVG script is a script element without a src property
        (
            '<svg><script src="http://cdn.example.com/a.js"></script></svg>',
            "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        ),
        # "/>" does not end a script element: the next script is its text
        (
            '<script src="/a.js"/><script src="http://cdn.example.com/b.js"></script>',
            "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        ),
        # the first src attribute counts
        (
            '<script src="/a.js" src="http://cdn.example.com/b.js"></script>',
            "sri-not-implemented-but-all-scripts-loaded-from-secure-origin",
        ),
        # an empty src is no src
        ('<script src=""></script>', "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"),
        # HTML5 comments: "<!-->" is a whole comment
        (
            '<!--><script src="http://cdn.example.com/a.js"></script>',
            "sri-not-implemented-and-external-scripts-not-loaded-securely",
        ),
    ],
)
def test_scripts_as_jsdom_finds_them(body, expected):
    assert outcome(site(body=body), "subresource-integrity")[0] == expected


@pytest.mark.parametrize(
    ("host", "src", "foreign"),
    [
        ("127.0.0.1", "http://10.0.0.1/a.js", False),  # no domain on either side: equal
        ("localhost", "http://intranet/a.js", False),
        ("a.github.io", "http://b.github.io/a.js", False),  # PRIVATE section ignored
        ("portal.sukamaju.go.id", "http://go.id/a.js", True),
        ("x.b.ck", "http://y.b.ck/a.js", True),  # *.ck: b.ck is a suffix
    ],
)
def test_same_site_follows_tldts_defaults(host, src, foreign):
    body = f'<script src="{src}"></script>'
    result = outcome(site(body=body, host=host), "subresource-integrity")[0]
    expected = (
        "sri-not-implemented-and-external-scripts-not-loaded-securely"
        if foreign
        else "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
    )
    assert result == expected


def test_an_absolute_script_url_that_does_not_parse_stops_the_scan():
    result = obs.grade(site(body='<script src="https://exa mple.com/a.js"></script>'))
    assert (result.error, result.score, result.grade) == ("scan-failed", None, None)
    assert obs.as_dict(result) == {"error": "scan-failed"}


# -- cookies as tough-cookie keeps them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("__Secure-id=1; HttpOnly", "cookies-not-found"),  # prefix without Secure: dropped silently
        ("__Host-sess=1; Secure; HttpOnly; Domain=sukamaju.go.id", "cookies-not-found"),
        (
            "__Host-sess=1; Secure; HttpOnly; SameSite=Lax",
            "cookies-secure-with-httponly-sessions-and-samesite",
        ),
        ("sessionid=1; Domain=go.id", "cookies-not-found"),  # public suffix
        ("sessionid=1; Domain=other.example", "cookies-not-found"),  # not this host's
        ("sessionid=a\tb", "cookies-not-found"),  # control character
        ("=abc; Secure", "cookies-not-found"),
        ("sessionid=; Max-Age=0", "cookies-session-without-httponly-flag"),  # expired, still in the jar
        ("id=1; Secure; SameSite=Lax; SameSite=Foo", "cookies-samesite-flag-invalid"),
        ("id=1; Secure; Domain=..sukamaju.go.id", "cookies-secure-with-httponly-sessions"),
    ],
)
def test_cookie_jar_as_the_scanners(line, expected):
    assert outcome(site([("Set-Cookie", line), HSTS]), "cookies")[0] == expected


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("github.io", "cookies-not-found"),  # a PRIVATE-section suffix: tough-cookie refuses it too
        ("a.github.io", "cookies-secure-with-httponly-sessions"),
    ],
)
def test_cookie_domain_counts_the_private_suffixes(domain, expected):
    line = f"sessionid=1; Secure; HttpOnly; Domain={domain}"
    assert outcome(site([("Set-Cookie", line), HSTS], host="a.github.io"), "cookies")[0] == expected


def test_cookie_default_path_includes_the_escaped_query():
    # two cookies of one name: set at "/masuk?next=/a/b" (default path "/masuk%3Fnext=/a") and "/"
    chain = obs.Chain(
        [
            obs.Response(f"https://{HOST}/", 302, [("Location", "/masuk?next=/a/b")]),
            response(
                f"https://{HOST}/masuk?next=/a/b", headers=[("Set-Cookie", "sessionid=1; Secure; HttpOnly")]
            ),
        ]
    )
    chain.responses[-1].headers.append(("Set-Cookie", "sessionid=2; Path=/"))
    result = obs.run_tests(site(https_chain=chain))["cookies"]
    assert result.data["cookies"] == ["sessionid", "sessionid"]
    assert result.result == "cookies-session-without-secure-flag"


def test_cookies_of_side_requests_count():
    chain = obs.Chain([response(f"https://{HOST}/")], verified=False)
    chain.side_responses = [
        obs.Response(f"https://{HOST}/robots.txt", 200, [("Set-Cookie", "sessionid=1; Secure")])
    ]
    assert outcome(site(https_chain=chain), "cookies")[0] == "cookies-session-without-httponly-flag"


# -- simple headers -------------------------------------------------------------------------------


def test_header_values_are_cut_before_trimming():
    # axios already strips spaces and tabs around a value; JavaScript's trim() also strips U+00A0
    assert outcome(site([("X-Content-Type-Options", "\xa0nosniff ")]), "x-content-type-options")[0] == (
        "x-content-type-options-nosniff"
    )
    padded = "\xa0" * 252 + "nosniff"
    assert outcome(site([("X-Content-Type-Options", padded)]), "x-content-type-options")[0] == (
        "x-content-type-options-header-invalid"
    )
    assert outcome(
        site([("Strict-Transport-Security", "max-age=\xa063072000")]), "strict-transport-security"
    )[0] == ("hsts-implemented-max-age-at-least-six-months")
