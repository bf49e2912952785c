"""The raw-material readers behind the Observatory grade, against what the scanner's own libraries
give (Node's URL, tldts, Chromium's preload list through `hstspreload`, Intl.Collator). Expected
values were taken from those libraries. Pure: no database, no network."""

import pytest

from portfolio.cspparse import CspError, collation_key, decode_uri_component, parse_csp
from portfolio.webparse import (
    ChromiumPreloadList,
    PreloadList,
    default_preload_list,
    js_trim,
    page_text,
    parse_html,
    parse_url,
    reflect_script_src,
    registrable_domain,
)

# -- URLs: `new URL(text)` in Node 20 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ('http://a.com/x/../y/./z?q=a b&c="d"#f', "http://a.com/y/z?q=a%20b&c=%22d%22"),
        ("http://a.com/a b/<c>/`{}`/é", "http://a.com/a%20b/%3Cc%3E/%60%7B%7D%60/%C3%A9"),
        ("http://A.COM:80/", "http://a.com/"),
        ("https://a.com:443", "https://a.com/"),
        ("http://a.com:/x", "http://a.com/x"),
        ("http://1.2.3/x", "http://1.2.0.3/x"),
        ("http://0x7f.0.0.1./", "http://127.0.0.1/"),
        ("http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/"),
        ("http://a%2Eb.com/", "http://a.b.com/"),
        ("http://BÜCHER.de/", "http://xn--bcher-kva.de/"),
        ("http://a.com/%2e%2E/x", "http://a.com/x"),
        ("http://@a.com/", "http://a.com/"),
        ("http://a.com?x", "http://a.com/?x"),
        ("http:\\\\a.com\\b\\c", "http://a.com/b/c"),
        ("http://a_b.com", "http://a_b.com/"),
        ("http://a.com./", "http://a.com./"),
        ("\t https://cdn.x.com/a.js ", "https://cdn.x.com/a.js"),
        ("https:cdn.x.com/a.js", "https://cdn.x.com/a.js"),
    ],
)
def test_parse_url_like_node(text, href):
    assert parse_url(text).href == href


@pytest.mark.parametrize(
    "text",
    [
        *("http://a.com:0x50/", "http://1.2.3.4.5/", "http://a.1/", "http://a.b.0x/", "http://user@/x"),
        *("http://exa mple/", "http://", "ftp://a.com/", "mailto:x", "/relative", "//cdn.x.com/a.js"),
    ],
)
def test_parse_url_failures_like_node(text):
    assert parse_url(text) is None


@pytest.mark.parametrize(
    ("ref", "href"),
    [
        ("", "http://h.com/a/b/c?q"),
        ("?x", "http://h.com/a/b/c?x"),
        ("#y", "http://h.com/a/b/c?q"),
        ("d", "http://h.com/a/b/d"),
        ("../d", "http://h.com/a/d"),
        ("/d", "http://h.com/d"),
        ("//o.com/p", "http://o.com/p"),
        ("\\\\o.com\\p", "http://o.com/p"),
        ("http:d", "http://h.com/a/b/d"),
        ("http:/d", "http://h.com/d"),
        ("https:d", "https://d/"),
        ("https:/d", "https://d/"),
        ("HTTP://o.com", "http://o.com/"),
        (" /x ", "http://h.com/x"),
        (".", "http://h.com/a/b/"),
        ("..", "http://h.com/a/"),
        ("../../../../x", "http://h.com/x"),
        ("undefined", "http://h.com/a/b/undefined"),
    ],
)
def test_resolve_against_a_base_like_node(ref, href):
    assert parse_url(ref, parse_url("http://h.com/a/b/c?q#f")).href == href


def test_resolving_to_another_scheme_fails():
    base = parse_url("https://h.com/")
    assert parse_url("mailto:x", base) is None and parse_url("ftp://o.com/", base) is None


@pytest.mark.parametrize(
    ("raw", "src"),
    [
        ("/a.js", "/a.js"),
        ("//cdn.x.com/a.js", "//cdn.x.com/a.js"),
        (" https://cdn.x.com/a.js", "https://cdn.x.com/a.js"),
        ("HTTPS://CDN.X.COM/a.js", "https://cdn.x.com/a.js"),
        ("https://exa mple.com/a.js", "https://exa mple.com/a.js"),  # does not resolve: as written
        ("https://0x7f.1/a.js", "https://127.0.0.1/a.js"),
        ("#x", "about:blank#x"),
        ("javascript:alert(1)", "javascript:alert(1)"),
    ],
)
def test_script_src_reflects_like_jsdom(raw, src):
    assert reflect_script_src(raw) == src


# -- registrable domain: tldts parse(x).domain (ICANN section only) -------------------------------


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("dinkes.sukamaju.go.id", "sukamaju.go.id"),
        ("sukamaju.go.id", "sukamaju.go.id"),
        ("go.id", None),
        ("a.desa.id", "a.desa.id"),
        ("a.github.io", "github.io"),
        ("foo.blogspot.com", "blogspot.com"),
        ("x.y.co.uk", "y.co.uk"),
        ("a.b.ck", "a.b.ck"),
        ("www.ck", "www.ck"),
        ("city.kawasaki.jp", "city.kawasaki.jp"),
        ("a.b.kawasaki.jp", "a.b.kawasaki.jp"),
        ("EXAMPLE.COM.", "example.com"),
        ("a_b.example.com", "example.com"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("a.unknowntld", "a.unknowntld"),
        ("unknowntld", None),
        ("localhost", None),
        ("127.0.0.1", None),
        ("::1", None),
        ("-a.example.com", None),
        ("a..example.com", None),
    ],
)
def test_registrable_domain_like_tldts(host, domain):
    assert registrable_domain(host) == domain


# -- HSTS preload list ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "preloaded"),
    [
        ("paypal.com", True),  # listed without include_subdomains ...
        ("www.paypal.com", True),
        ("login.paypal.com", False),  # ... so a subdomain is not covered
        ("twitter.com", True),
        ("api.twitter.com", False),
        ("github.com", True),  # listed with include_subdomains
        ("gist.github.com", True),
        ("a.b.c.dropbox.com", True),
        ("x.app", True),  # a preloaded top-level domain
        ("go.id", False),
        ("portal.sukamaju.go.id", False),
        ("PayPal.COM.", True),  # any case, trailing dot
        ("bücher.de", False),  # non-ASCII: looked up in punycode, no error
        ("beispiel.アマゾン", True),  # xn--cckwcxetd is preloaded with subdomains
        ("", False),
    ],
)
def test_chromium_preload_list(host, preloaded):
    assert (host in default_preload_list()) is preloaded
    assert isinstance(default_preload_list(), ChromiumPreloadList)


def test_preload_list_from_entries_follows_the_same_rules():
    entries = [
        {"name": "only.example", "mode": "force-https"},
        {"name": "tree.example", "mode": "force-https", "include_subdomains": True},
        {"name": "pinned.example", "include_subdomains": True},  # no force-https mode
    ]
    preloaded = PreloadList(entries)
    assert "only.example" in preloaded and "sub.only.example" not in preloaded
    assert "tree.example" in preloaded and "a.b.tree.example" in preloaded
    assert "pinned.example" not in preloaded and "a.pinned.example" not in preloaded


# -- HTML, JSON bodies, JavaScript strings -----------------------------------------------------------


def test_parse_html_recovers_from_markup_the_standard_parser_rejects():
    facts = parse_html("<![ x]><script src=/a.js></script><![foo[<meta name=referrer content=origin>")
    assert [s.src for s in facts.scripts] == ["/a.js"]


def test_fragment_parse_treats_noscript_as_text():
    body = "<noscript><meta name=referrer content=origin><script src=/a.js></script></noscript>"
    assert parse_html(body, fragment=True).referrer_meta is None
    assert [s.src for s in parse_html(body).scripts] == ["/a.js"]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("<p>x</p>", "<p>x</p>"),
        ('"<p>x</p>"', "<p>x</p>"),
        ('["a", null, ["b", 1]]', "a,,b,1"),
        ('{"a": 1}', "[object Object]"),
        ("null", ""),
        ("0", ""),
        ("12.0", "12"),
        ("NaN", "NaN"),  # not JSON for JavaScript
    ],
)
def test_page_text_as_axios_and_jsdom_see_it(body, text):
    assert page_text(body) == text


def test_js_trim_uses_javascript_whitespace():
    assert js_trim("\ufeff\xa0 a \u3000") == "a"
    assert js_trim("\x1ca\x85") == "\x1ca\x85"


# -- CSP parsing details -------------------------------------------------------------------------


def test_collation_order_is_icu_not_code_points():
    ordered = sorted(
        ["https://a", "https:x", "https:", "'self'", "*", "data:", "_x", "-y"], key=collation_key
    )
    assert ordered == ["_x", "-y", "'self'", "*", "data:", "https:", "https://a", "https:x"]
    assert sorted(["a/", "a:"], key=collation_key) == ["a:", "a/"]  # code points say the opposite


@pytest.mark.parametrize(("text", "decoded"), [("a%20b", "a b"), ("%C3%A9", "é"), ("%25", "%"), ("~", "~")])
def test_decode_uri_component(text, decoded):
    assert decode_uri_component(text) == decoded


@pytest.mark.parametrize("text", ["%", "%zz", "%C3", "%C0%80", "%ED%A0%80", "%80"])
def test_decode_uri_component_rejects_what_javascript_rejects(text):
    with pytest.raises(CspError):
        decode_uri_component(text)


def test_parse_csp_length_counts_utf16_units():
    with pytest.raises(CspError):
        parse_csp(["a b c"])
    assert parse_csp(["a 😀😀"])[0] == {"a": {"😀😀"}}
