"""A web worker stays light: loading every page's code does not pull in the heavy libraries. They
are imported inside the functions that use them (PDF, Excel, probes, fuzzy matching, single sign-on,
the enrolment QR code), so a worker pays for them only when it renders such a file — and the probe
worker is a separate process."""

import subprocess
import sys

from django.conf import settings

HEAVY = (
    "weasyprint",
    "openpyxl",
    "httpx",
    "rapidfuzz",
    "pandas",
    "numpy",
    "requests",
    "qrcode",
    "PIL",
    "jwt",
)

SCRIPT = """
import sys
import django
django.setup()
from django.urls import get_resolver

def walk(patterns):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            walk(p.url_patterns)
        else:
            p.callback

walk(get_resolver().url_patterns)
print(" ".join(m for m in {heavy!r} if m in sys.modules))
"""


def test_loading_every_view_imports_no_heavy_library():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY)],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "swanilai.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [], f"loaded when the URLs load: {result.stdout}"
