"""Near-copy detection and its threshold, pure: no database."""

from review.textmatch import MIN_LENGTH, THRESHOLD, Text, near_copies

BASE = (
    "Peraturan Bupati Sukamaju Nomor 12 Tahun 2025 tentang Penyelenggaraan SPBE di lingkungan {unit}, "
    "Pasal 4 halaman 6. Dokumen telah ditetapkan dan memuat arsitektur SPBE unit serta peta rencana yang "
    "direviu setiap tahun oleh tim."
)
COPIES = [  # a copy with the unit name swapped, renumbered, or one phrase reworded
    BASE.format(unit="Dinas Pendidikan").replace("Nomor 12", "Nomor 14").replace("Pasal 4", "Pasal 5"),
    BASE.format(unit="Dinas Sosial").replace("telah ditetapkan dan memuat", "sudah ditetapkan serta memuat"),
]
INDEPENDENT = [  # the same indicator, written by someone else, sharing the usual vocabulary
    "SK Kepala Dinas Pendidikan No. 800/112/Disdik/2025 tentang Tim SPBE halaman 2; notulen rapat "
    "evaluasi triwulan. Kebijakan internal arsitektur belum ditetapkan, baru draf yang dibahas bersama "
    "Diskominfosantik.",
    "Peraturan Bupati Sukamaju Nomor 12 Tahun 2025 Pasal 4, halaman 6; Surat Edaran Sekda tentang SPBE. "
    "Kebijakan arsitektur SPBE telah diterapkan pada seluruh layanan dinas dan dievaluasi berkala melalui "
    "rapat koordinasi.",
]


def texts(*others, group=16):
    return [Text("dinkes", group, "Dinkes", BASE.format(unit="Dinas Kesehatan"))] + [
        Text(f"other{n}", group, f"unit{n}", text) for n, text in enumerate(others)
    ]


def test_copies_are_found_above_the_threshold():
    matches = near_copies(texts(*COPIES), only={"dinkes"})
    assert sorted(m.other for m in matches) == ["other0", "other1"]
    assert all(m.score >= THRESHOLD for m in matches)


def test_independent_explanations_are_not():
    assert near_copies(texts(*INDEPENDENT)) == []


def test_short_texts_same_unit_and_other_indicators_are_ignored():
    short = "Perbup 12/2025 tentang SPBE."
    assert len(short) < MIN_LENGTH
    assert near_copies([Text(1, 16, "a", short), Text(2, 16, "b", short)]) == []
    same_unit = [Text(1, 16, "a", BASE), Text(2, 16, "a", BASE)]
    assert near_copies(same_unit) == []
    other_indicator = [Text(1, 16, "a", BASE), Text(2, 17, "b", BASE)]
    assert near_copies(other_indicator) == []
