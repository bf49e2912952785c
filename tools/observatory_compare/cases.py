"""Generated scan cases for the Observatory differential check, area by area. A case is plain JSON:
the scanned host, the HTTP and HTTPS fetch chains (responses in order, `verified`), the CORS
preflight answer, as `compare.py` feeds it to both graders. Random but reproducible (seeded)."""

import random

HOSTS = [
    "portal.sukamaju.go.id",
    "sukamaju.go.id",
    "www.sukamaju.go.id",
    "layanan.dinkes.sukamaju.go.id",
    "app.example.co.uk",
    "a.github.io",
    "pre.sukamaju.go.id",
    "x.sub.sukamaju.go.id",
    "127.0.0.1",
    "localhost",
]
# One preload list for a whole run (the scanner reads its file once): an exact entry, one with
# include_subdomains, and one that is not force-https.
PRELOAD = [
    {"name": "pre.sukamaju.go.id", "mode": "force-https"},
    {"name": "sub.sukamaju.go.id", "mode": "force-https", "include_subdomains": True},
    {"name": "dinkes.sukamaju.go.id", "include_subdomains": True},
]

CSP_DIRECTIVES = [
    "default-src",
    "script-src",
    "style-src",
    "object-src",
    "img-src",
    "media-src",
    "frame-ancestors",
    "base-uri",
    "form-action",
    "connect-src",
    "font-src",
    "report-uri",
    "report-to",
    "sandbox",
    "upgrade-insecure-requests",
    "require-trusted-types-for",
]
CSP_SOURCES = [
    "'self'",
    "'none'",
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'strict-dynamic'",
    "'nonce-r4nd0m'",
    "'sha256-abc='",
    "'sha384-xyz'",
    "'sha512-q'",
    "'report-sample'",
    "'unsafe-hashes'",
    "'wasm-unsafe-eval'",
    "data:",
    "blob:",
    "http:",
    "https:",
    "ftp:",
    "*",
    "http://*",
    "https://*",
    "https://*.*",
    "http://*.*",
    "https://cdn.example.com",
    "https://cdn.example.com/js/",
    "https://cdn.example.com/js/app.js",
    "http://cdn.example.com",
    "ftp://files.example.com",
    "*.example.com",
    "https://*.sukamaju.go.id",
    "wss://ws.example.com",
    "/csp-report",
    "https://a.example.com/%7e/",
    "https://a.example.com/~/",
    "https://a.example.com/%zz",
    "https:x",
    "'SELF'",
    "'Unsafe-Inline'",
]
CONTENT_TYPES = [
    "text/html",
    "text/html; charset=utf-8",
    "text/html;charset=UTF-8",
    "TEXT/HTML",
    "text/html ; charset=utf-8",
    "application/xhtml+xml",
    "application/json",
    "text/plain",
    None,
]


class Gen:
    def __init__(self, seed: int):
        self.rnd = random.Random(seed)
        self.counter = 0

    def chance(self, p: float) -> bool:
        return self.rnd.random() < p

    def pick(self, items):
        return self.rnd.choice(items)

    def some(self, items, low=0, high=3):
        return [self.pick(items) for _ in range(self.rnd.randint(low, high))]

    # -- building blocks ------------------------------------------------------------------------

    def page(self, url, headers=(), body="<!doctype html><title>x</title>", status=200, ctype="text/html"):
        lines = [["Content-Type", ctype]] if ctype else []
        return {"url": url, "status": status, "headers": lines + [list(h) for h in headers], "body": body}

    def redirect(self, url, to, status=301, headers=()):
        return {"url": url, "status": status, "headers": [["Location", to], *map(list, headers)], "body": ""}

    def case(self, area, host=None, headers=(), body=None, ctype="text/html", **kw):
        """A site whose HTTP chain redirects to HTTPS, which answers with `headers` and `body`."""
        self.counter += 1
        host = host or self.pick(HOSTS[:6])
        https_url = f"https://{host}/"
        body = "<!doctype html><title>x</title>" if body is None else body
        https = kw.get(
            "https", {"responses": [self.page(https_url, headers, body, ctype=ctype)], "verified": True}
        )
        http = kw.get(
            "http",
            {
                "responses": [self.redirect(f"http://{host}/", https_url), self.page(https_url)],
                "verified": True,
            },
        )
        return {
            "id": f"{area}-{self.counter}",
            "area": area,
            "host": host,
            "http": http,
            "https": https,
            "preflight": kw.get("preflight"),
        }

    def hsts_header(self):
        return ("Strict-Transport-Security", "max-age=31536000")

    # -- areas ----------------------------------------------------------------------------------

    def csp_policy(self):
        parts = []
        for _ in range(self.rnd.randint(0, 5)):
            directive = self.pick(CSP_DIRECTIVES)
            if self.chance(0.1):
                directive = directive.upper()
            parts.append(
                self.pick([" "] * 6 + ["\xa0", "\t", "\u3000"]).join(
                    [directive, *self.some(CSP_SOURCES, 0, 4)]
                )
            )
        separator = self.pick(["; ", ";", " ; ", ";;", "; \t", ";\xa0"])
        policy = separator.join(parts)
        if self.chance(0.1):
            policy += ";"
        if self.chance(0.05):
            policy = self.pick(["", "a b", "  ;  ", "default-src", "img-src", "script-src 'self'\n"])
        return policy

    def csp(self):
        headers = []
        for _ in range(self.rnd.choice([0, 1, 1, 1, 2])):
            headers.append(("Content-Security-Policy", self.csp_policy()))
        if self.chance(0.2):
            headers.append(("Content-Security-Policy-Report-Only", self.csp_policy() or "default-src 'self'"))
        metas = []
        for _ in range(self.rnd.choice([0, 0, 1, 2])):
            equiv = self.pick(
                ["Content-Security-Policy", "content-security-policy", " CONTENT-SECURITY-POLICY "]
            )
            metas.append(f'<meta http-equiv="{equiv}" content="{self.csp_policy()}">')
        if self.chance(0.3):
            headers.append(self.hsts_header())
        body = "<!doctype html><head>" + "".join(metas) + "</head><p>x</p>"
        ctype = self.pick(CONTENT_TYPES[:6])
        if self.chance(0.15):
            return self.http_only_site("csp", headers, body, ctype)
        return self.case("csp", headers=headers, body=body, ctype=ctype)

    def http_only_site(self, area, headers, body, ctype="text/html"):
        host = self.pick(HOSTS[:6])
        http = {"responses": [self.page(f"http://{host}/", headers, body, ctype=ctype)], "verified": True}
        return self.case(area, host=host, http=http, https=None)

    COOKIE_NAMES = [
        "sessionid",
        "PHPSESSID",
        "laravel_session",
        "ASP.NET_SessionId",
        "SSESSabc",
        "user_login",
        "__Host-sess",
        "__Secure-id",
        "__host-lower",
        "csrftoken",
        "XSRF-TOKEN",
        "_csrf",
        "theme",
        "id",
        "heroku-session-affinity",
    ]
    COOKIE_ATTRIBUTES = [
        "Secure",
        "HttpOnly",
        "SameSite=Lax",
        "SameSite=Strict",
        "SameSite=None",
        "samesite=lax",
        "SameSite=Foo",
        "SameSite=",
        "SameSite",
        "SameSite=Lax=x",
        "Path=/",
        "Path=/x",
        "Path=x",
        "Domain=sukamaju.go.id",
        "Domain=.sukamaju.go.id",
        "Domain=go.id",
        "Domain=other.example",
        "Domain=github.io",
        "Max-Age=0",
        "Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        "secure=false",
        " httponly ",
    ]

    def cookie_line(self):
        name = self.pick(self.COOKIE_NAMES)
        value = self.pick(["1", "abc", "", "a=b", "x y"])
        line = f"{name}={value}"
        if self.chance(0.05):
            line = self.pick(["noequals", "=novalue", " spaced = 1 ", "a=b\tc", ""])
        attributes = self.some(self.COOKIE_ATTRIBUTES, 0, 5)
        return "; ".join([line, *attributes])

    def cookies(self):
        headers = [("Set-Cookie", self.cookie_line()) for _ in range(self.rnd.randint(0, 4))]
        if self.chance(0.5):
            headers.append(self.hsts_header())
        host = self.pick(HOSTS[:6])
        if self.chance(0.3):
            # cookies also set on the way, by a redirect inside the primary (HTTPS) chain
            start = f"https://{host}/"
            final = self.pick(
                [
                    f"https://{host}/masuk/index",
                    f"https://{host}/masuk/index?next=/a/b",
                    f"https://www.{host}/",
                ]
            )
            extra = [("Set-Cookie", self.cookie_line()) for _ in range(self.rnd.randint(1, 2))]
            https = {
                "responses": [
                    self.redirect(start, final, 302, extra),
                    self.page(final, headers),
                ],
                "verified": True,
            }
            return self.case("cookies", host=host, https=https)
        if self.chance(0.1):
            return self.http_only_site("cookies", headers, "<p>x</p>")
        case = self.case("cookies", host=host, headers=headers)
        if self.chance(0.2):  # cookies of the HTTP chain are not the primary chain's
            case["http"]["responses"][0]["headers"].append(["Set-Cookie", self.cookie_line()])
        return case

    REFERRER_TOKENS = [
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "origin",
        "origin-when-cross-origin",
        "unsafe-url",
        "no-referrer-when-downgrade",
        "foo",
        "",
        " No-Referrer ",
        "UNSAFE-URL",
        "\xa0same-origin",
        "origin\u2003",
    ]

    def referrer(self):
        headers = []
        for _ in range(self.rnd.choice([0, 1, 1, 2])):
            headers.append(("Referrer-Policy", ",".join(self.some(self.REFERRER_TOKENS, 1, 3))))
        metas = []
        for _ in range(self.rnd.choice([0, 0, 1, 2])):
            content = ",".join(self.some(self.REFERRER_TOKENS, 0, 2))
            metas.append(
                self.pick(
                    [
                        f'<meta name="referrer" content="{content}">',
                        f'<META NAME=" Referrer " CONTENT="{content}">',
                        '<meta name="referrer">',
                        f'<meta http-equiv="x" content="{content}" name="referrer">',
                        '<meta name="referrer" content="">',
                    ]
                )
            )
        body = "<!doctype html><head>" + "".join(metas) + "</head>"
        return self.case("referrer", headers=headers, body=body, ctype=self.pick(CONTENT_TYPES[:7]))

    MAX_AGES = [
        "31536000",
        "15552000",
        "15551999",
        "0",
        "300",
        '"31536000"',
        " 63072000",
        "\xa063072000",
        "\t300",
        "-1",
        "abc",
        "1e9",
        "+16000000",
        "",
        "99999999999999999999",
        "0x1000000",
    ]

    def hsts_value(self):
        parts = []
        if self.chance(0.9):
            parts.append(
                self.pick(["max-age=", "MAX-AGE=", "max-age =", " max-age="]) + self.pick(self.MAX_AGES)
            )
        parts += self.some(["includeSubDomains", "preload", "INCLUDESUBDOMAINS", ""], 0, 2)
        self.rnd.shuffle(parts)
        return self.pick(["; ", ";", " ;"]).join(parts)

    def hsts(self):
        headers = [
            ("Strict-Transport-Security", self.hsts_value()) for _ in range(self.rnd.choice([0, 1, 1, 1, 2]))
        ]
        host = self.pick(HOSTS[:8])
        if self.chance(0.15):
            return self.http_only_site("hsts", headers, "<p>x</p>")
        case = self.case("hsts", host=host, headers=headers)
        if self.chance(0.15):  # HSTS is read from the HTTPS chain's last response
            first = self.redirect(f"https://{host}/", f"https://{host}/beranda", headers=[self.hsts_header()])
            case["https"]["responses"].insert(0, first)
            case["https"]["responses"][-1]["url"] = f"https://{host}/beranda"
        if self.chance(0.15):
            case["https"]["verified"] = False
            case["http"]["verified"] = False
        return case

    def simple_headers(self):
        headers = []
        values = {
            "X-Content-Type-Options": ["nosniff", " NoSniff ", "nosniff, nosniff", "sniff", "", "nosniff;"],
            "X-Frame-Options": [
                "DENY",
                "sameorigin",
                "ALLOW-FROM https://a.example",
                "allowall",
                " deny ",
                "DENY, DENY",
            ],
            "Cross-Origin-Resource-Policy": [
                "same-site",
                " Same-Origin",
                "cross-origin",
                "same",
                "same-site, same-site",
            ],
        }
        for name, choices in values.items():
            for _ in range(self.rnd.choice([0, 1, 1, 2])):
                headers.append((name, self.pick(choices)))
        if self.chance(0.4):
            headers.append(
                (
                    "Content-Security-Policy",
                    self.pick(
                        [
                            "frame-ancestors 'none'",
                            "default-src 'self'; frame-ancestors *",
                            "frame-ancestors",
                            "default-src 'self'",
                        ]
                    ),
                )
            )
        body = "<p>x</p>"
        if self.chance(0.3):
            policy = "default-src 'self'; frame-ancestors 'none'"
            body = f"<head><meta http-equiv='Content-Security-Policy' content=\"{policy}\"></head>"
        return self.case("headers", headers=headers, body=body)

    def cors(self):
        acao = self.pick(
            [
                "*",
                " * ",
                "https://http-observatory.security.mozilla.org",
                "null",
                "https://app.sukamaju.go.id",
                "",
                None,
            ]
        )
        headers = []
        if acao is not None:
            headers.append(("Access-Control-Allow-Origin", acao))
        if self.chance(0.5):
            headers.append(("Access-Control-Allow-Credentials", self.pick(["true", "TRUE ", "false"])))
        preflight = {"status": self.pick([200, 204]), "headers": headers} if self.chance(0.9) else None
        return self.case("cors", preflight=preflight)

    SCRIPT_SRCS = [
        "/app.js",
        "app.js",
        "./js/app.js",
        "//cdn.jsdelivr.net/x.js",
        "//static.sukamaju.go.id/x.js",
        "///x.js",
        "//",
        "https://cdn.jsdelivr.net/x.js",
        "http://cdn.jsdelivr.net/x.js",
        "https://static.sukamaju.go.id/x.js",
        "http://static.sukamaju.go.id/x.js",
        "https://sukamaju.go.id/x.js",
        "https://other.go.id/x.js",
        "https://b.github.io/x.js",
        "https://cdn.example.co.uk/x.js",
        "HTTPS://CDN.JSDELIVR.NET/x.js",
        " https://cdn.jsdelivr.net/x.js",
        "https:cdn.jsdelivr.net/x.js",
        "https:\\\\cdn.jsdelivr.net\\x.js",
        "https://127.0.0.1/x.js",
        "http://10.0.0.1/x.js",
        "https://localhost/x.js",
        "https://intranet/x.js",
        "https://static.sukamaju.go.id./x.js",
        "javascript:void(0)",
        "data:text/javascript,1",
        "",
    ]

    def script_tag(self):
        if self.chance(0.15):
            return self.pick(["<script>var a = 1;</script>", "<script></script>", "<SCRIPT>1</SCRIPT>"])
        src = self.pick(self.SCRIPT_SRCS)
        integrity = self.pick(["", ' integrity="sha384-abc"', ' integrity=""', " integrity"])
        quote = self.pick(['"', "'"])
        tag = f"<script src={quote}{src}{quote}{integrity}></script>"
        wrapper = self.pick(
            ["{}"] * 8
            + [
                "<noscript>{}</noscript>",
                "<template>{}</template>",
                "<svg>{}</svg>",
                "<textarea>{}</textarea>",
                "<!-- {} -->",
            ]
        )
        return wrapper.format(tag)

    def sri(self):
        body = (
            "<!doctype html><html><head>"
            + "".join(self.script_tag() for _ in range(self.rnd.randint(0, 4)))
            + "</head></html>"
        )
        ctype = self.pick(CONTENT_TYPES)
        host = self.pick(HOSTS)
        if self.chance(0.2):
            return self.http_only_site("sri", [], body, ctype)
        return self.case("sri", host=host, body=body, ctype=ctype)

    def redirection(self):
        host = self.pick(HOSTS[:8])
        h, s = f"http://{host}/", f"https://{host}/"
        shapes = [
            None,
            [self.page(h)],
            [self.redirect(h, s), self.page(s)],
            [self.redirect(h, f"https://www.{host}/"), self.page(f"https://www.{host}/")],
            [self.redirect(h, h + "a"), self.redirect(h + "a", s), self.page(s)],
            [self.redirect(h, h + "a"), self.page(h + "a")],
            [self.redirect(h, s, 302), self.redirect(s, s + "beranda"), self.page(s + "beranda")],
            [self.redirect(h, "https://pre.sukamaju.go.id/"), self.page("https://pre.sukamaju.go.id/")],
            [self.redirect(h, "http://pre.sukamaju.go.id/"), self.page("http://pre.sukamaju.go.id/")],
            [self.redirect(h, s, 307), self.page(s, status=403)],
            [self.redirect(h, f"HTTPS://{host.upper()}/"), self.page(s)],
        ]
        responses = self.pick(shapes)
        http = {"responses": responses, "verified": not self.chance(0.1)} if responses else None
        return self.case(
            "redirection", host=host, http=http, headers=[self.hsts_header()] if self.chance(0.5) else []
        )

    def whole_site(self):
        """Everything at once, for the bonus rule and the grade bands."""
        case = self.pick([self.csp, self.cookies, self.referrer, self.simple_headers, self.sri])()
        response = case["https"]["responses"][-1] if case["https"] else case["http"]["responses"][-1]
        extra = {
            "Strict-Transport-Security": "max-age=63072000",
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
            "Cross-Origin-Resource-Policy": "same-origin",
            "Content-Security-Policy": self.pick(
                ["default-src 'none'", "default-src 'self'", "script-src 'self'"]
            ),
            "Set-Cookie": "sessionid=1; Secure; HttpOnly; SameSite=Lax",
        }
        for name, value in extra.items():
            if self.chance(0.6):
                response["headers"].append([name, value])
        if self.chance(0.2):
            response["status"] = self.pick([204, 302, 401, 403, 404, 500, 199])
        case["id"], case["area"] = f"grade-{self.counter}", "grade"
        return case


AREAS = {
    "csp": Gen.csp,
    "cookies": Gen.cookies,
    "referrer": Gen.referrer,
    "hsts": Gen.hsts,
    "headers": Gen.simple_headers,
    "cors": Gen.cors,
    "sri": Gen.sri,
    "redirection": Gen.redirection,
    "grade": Gen.whole_site,
}

DOMAIN_INPUTS = [
    "sukamaju.go.id",
    "dinkes.sukamaju.go.id",
    "go.id",
    "id",
    "a.github.io",
    "github.io",
    "x.y.co.uk",
    "co.uk",
    "www.ck",
    "a.b.ck",
    "city.kawasaki.jp",
    "a.b.kawasaki.jp",
    "localhost",
    "intranet",
    "127.0.0.1",
    "10.0.0.1",
    "[::1]",
    "example.com.",
    "EXAMPLE.COM",
    "a_b.example.com",
    "xn--bcher-kva.de",
    "foo.blogspot.com",
    "foo.appspot.com",
    "a.b.c.d.e.example.org",
    "unknowntld",
    "a.unknowntld",
    "s3.amazonaws.com",
    "a.pemda.id",
    "desa.id",
    "x.desa.id",
    "a.web.id",
    "a.my.id",
]


def generate(count: int, seed: int, areas=None) -> list[dict]:
    gen = Gen(seed)
    names = areas or list(AREAS)
    return [AREAS[names[i % len(names)]](gen) for i in range(count)]


HTML_PIECES = [
    '<script src="https://cdn.example.com/a.js">',
    "<script src=/b.js integrity=sha384-x>",
    "</script>",
    "<script>",
    "<SCRIPT SRC='//c.example.com/c.js'>",
    "<script src=d.js/>",
    '<script/src="e.js">',
    '<script src="f.js" src="g.js" integrity="i1" integrity="i2">',
    '<script src=" https://h.example.com/h.js ">',
    '<script src="">',
    "<script src>",
    '<meta name="referrer" content="no-referrer">',
    "<META NAME=Referrer CONTENT=unsafe-url>",
    '<meta name="referrer" content="origin" name="x">',
    '<meta http-equiv="x" content="same-origin" name="referrer">',
    "<meta name=referrer content=''>",
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">',
    "<meta http-equiv=content-security-policy content=''>",
    "<meta http-equiv=' CONTENT-SECURITY-POLICY ' content=\"img-src 'none'\">",
    "<noscript>",
    "</noscript>",
    "<template>",
    "</template>",
    "<svg>",
    "</svg>",
    "<svg/>",
    "<math>",
    "</math>",
    "<textarea>",
    "</textarea>",
    "<title>",
    "</title>",
    "<style>",
    "</style>",
    "<xmp>",
    "</xmp>",
    "<iframe>",
    "</iframe>",
    "<noembed>",
    "</noembed>",
    "<noframes>",
    "</noframes>",
    "<!--",
    "-->",
    "--!>",
    "<!-->",
    "<![CDATA[",
    "]]>",
    "<![if !IE]>",
    "<?php echo 1 ?>",
    "<!doctype html>",
    "<p>",
    "<div>",
    "<table>",
    "<a href='>'>",
    "<a b='",
    "'",
    '"',
    ">",
    "<",
    "&amp;",
    "<br/>",
    "</",
    "<!",
    "text",
    "\n",
    "<head>",
    "<body>",
    "<html>",
    "<object>",
    "<b>",
    "</b>",
]


def generate_html(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(HTML_PIECES) for _ in range(rnd.randint(1, 12))) for _ in range(count)]
