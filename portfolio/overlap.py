"""Which applications probably do the same job, and which duplicate a national application.
Pure: no Django. Fuzzy matching (rapidfuzz) on names and purposes after Indonesian-aware
normalisation: filler words ("aplikasi", "sistem informasi", "online", the institution's own
name) go, common synonyms and acronyms fold together ("SIMPEG", "kepegawaian", "ASN" → pegawai).

Groups are formed from pairs above a threshold (similar names; or similar purposes within the
same service area; or both moderately similar) and joined transitively; each group carries the
reasons it was formed, pair by pair.
"""

import re
from dataclasses import dataclass, field

from portfolio.classification import NationalApp

FILLER = """
aplikasi sistem informasi system information app apps si sim e online berbasis elektronik
digital layanan pelayanan dan untuk di ke dari yang pada dengan serta atau kabupaten kab kota provinsi
pemerintah pemkab pemkot pemprov daerah dinas badan bagian kantor mobile android versi baru manajemen terpadu
terintegrasi smart go id www http https
"""
STOPWORDS = set(FILLER.split())
SYNONYMS = {
    "pegawai": "pegawai kepegawaian asn pns aparatur simpeg sipeg karyawan",
    "arsip": "arsip kearsipan surat persuratan naskah esurat eoffice office disposisi",
    "aduan": "aduan pengaduan keluhan lapor aspirasi",
    "izin": "izin ijin perizinan perijinan sicantik",
    "anggaran": "anggaran penganggaran budgeting ebudgeting",
    "rencana": "rencana perencanaan planning eplanning",
    "kinerja": "kinerja ekinerja skp",
    "siswa": "siswa murid didik",
    "pendidikan": "pendidikan sekolah",
    "ppdb": "ppdb spmb",
    "sehat": "sehat kesehatan",
    "puskesmas": "puskesmas simpus epuskesmas",
    "website": "website web situs portal profil",
    "penduduk": "penduduk kependudukan adminduk warga",
    "bantuan": "bantuan bansos",
    "kerja": "kerja pekerjaan loker lowongan naker ketenagakerjaan",
    "pengadaan": "pengadaan lelang tender eprocurement lpse",
    "presensi": "presensi absensi absen kehadiran",
    "aset": "aset bmd inventaris",
    "hukum": "hukum jdih peraturan",
}
CANONICAL = {word: root for root, words in SYNONYMS.items() for word in words.split()}
NAME_THRESHOLD = 85
PURPOSE_THRESHOLD = 75
BOTH_THRESHOLD = (75, 65)


@dataclass(frozen=True)
class AppText:
    id: int
    name: str
    purpose: str = ""
    ral_code: str = ""
    raa_code: str = ""


@dataclass
class Group:
    kind: str  # "similar" or "national"
    member_ids: list[int]
    reason: str
    score: int
    national_code: str = ""
    pairs: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        ids = "-".join(str(i) for i in sorted(self.member_ids))
        return f"{self.kind}:{self.national_code}:{ids}"[:200]


def normalise(text: str, extra_stopwords: frozenset = frozenset()) -> str:
    """Lower-case words with filler removed and synonyms folded; "e-Kinerja" → "kinerja"."""
    words = []
    for word in re.findall(r"[a-z0-9]+", re.sub(r"\be-", "e", text.lower())):
        word = CANONICAL.get(word, word)
        if word.startswith("e") and word[1:] in CANONICAL:
            word = CANONICAL[word[1:]]
        if word not in STOPWORDS and word not in extra_stopwords and len(word) > 1:
            words.append(word)
    return " ".join(dict.fromkeys(words))


def name_similarity(a: str, b: str) -> int:
    """Token-order-free similarity of normalised texts. A subset match (token_set_ratio) counts
    only when the texts share two or more words; otherwise one common word like "pegawai" would
    make "Cuti Pegawai" equal to every "… pegawai …"."""
    if not a or not b:
        return 0
    from rapidfuzz import fuzz  # here, not at import: web workers that never compare stay light

    score = fuzz.token_sort_ratio(a, b)
    if len(set(a.split()) & set(b.split())) >= 2:
        score = max(score, fuzz.token_set_ratio(a, b))
    return round(score)


@dataclass
class _Prepared:
    app: AppText
    name: str
    purpose: str


def _pair_reason(x: _Prepared, y: _Prepared, ral_labels: dict) -> tuple[int, str] | None:
    name = name_similarity(x.name, y.name)
    purpose = name_similarity(x.purpose, y.purpose)
    same_area = bool(x.app.ral_code) and x.app.ral_code == y.app.ral_code
    parts = []
    if name >= NAME_THRESHOLD:
        parts.append(f"nama mirip ({name}%)")
    if purpose >= PURPOSE_THRESHOLD and same_area:
        parts.append(
            f"tujuan mirip ({purpose}%) di area layanan yang sama "
            f"({ral_labels.get(x.app.ral_code, x.app.ral_code)})"
        )
    elif name >= BOTH_THRESHOLD[0] and purpose >= BOTH_THRESHOLD[1] and not parts:
        parts.append(f"nama ({name}%) dan tujuan ({purpose}%) cukup mirip")
    if not parts:
        return None
    if same_area and "area layanan" not in parts[0]:
        parts.append(f"area layanan sama ({ral_labels.get(x.app.ral_code, x.app.ral_code)})")
    return max(name, purpose), f"“{x.app.name}” ~ “{y.app.name}”: " + ", ".join(parts)


def _components(ids: list[int], edges: list[tuple[int, int]]) -> list[list[int]]:
    parent = {i: i for i in ids}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def similar_groups(apps: list[AppText], extra_stopwords=frozenset(), ral_labels=None) -> list[Group]:
    """Groups of local applications that probably do the same job. Shared national applications
    (RAA 01) are left out: using them is the goal, not an overlap."""
    ral_labels = ral_labels or {}
    prepared = [
        _Prepared(a, normalise(a.name, extra_stopwords), normalise(a.purpose, extra_stopwords))
        for a in apps
        if not a.raa_code.startswith("01")
    ]
    edges, reasons = [], {}
    for i, x in enumerate(prepared):
        for y in prepared[i + 1 :]:
            found = _pair_reason(x, y, ral_labels)
            if found:
                edges.append((x.app.id, y.app.id))
                reasons[(x.app.id, y.app.id)] = found
    groups = []
    for members in _components([p.app.id for p in prepared], edges):
        found = [reasons[e] for e in edges if e[0] in members]
        pairs = [text for _s, text in found]
        groups.append(
            Group(
                "similar",
                members,
                "Kemungkinan tumpang tindih: " + "; ".join(pairs) + ".",
                max(s for s, _t in found),
                pairs=pairs,
            )
        )
    return groups


SPELLING = {"ijin": "izin", "perijinan": "perizinan", "pengijinan": "perizinan", "eoffice": "e office"}


def _keyword_hit(keyword: str, text: str) -> bool:
    """The keyword as whole words (after folding common spelling variants such as ijin/izin).
    Deliberately not fuzzy: a near miss like "manajemen aset" ≈ "manajemen asn" is a different job."""
    if not keyword or not text:
        return False
    return f" {_spelling(keyword)} " in f" {_spelling(text)} "


def _spelling(text: str) -> str:
    return " ".join(SPELLING.get(w, w) for w in text.split())


def plain(text: str) -> str:
    """Lower-case words only, nothing folded: keywords of national applications are matched on
    the words as written ("surat masuk", not every "surat")."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def national_matches(app: AppText, national: NationalApp) -> list[str]:
    """Why `app` looks like a local copy of `national` (empty: it does not, or it is a shared
    application / the national application itself, recognised by RAA 01 or by its name)."""
    if app.raa_code.startswith("01"):
        return []
    name, purpose = plain(app.name), plain(app.purpose)
    if any(f" {plain(alias)} " in f" {name} " for alias in national.aliases):
        return []
    hits = []
    for keyword in national.keywords:
        key = plain(keyword)
        if _keyword_hit(key, name):
            hits.append(f"nama memuat “{keyword}”")
        elif _keyword_hit(key, purpose):
            hits.append(f"tujuan memuat “{keyword}”")
    return list(dict.fromkeys(hits))[:3]


def national_groups(apps: list[AppText], nationals) -> list[Group]:
    groups = []
    for national in nationals:
        members, lines = [], []
        for app in apps:
            hits = national_matches(app, national)
            if hits:
                members.append(app.id)
                lines.append(f"“{app.name}”: {', '.join(hits)}")
        if members:
            reason = (
                f"Kemungkinan menduplikasi aplikasi nasional {national.name} ({national.purpose}; "
                f"pengelola {national.owner}). Instansi wajib memakai aplikasi nasional bila tersedia. "
                + "; ".join(lines)
                + "."
            )
            groups.append(
                Group("national", sorted(members), reason, 100, national_code=national.code, pairs=lines)
            )
    return groups
