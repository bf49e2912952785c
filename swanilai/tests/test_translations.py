"""The English catalogue is complete and compiled: every string the code marks for translation has
an English text, none is fuzzy, and the committed .mo says what the .po says.

The check extracts the strings again exactly as `make messages` does, in a copy of each app, so a new
or changed string without an English text fails here with its msgid."""

import gettext
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

APPS = [
    "accounts",
    "api",
    "assessment",
    "audit",
    "capacity",
    "insight",
    "instrument",
    "orgs",
    "portfolio",
    "review",
    "swanilai",
]

pytestmark = pytest.mark.skipif(shutil.which("msgattrib") is None, reason="GNU gettext is not installed")


def catalogue(app):
    return settings.BASE_DIR / app / "locale" / "en" / "LC_MESSAGES"


def msgids_of(po_text: str) -> list[str]:
    return [line for line in po_text.splitlines() if line.startswith(("msgctxt ", "msgid ", "msgid_plural "))]


@pytest.mark.parametrize("app", APPS)
def test_every_string_has_an_english_text(app, tmp_path):
    copy = tmp_path / app
    shutil.copytree(
        settings.BASE_DIR / app,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"),
    )
    subprocess.run(
        [
            sys.executable,
            settings.BASE_DIR / "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    po = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", po], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", po], capture_output=True, text=True, check=True
    ).stdout
    missing = [m for m in msgids_of(untranslated) + msgids_of(fuzzy) if m != 'msgid ""']
    assert not missing, f"{app}: without English text (run `make messages` and translate):\n" + "\n".join(
        missing[:30]
    )


@pytest.mark.parametrize("app", APPS)
def test_compiled_catalogue_matches_its_source(app, tmp_path):
    folder = catalogue(app)
    subprocess.run(["msgfmt", "--check", "-o", tmp_path / "fresh.mo", folder / "django.po"], check=True)
    with (folder / "django.mo").open("rb") as committed, (tmp_path / "fresh.mo").open("rb") as fresh:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            f"{app}: django.mo is older than django.po (run `make messages`)"
        )
