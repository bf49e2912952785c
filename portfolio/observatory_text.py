# ruff: noqa: E501 - a table of sentences reads better one per line
"""Each Observatory outcome explained in Indonesian, for pages, notices and `manage.py probe`.
Pure: no Django (the texts are Indonesian first, as the product is)."""

TEST_TITLES = {
    "content-security-policy": "Content Security Policy (CSP)",
    "cookies": "Cookie",
    "cross-origin-resource-sharing": "Cross-Origin Resource Sharing (CORS)",
    "redirection": "Pengalihan HTTP ke HTTPS",
    "referrer-policy": "Referrer-Policy",
    "strict-transport-security": "Strict-Transport-Security (HSTS)",
    "subresource-integrity": "Subresource Integrity (SRI)",
    "x-content-type-options": "X-Content-Type-Options",
    "x-frame-options": "X-Frame-Options (anti-clickjacking)",
    "cross-origin-resource-policy": "Cross-Origin-Resource-Policy (CORP)",
}

EXPLANATIONS = {
    # content-security-policy
    "csp-implemented-with-no-unsafe-default-src-none": "CSP diterapkan dengan default-src 'none' dan tanpa sumber tidak aman. Sangat baik.",
    "csp-implemented-with-no-unsafe": "CSP diterapkan tanpa 'unsafe-inline', 'unsafe-eval' maupun sumber yang terlalu luas.",
    "csp-implemented-with-unsafe-inline-in-style-src-only": "CSP diterapkan, tetapi style-src masih mengizinkan gaya inline atau sumber yang terlalu luas.",
    "csp-implemented-with-insecure-scheme-in-passive-content-only": "CSP mengizinkan gambar atau media lewat http:/ftp: pada situs HTTPS (konten pasif tidak aman).",
    "csp-implemented-with-unsafe-eval": "CSP mengizinkan 'unsafe-eval' pada script-src atau style-src.",
    "csp-implemented-with-unsafe-inline": "CSP tidak efektif: skrip inline, data: atau sumber yang terlalu luas (mis. * atau https:) diizinkan "
    "di script-src, atau object-src terlalu luas.",
    "csp-implemented-with-insecure-scheme": "CSP mengizinkan sumber http: atau ftp: untuk konten aktif pada situs HTTPS.",
    "csp-implemented-but-duplicate-directives": "CSP diterapkan, tetapi direktif report-uri/report-to ditulis lebih dari sekali.",
    "csp-header-invalid": "Header CSP tidak dapat dibaca (terlalu pendek, direktif berulang, atau 'strict-dynamic' "
    "tanpa nonce/hash).",
    "csp-not-implemented": "Tidak ada Content Security Policy. Situs lebih rentan terhadap XSS.",
    "csp-not-implemented-but-reporting-enabled": "Hanya ada Content-Security-Policy-Report-Only; kebijakan itu tidak ditegakkan browser.",
    # cookies
    "cookies-secure-with-httponly-sessions-and-samesite": "Semua cookie memakai Secure dan SameSite; cookie sesi memakai HttpOnly.",
    "cookies-secure-with-httponly-sessions": "Semua cookie memakai Secure; cookie sesi memakai HttpOnly (tanpa SameSite).",
    "cookies-not-found": "Situs tidak memasang cookie.",
    "cookies-without-secure-flag-but-protected-by-hsts": "Ada cookie tanpa atribut Secure, tetapi situs dilindungi HSTS.",
    "cookies-session-without-secure-flag-but-protected-by-hsts": "Cookie sesi tanpa atribut Secure, walau situs dilindungi HSTS.",
    "cookies-without-secure-flag": "Ada cookie tanpa atribut Secure; cookie dapat bocor lewat koneksi HTTP.",
    "cookies-samesite-flag-invalid": "Atribut SameSite cookie tidak sah, atau SameSite=None dipakai tanpa Secure.",
    "cookies-anticsrf-without-samesite-flag": "Cookie anti-CSRF dipasang tanpa atribut SameSite.",
    "cookies-session-without-httponly-flag": "Cookie sesi tanpa HttpOnly: skrip di halaman (termasuk skrip jahat) dapat membacanya.",
    "cookies-session-without-secure-flag": "Cookie sesi tanpa Secure dan situs tanpa HSTS: sesi pengguna dapat dicuri lewat HTTP.",
    # cross-origin-resource-sharing
    "cross-origin-resource-sharing-not-implemented": "Konten tidak dibuka untuk situs lain (CORS tidak dipasang).",
    "cross-origin-resource-sharing-implemented-with-public-access": "Konten dibuka untuk semua situs (Access-Control-Allow-Origin: *).",
    "cross-origin-resource-sharing-implemented-with-restricted-access": "Konten dibuka hanya untuk situs tertentu lewat CORS.",
    "cross-origin-resource-sharing-implemented-with-universal-access": "Konten dapat dibaca situs mana pun beserta kredensial pengguna.",
    # redirection
    "redirection-all-redirects-preloaded": "Semua nama host dalam pengalihan ada di daftar pramuat HSTS.",
    "redirection-to-https": "HTTP dialihkan ke HTTPS pada host yang sama.",
    "redirection-not-needed-no-http": "Situs tidak melayani HTTP (port 80 tertutup), jadi pengalihan tidak diperlukan.",
    "redirection-off-host-from-http": "HTTP langsung dialihkan ke HTTPS di host lain; HSTS host asal tidak terpasang.",
    "redirection-not-to-https-on-initial-redirection": "Pengalihan pertama dari HTTP menuju alamat HTTP lain sebelum ke HTTPS.",
    "redirection-not-to-https": "Pengalihan dari HTTP tidak berakhir di HTTPS.",
    "redirection-missing": "Situs melayani HTTP tanpa mengalihkan ke HTTPS.",
    "redirection-invalid-cert": "HTTP dialihkan ke HTTPS yang sertifikatnya tidak sah.",
    # referrer-policy
    "referrer-policy-private": "Referrer-Policy menjaga alamat halaman tidak bocor ke situs lain.",
    "referrer-policy-not-implemented": "Referrer-Policy tidak dipasang; browser memakai bawaan yang cukup aman.",
    "referrer-policy-unsafe": "Referrer-Policy mengizinkan alamat halaman bocor ke situs lain.",
    "referrer-policy-header-invalid": "Nilai Referrer-Policy tidak dikenal.",
    # strict-transport-security
    "hsts-preloaded": "Domain ada di daftar pramuat HSTS browser.",
    "hsts-implemented-max-age-at-least-six-months": "HSTS dipasang dengan max-age minimal enam bulan.",
    "hsts-implemented-max-age-less-than-six-months": "HSTS dipasang, tetapi max-age kurang dari enam bulan.",
    "hsts-not-implemented": "HSTS tidak dipasang; pengguna dapat diarahkan ke versi HTTP.",
    "hsts-header-invalid": "Header HSTS tidak sah (dikirim lebih dari sekali atau tanpa max-age).",
    "hsts-not-implemented-no-https": "Situs tidak melayani HTTPS, jadi HSTS tidak mungkin.",
    "hsts-invalid-cert": "Sertifikat HTTPS tidak sah, sehingga HSTS tidak berlaku.",
    # subresource-integrity
    "sri-implemented-and-all-scripts-loaded-securely": "Skrip dimuat lewat HTTPS dengan atribut integrity (SRI).",
    "sri-implemented-and-external-scripts-loaded-securely": "Skrip dari situs lain dimuat lewat HTTPS dengan atribut integrity (SRI).",
    "sri-not-implemented-response-not-html": "Halaman bukan HTML, jadi SRI tidak diperlukan.",
    "sri-not-implemented-but-no-scripts-loaded": "Halaman tidak memuat skrip.",
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": "Semua skrip berasal dari situs sendiri; SRI tidak diperlukan.",
    "sri-not-implemented-but-external-scripts-loaded-securely": "Skrip dari situs lain dimuat lewat HTTPS tetapi tanpa atribut integrity.",
    "sri-implemented-but-external-scripts-not-loaded-securely": "Skrip dari situs lain memakai integrity tetapi dimuat tanpa HTTPS.",
    "sri-not-implemented-and-external-scripts-not-loaded-securely": "Skrip dari situs lain dimuat tanpa HTTPS dan tanpa integrity: dapat disusupi di jalan.",
    "html-not-parseable": "HTML halaman tidak dapat diurai.",
    # x-content-type-options
    "x-content-type-options-nosniff": "X-Content-Type-Options: nosniff terpasang.",
    "x-content-type-options-not-implemented": "X-Content-Type-Options tidak dipasang.",
    "x-content-type-options-header-invalid": "Nilai X-Content-Type-Options tidak sah (harus nosniff).",
    # x-frame-options
    "x-frame-options-implemented-via-csp": "Perlindungan bingkai diatur lewat frame-ancestors di CSP.",
    "x-frame-options-sameorigin-or-deny": "X-Frame-Options DENY atau SAMEORIGIN terpasang.",
    "x-frame-options-allow-from-origin": "X-Frame-Options ALLOW-FROM terpasang.",
    "x-frame-options-not-implemented": "X-Frame-Options tidak dipasang; halaman dapat dibingkai situs lain (clickjacking).",
    "x-frame-options-header-invalid": "Nilai X-Frame-Options tidak sah.",
    # cross-origin-resource-policy
    "corp-implemented-with-same-site": "Cross-Origin-Resource-Policy: same-site terpasang.",
    "corp-implemented-with-same-origin": "Cross-Origin-Resource-Policy: same-origin terpasang.",
    "corp-implemented-with-cross-origin": "Cross-Origin-Resource-Policy: cross-origin (sumber boleh dimuat situs lain).",
    "corp-header-invalid": "Nilai Cross-Origin-Resource-Policy tidak sah.",
    "corp-not-implemented": "Cross-Origin-Resource-Policy tidak dipasang.",
}

WARNINGS = {
    "cors-origin-echoed-with-credentials": "Peringatan Swanilai: server memantulkan Origin peminta dan mengizinkan kredensial. Observatory 1.4.8 "
    "menilainya 0, padahal situs mana pun dapat membaca data pengguna yang masuk. Perbaiki konfigurasi CORS.",
    "certificate-invalid": "Peringatan Swanilai: sertifikat HTTPS tidak sah; header tetap dinilai dari koneksi tanpa verifikasi.",
}


def explain(outcome: str) -> str:
    return EXPLANATIONS.get(outcome, outcome)


def explain_error(error: str) -> str:
    """Why there is no grade, in Indonesian."""
    if error == "site-down":
        return "Tidak ada jawaban dari HTTP maupun HTTPS; nilai tidak dapat dihitung."
    if error.startswith("status-"):
        return (
            f"Halaman utama menjawab status {error[7:]}; Observatory hanya menilai jawaban 2xx, 3xx, 401 "
            f"atau 403."
        )
    if error == "scan-failed":
        return (
            "Observatory berhenti dengan galat saat membaca halaman (mis. alamat skrip yang tidak dapat "
            "diurai), jadi nilai tidak dapat dihitung."
        )
    if error.startswith("blocked"):
        return "Pemeriksaan diblokir oleh aturan keamanan probe."
    return error
