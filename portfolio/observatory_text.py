# ruff: noqa: E501 - a table of sentences reads better one per line
"""Each Observatory outcome explained in Indonesian, for pages, notices and `manage.py probe`.

Pure: no Django. The texts stay Indonesian here (they are stored and printed as they are); each is
wrapped in `gettext_noop` so `makemessages` extracts it, and pages pass it through Django's gettext
when they show it, so the reader's language applies there."""

import re
from collections.abc import Callable


def gettext_noop(message: str) -> str:
    """Marks `message` for `makemessages` (xgettext knows the name) without importing Django."""
    return message


TEST_TITLES = {
    "content-security-policy": gettext_noop("Content Security Policy (CSP)"),
    "cookies": gettext_noop("Cookie"),
    "cross-origin-resource-sharing": gettext_noop("Cross-Origin Resource Sharing (CORS)"),
    "redirection": gettext_noop("Pengalihan HTTP ke HTTPS"),
    "referrer-policy": gettext_noop("Referrer-Policy"),
    "strict-transport-security": gettext_noop("Strict-Transport-Security (HSTS)"),
    "subresource-integrity": gettext_noop("Subresource Integrity (SRI)"),
    "x-content-type-options": gettext_noop("X-Content-Type-Options"),
    "x-frame-options": gettext_noop("X-Frame-Options (anti-clickjacking)"),
    "cross-origin-resource-policy": gettext_noop("Cross-Origin-Resource-Policy (CORP)"),
}

EXPLANATIONS = {
    # content-security-policy
    "csp-implemented-with-no-unsafe-default-src-none": gettext_noop(
        "CSP diterapkan dengan default-src 'none' dan tanpa sumber tidak aman. Sangat baik."
    ),
    "csp-implemented-with-no-unsafe": gettext_noop(
        "CSP diterapkan tanpa 'unsafe-inline', 'unsafe-eval' maupun sumber yang terlalu luas."
    ),
    "csp-implemented-with-unsafe-inline-in-style-src-only": gettext_noop(
        "CSP diterapkan, tetapi style-src masih mengizinkan gaya inline atau sumber yang terlalu luas."
    ),
    "csp-implemented-with-insecure-scheme-in-passive-content-only": gettext_noop(
        "CSP mengizinkan gambar atau media lewat http:/ftp: pada situs HTTPS (konten pasif tidak aman)."
    ),
    "csp-implemented-with-unsafe-eval": gettext_noop(
        "CSP mengizinkan 'unsafe-eval' pada script-src atau style-src."
    ),
    "csp-implemented-with-unsafe-inline": gettext_noop(
        "CSP tidak efektif: skrip inline, data: atau sumber yang terlalu luas (mis. * atau https:) diizinkan "
        "di script-src, atau object-src terlalu luas."
    ),
    "csp-implemented-with-insecure-scheme": gettext_noop(
        "CSP mengizinkan sumber http: atau ftp: untuk konten aktif pada situs HTTPS."
    ),
    "csp-implemented-but-duplicate-directives": gettext_noop(
        "CSP diterapkan, tetapi direktif report-uri/report-to ditulis lebih dari sekali."
    ),
    "csp-header-invalid": gettext_noop(
        "Header CSP tidak dapat dibaca (terlalu pendek, direktif berulang, atau 'strict-dynamic' "
        "tanpa nonce/hash)."
    ),
    "csp-not-implemented": gettext_noop(
        "Tidak ada Content Security Policy. Situs lebih rentan terhadap XSS."
    ),
    "csp-not-implemented-but-reporting-enabled": gettext_noop(
        "Hanya ada Content-Security-Policy-Report-Only; kebijakan itu tidak ditegakkan browser."
    ),
    # cookies
    "cookies-secure-with-httponly-sessions-and-samesite": gettext_noop(
        "Semua cookie memakai Secure dan SameSite; cookie sesi memakai HttpOnly."
    ),
    "cookies-secure-with-httponly-sessions": gettext_noop(
        "Semua cookie memakai Secure; cookie sesi memakai HttpOnly (tanpa SameSite)."
    ),
    "cookies-not-found": gettext_noop("Situs tidak memasang cookie."),
    "cookies-without-secure-flag-but-protected-by-hsts": gettext_noop(
        "Ada cookie tanpa atribut Secure, tetapi situs dilindungi HSTS."
    ),
    "cookies-session-without-secure-flag-but-protected-by-hsts": gettext_noop(
        "Cookie sesi tanpa atribut Secure, walau situs dilindungi HSTS."
    ),
    "cookies-without-secure-flag": gettext_noop(
        "Ada cookie tanpa atribut Secure; cookie dapat bocor lewat koneksi HTTP."
    ),
    "cookies-samesite-flag-invalid": gettext_noop(
        "Atribut SameSite cookie tidak sah, atau SameSite=None dipakai tanpa Secure."
    ),
    "cookies-anticsrf-without-samesite-flag": gettext_noop(
        "Cookie anti-CSRF dipasang tanpa atribut SameSite."
    ),
    "cookies-session-without-httponly-flag": gettext_noop(
        "Cookie sesi tanpa HttpOnly: skrip di halaman (termasuk skrip jahat) dapat membacanya."
    ),
    "cookies-session-without-secure-flag": gettext_noop(
        "Cookie sesi tanpa Secure dan situs tanpa HSTS: sesi pengguna dapat dicuri lewat HTTP."
    ),
    # cross-origin-resource-sharing
    "cross-origin-resource-sharing-not-implemented": gettext_noop(
        "Konten tidak dibuka untuk situs lain (CORS tidak dipasang)."
    ),
    "cross-origin-resource-sharing-implemented-with-public-access": gettext_noop(
        "Konten dibuka untuk semua situs (Access-Control-Allow-Origin: *)."
    ),
    "cross-origin-resource-sharing-implemented-with-restricted-access": gettext_noop(
        "Konten dibuka hanya untuk situs tertentu lewat CORS."
    ),
    "cross-origin-resource-sharing-implemented-with-universal-access": gettext_noop(
        "Konten dapat dibaca situs mana pun beserta kredensial pengguna."
    ),
    # redirection
    "redirection-all-redirects-preloaded": gettext_noop(
        "Semua nama host dalam pengalihan ada di daftar pramuat HSTS."
    ),
    "redirection-to-https": gettext_noop("HTTP dialihkan ke HTTPS pada host yang sama."),
    "redirection-not-needed-no-http": gettext_noop(
        "Situs tidak melayani HTTP (port 80 tertutup), jadi pengalihan tidak diperlukan."
    ),
    "redirection-off-host-from-http": gettext_noop(
        "HTTP langsung dialihkan ke HTTPS di host lain; HSTS host asal tidak terpasang."
    ),
    "redirection-not-to-https-on-initial-redirection": gettext_noop(
        "Pengalihan pertama dari HTTP menuju alamat HTTP lain sebelum ke HTTPS."
    ),
    "redirection-not-to-https": gettext_noop("Pengalihan dari HTTP tidak berakhir di HTTPS."),
    "redirection-missing": gettext_noop("Situs melayani HTTP tanpa mengalihkan ke HTTPS."),
    "redirection-invalid-cert": gettext_noop("HTTP dialihkan ke HTTPS yang sertifikatnya tidak sah."),
    # referrer-policy
    "referrer-policy-private": gettext_noop(
        "Referrer-Policy menjaga alamat halaman tidak bocor ke situs lain."
    ),
    "referrer-policy-not-implemented": gettext_noop(
        "Referrer-Policy tidak dipasang; browser memakai bawaan yang cukup aman."
    ),
    "referrer-policy-unsafe": gettext_noop("Referrer-Policy mengizinkan alamat halaman bocor ke situs lain."),
    "referrer-policy-header-invalid": gettext_noop("Nilai Referrer-Policy tidak dikenal."),
    # strict-transport-security
    "hsts-preloaded": gettext_noop("Domain ada di daftar pramuat HSTS browser."),
    "hsts-implemented-max-age-at-least-six-months": gettext_noop(
        "HSTS dipasang dengan max-age minimal enam bulan."
    ),
    "hsts-implemented-max-age-less-than-six-months": gettext_noop(
        "HSTS dipasang, tetapi max-age kurang dari enam bulan."
    ),
    "hsts-not-implemented": gettext_noop("HSTS tidak dipasang; pengguna dapat diarahkan ke versi HTTP."),
    "hsts-header-invalid": gettext_noop(
        "Header HSTS tidak sah (dikirim lebih dari sekali atau tanpa max-age)."
    ),
    "hsts-not-implemented-no-https": gettext_noop("Situs tidak melayani HTTPS, jadi HSTS tidak mungkin."),
    "hsts-invalid-cert": gettext_noop("Sertifikat HTTPS tidak sah, sehingga HSTS tidak berlaku."),
    # subresource-integrity
    "sri-implemented-and-all-scripts-loaded-securely": gettext_noop(
        "Skrip dimuat lewat HTTPS dengan atribut integrity (SRI)."
    ),
    "sri-implemented-and-external-scripts-loaded-securely": gettext_noop(
        "Skrip dari situs lain dimuat lewat HTTPS dengan atribut integrity (SRI)."
    ),
    "sri-not-implemented-response-not-html": gettext_noop("Halaman bukan HTML, jadi SRI tidak diperlukan."),
    "sri-not-implemented-but-no-scripts-loaded": gettext_noop("Halaman tidak memuat skrip."),
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": gettext_noop(
        "Semua skrip berasal dari situs sendiri; SRI tidak diperlukan."
    ),
    "sri-not-implemented-but-external-scripts-loaded-securely": gettext_noop(
        "Skrip dari situs lain dimuat lewat HTTPS tetapi tanpa atribut integrity."
    ),
    "sri-implemented-but-external-scripts-not-loaded-securely": gettext_noop(
        "Skrip dari situs lain memakai integrity tetapi dimuat tanpa HTTPS."
    ),
    "sri-not-implemented-and-external-scripts-not-loaded-securely": gettext_noop(
        "Skrip dari situs lain dimuat tanpa HTTPS dan tanpa integrity: dapat disusupi di jalan."
    ),
    "html-not-parseable": gettext_noop("HTML halaman tidak dapat diurai."),
    # x-content-type-options
    "x-content-type-options-nosniff": gettext_noop("X-Content-Type-Options: nosniff terpasang."),
    "x-content-type-options-not-implemented": gettext_noop("X-Content-Type-Options tidak dipasang."),
    "x-content-type-options-header-invalid": gettext_noop(
        "Nilai X-Content-Type-Options tidak sah (harus nosniff)."
    ),
    # x-frame-options
    "x-frame-options-implemented-via-csp": gettext_noop(
        "Perlindungan bingkai diatur lewat frame-ancestors di CSP."
    ),
    "x-frame-options-sameorigin-or-deny": gettext_noop("X-Frame-Options DENY atau SAMEORIGIN terpasang."),
    "x-frame-options-allow-from-origin": gettext_noop("X-Frame-Options ALLOW-FROM terpasang."),
    "x-frame-options-not-implemented": gettext_noop(
        "X-Frame-Options tidak dipasang; halaman dapat dibingkai situs lain (clickjacking)."
    ),
    "x-frame-options-header-invalid": gettext_noop("Nilai X-Frame-Options tidak sah."),
    # cross-origin-resource-policy
    "corp-implemented-with-same-site": gettext_noop("Cross-Origin-Resource-Policy: same-site terpasang."),
    "corp-implemented-with-same-origin": gettext_noop("Cross-Origin-Resource-Policy: same-origin terpasang."),
    "corp-implemented-with-cross-origin": gettext_noop(
        "Cross-Origin-Resource-Policy: cross-origin (sumber boleh dimuat situs lain)."
    ),
    "corp-header-invalid": gettext_noop("Nilai Cross-Origin-Resource-Policy tidak sah."),
    "corp-not-implemented": gettext_noop("Cross-Origin-Resource-Policy tidak dipasang."),
}

WARNINGS = {
    "cors-origin-echoed-with-credentials": gettext_noop(
        "Peringatan Swanilai: server memantulkan Origin peminta dan mengizinkan kredensial. Observatory 1.4.8 "
        "menilainya 0, padahal situs mana pun dapat membaca data pengguna yang masuk. Perbaiki konfigurasi CORS."
    ),
    "certificate-invalid": gettext_noop(
        "Peringatan Swanilai: sertifikat HTTPS tidak sah; header tetap dinilai dari koneksi tanpa verifikasi."
    ),
}

# Why there is no grade. Stored as written here; `localize_error` finds the message again for display.
ERRORS = {
    "site-down": gettext_noop("Tidak ada jawaban dari HTTP maupun HTTPS; nilai tidak dapat dihitung."),
    "status-": gettext_noop(
        "Halaman utama menjawab status %(status)s; Observatory hanya menilai jawaban 2xx, 3xx, 401 atau 403."
    ),
    "scan-failed": gettext_noop(
        "Observatory berhenti dengan galat saat membaca halaman (mis. alamat skrip yang tidak dapat diurai), jadi nilai tidak dapat dihitung."
    ),
    "blocked": gettext_noop("Pemeriksaan diblokir oleh aturan keamanan probe."),
}
# What the probe stores when it refused the URL itself (probe.py, demo.py).
PROBE_BLOCKED = gettext_noop("Tidak dinilai karena probe diblokir: %(reason)s")


def explain(outcome: str) -> str:
    return EXPLANATIONS.get(outcome, outcome)


def explain_error(error: str) -> str:
    """Why there is no grade, in Indonesian."""
    if error.startswith("status-"):
        return ERRORS["status-"] % {"status": error[7:]}
    if error.startswith("blocked"):
        return ERRORS["blocked"]
    return ERRORS.get(error, error)


def _stored_form(message: str) -> re.Pattern:
    """A pattern matching `message` as stored, each %(name)s placeholder captured by name."""
    parts = re.split(r"%\((\w+)\)s", message)
    return re.compile(
        "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+)" for i, part in enumerate(parts)),
        re.DOTALL,
    )


_STORED_FORMS = [(message, _stored_form(message)) for message in [*ERRORS.values(), PROBE_BLOCKED]]


def localize_error(text: str, translate: Callable[[str], str]) -> str:
    """A stored grade error (`explain_error`, `PROBE_BLOCKED`) in the reader's language.

    `translate` is Django's gettext, handed in so this module stays pure. The stored Indonesian
    text is matched against each message, its parameters (a status code, the probe's refusal) are
    kept as they were; a text that is none of these comes back unchanged."""
    for message, form in _STORED_FORMS:
        match = form.fullmatch(text)
        if match:
            translated = translate(message)
            return translated % match.groupdict() if match.groupdict() else translated
    return text
