"""End-to-end part of the differential check: local HTTP and HTTPS servers, scanned by the
scanner's own retriever (through scanner_harness.mjs) and by Swanilai's probe. This covers what
the analyzer-level cases cannot: which requests are made, how redirects and the CORS preflight
are followed, how headers and bodies arrive. Loopback only."""

import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network
from pathlib import Path

from portfolio import probe
from portfolio.localservers import free_port, issue, make_ca
from portfolio.webparse import PreloadList

HOST = "127.0.0.1"
HTML = [("Content-Type", "text/html")]


def page(status=200, headers=(), body="<!doctype html><p>x</p>"):
    return {"status": status, "headers": list(headers), "body": body}


def redirect(to, status=301, headers=()):
    return page(status, [("Location", to), *headers], "")


# Each scenario: what the HTTP and HTTPS servers answer, by (method, path); None: port closed.
# "{http}" and "{https}" in header values become the servers' base URLs (without the last "/").
SCENARIOS = {
    "baseline": {
        "http": {("GET", "/"): redirect("{https}/")},
        "https": {("GET", "/"): page(headers=[*HTML, ("X-Frame-Options", "DENY")])},
    },
    "preflight-405": {
        "https": {
            ("GET", "/"): page(headers=HTML),
            ("OPTIONS", "/"): page(405, [("Access-Control-Allow-Origin", "*")], ""),
        },
    },
    "preflight-redirected": {
        "https": {
            ("GET", "/"): page(headers=HTML),
            ("OPTIONS", "/"): redirect("/cors", 301),
            ("OPTIONS", "/cors"): page(204, [("Access-Control-Allow-Origin", "*")], ""),
        },
    },
    "preflight-303-becomes-get": {
        "https": {
            ("GET", "/"): page(headers=HTML),
            ("OPTIONS", "/"): redirect("/cors", 303),
            ("GET", "/cors"): page(200, [("Access-Control-Allow-Origin", "https://a.example")], ""),
        },
    },
    "redirect-without-location": {
        "http": {("GET", "/"): redirect("{https}/")},
        "https": {
            ("GET", "/"): page(302, [], ""),
            ("GET", "/undefined"): page(headers=[*HTML, ("X-Frame-Options", "DENY")]),
        },
    },
    "redirect-to-ftp": {
        "http": {("GET", "/"): page(headers=[*HTML, ("X-Content-Type-Options", "nosniff")])},
        "https": {("GET", "/"): redirect("ftp://files.example/")},
    },
    "two-location-headers": {
        "http": {("GET", "/"): page(301, [("Location", "{https}/a"), ("Location", "{https}/b")], "")},
        "https": {
            ("GET", "/"): page(headers=HTML),
            ("GET", "/a"): page(headers=HTML),
            ("GET", "/b"): page(headers=[*HTML, ("Strict-Transport-Security", "max-age=63072000")]),
        },
    },
    "location-with-backslashes": {
        "http": {("GET", "/"): redirect("{https_backslashed}\\beranda")},
        "https": {("GET", "/beranda"): page(headers=HTML), ("GET", "/"): page(404)},
    },
    "location-same-scheme-relative": {
        "http": {("GET", "/"): redirect("http:beranda"), ("GET", "/beranda"): page(headers=HTML)},
    },
    "repeated-headers": {
        "https": {
            ("GET", "/"): page(
                headers=[
                    ("Content-Type", "text/plain"),
                    ("Content-Type", "text/html"),
                    ("Content-Security-Policy", "default-src 'self'"),
                    ("Content-Security-Policy", "img-src 'none'"),
                    ("X-Frame-Options", "DENY"),
                    ("X-Frame-Options", "DENY"),
                    ("Strict-Transport-Security", "max-age=63072000"),
                    ("Strict-Transport-Security", "max-age=63072000"),
                ]
            )
        },
    },
    "cookies-along-the-chain": {
        "https": {
            ("GET", "/"): redirect(
                "/masuk?next=/a/b", 302, [("Set-Cookie", "sessionid=1; Secure; HttpOnly")]
            ),
            ("GET", "/masuk"): page(headers=[*HTML, ("Set-Cookie", "sessionid=2; Path=/")]),
        },
    },
    "redirect-loop": {
        "http": {("GET", "/"): redirect("/")},
        "https": {("GET", "/"): redirect("/", 302, [("Set-Cookie", "a=1")])},
    },
    "no-http-listener": {
        "http": None,
        "https": {("GET", "/"): page(headers=HTML)},
    },
    "http-only": {
        "http": {("GET", "/"): page(headers=[*HTML, ("Set-Cookie", "PHPSESSID=1")])},
        "https": None,
    },
    "charset-latin1-body": {
        "https": {
            ("GET", "/"): page(
                headers=[("Content-Type", "text/html; charset=iso-8859-1")],
                body='<p>caf\u00e9</p><script src="http://cdn.example.com/a.js"></script>',
            )
        },
    },
    "preflight-to-the-final-url": {
        "https": {
            ("GET", "/"): redirect("/beranda", 302),
            ("GET", "/beranda"): page(headers=HTML),
            ("OPTIONS", "/"): page(204, [], ""),
            ("OPTIONS", "/beranda"): page(204, [("Access-Control-Allow-Origin", "*")], ""),
        },
    },
    "json-body-served-as-html": {
        "https": {
            ("GET", "/"): page(headers=HTML, body="[\"<script src='http://cdn.example.com/x.js'></script>\"]")
        },
    },
    "empty-location": {
        "https": {
            ("GET", "/"): page(301, [("Location", ""), ("Content-Security-Policy", "default-src 'none'")], "")
        },
    },
    "eleven-redirects": {
        "https": {
            **{("GET", f"/{i}" if i else "/"): redirect(f"/{i + 1}", 302) for i in range(11)},
            ("GET", "/11"): page(headers=[*HTML, ("Set-Cookie", "sessionid=1")]),
        },
    },
    "self-signed-robots-cookie": {
        "cert": "self",
        "https": {
            ("GET", "/"): page(headers=HTML),
            ("GET", "/robots.txt"): page(200, [("Set-Cookie", "sessionid=1; Secure")], "User-agent: *"),
            ("OPTIONS", "/"): page(204, [], ""),
            ("OPTIONS", "/robots.txt"): page(204, [("Access-Control-Allow-Origin", "*")], ""),
        },
    },
    "self-signed-robots-missing": {
        "cert": "self",
        "https": {
            ("GET", "/"): page(headers=HTML),
            ("GET", "/robots.txt"): page(404, [("Set-Cookie", "sessionid=1; Secure")], ""),
            ("OPTIONS", "/"): page(204, [("Access-Control-Allow-Origin", "*")], ""),
            ("OPTIONS", "/robots.txt"): page(204, [], ""),
        },
    },
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _answer(self):
        routes, path = self.server.routes, self.path.split("?")[0]
        spec = routes.get((self.command, path)) or routes.get(("GET", path)) or page(404, [], "")
        body = spec["body"].encode() if self.command != "HEAD" else b""
        self.send_response(spec["status"])
        for name, value in spec["headers"]:
            self.send_header(name, value.format(**self.server.bases))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_OPTIONS = do_HEAD = _answer  # noqa: N815 - the http.server API


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes, bases, tls):
        self.routes, self.bases, self.tls = routes, bases, tls
        super().__init__((HOST, 0), _Handler)

    def get_request(self):
        sock, address = super().get_request()
        return (self.tls.wrap_socket(sock, server_side=True) if self.tls else sock), address

    def handle_error(self, request, client_address):
        pass


class Certificates:
    def __init__(self, folder: Path):
        ca = make_ca("Observatory compare CA")
        self.ca_file = folder / "ca.crt"
        self.ca_file.write_bytes(ca.cert_pem())
        self.files = {
            "valid": issue(ca, [HOST]).write(folder, "valid"),
            "self": issue(None, [HOST]).write(folder, "self"),
        }

    def context(self, kind: str) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*self.files[kind])
        return context


def start(scenario: dict, certificates: Certificates) -> tuple[dict, list]:
    """Servers for one scenario; returns the ports and the servers to shut down."""
    ports, servers, bases = {"http": free_port(), "https": free_port()}, [], {}
    specs = {
        "http": scenario.get("http", {}),
        "https": scenario.get("https", {("GET", "/"): page(headers=HTML)}),
    }
    built = {}
    for scheme in ("http", "https"):
        if specs[scheme] is None:
            continue
        tls = certificates.context(scenario.get("cert", "valid")) if scheme == "https" else None
        built[scheme] = _Server(specs[scheme], bases, tls)
        ports[scheme] = built[scheme].server_address[1]
    bases.update(
        http=f"http://{HOST}:{ports['http']}",
        https=f"https://{HOST}:{ports['https']}",
        https_backslashed=f"https:\\\\{HOST}:{ports['https']}",
    )
    for server in built.values():
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
    return ports, servers


def ours(ports: dict, certificates: Certificates) -> dict:
    options = probe.ProbeOptions(
        allowed_networks=(ip_network("127.0.0.0/8"),),
        ca_file=str(certificates.ca_file),
        connect_timeout=3,
        read_timeout=5,
        deadline=8,
        http_port=ports["http"],
        https_port=ports["https"],
        preloaded=PreloadList([]),
    )
    return probe.grade_host(f"https://{HOST}:{ports['https']}/", options)


def run(compare_module, scanner: Path) -> list[tuple[str, list[str]]]:
    """Every scenario through both; (name, differences) for those that disagree."""
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        certificates = Certificates(Path(folder))
        env = {"NODE_EXTRA_CA_CERTS": str(certificates.ca_file)}
        for name, scenario in SCENARIOS.items():
            ports, servers = start(scenario, certificates)
            try:
                request = {
                    "id": name,
                    "live": {"host": HOST, "httpPort": ports["http"], "httpsPort": ports["https"]},
                }
                answer = compare_module.run_scanner(scanner, [request], env)[name]
                mine = compare_module.grade_summary(ours(ports, certificates))
            finally:
                for server in servers:
                    server.shutdown()
                    server.server_close()
            found = compare_module.differences(mine, compare_module.theirs(answer))
            if found:
                problems.append((name, found))
    return problems
