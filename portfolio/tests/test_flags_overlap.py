"""The pure rules: dormant/insecure flags with their explanations, and overlap detection on
Indonesian names and purposes."""

from datetime import UTC, date, datetime, timedelta

from portfolio import flags, overlap
from portfolio.classification import national_apps, ral_codes
from portfolio.flags import AppFacts, LatestProbe, Rules

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def facts(**kwargs):
    defaults = dict(lifecycle="production", has_owner=True, last_updated=date(2026, 3, 1))
    return AppFacts(**(defaults | kwargs))


def probe(**kwargs):
    return LatestProbe(**(dict(at=NOW, reachable=True) | kwargs))


def kinds(app, rules=None):
    return {f.kind: f for f in flags.evaluate(app, rules or Rules(), NOW)}


def test_healthy_application_raises_nothing():
    assert kinds(facts(latest=probe(tls_valid=True, tls_days_left=200, grade="B"), first_probe_at=NOW)) == {}


def test_unreachable_for_n_days():
    down = facts(
        latest=probe(reachable=False),
        first_probe_at=NOW - timedelta(days=30),
        last_reachable_at=NOW - timedelta(days=10),
    )
    flag = kinds(down)["unreachable"]
    assert flag.category == "dormant" and "10 hari" in flag.explanation and "batas 7 hari" in flag.explanation
    assert "unreachable" not in kinds(down, Rules(unreachable_days=11))
    never = facts(latest=probe(reachable=False), first_probe_at=NOW - timedelta(days=8))
    assert "Tidak pernah" in kinds(never)["unreachable"].explanation
    blocked = facts(latest=probe(reachable=False, blocked=True), first_probe_at=NOW - timedelta(days=30))
    assert "unreachable" not in kinds(blocked)


def test_no_update_for_m_months():
    stale = kinds(facts(last_updated=date(2023, 5, 1)))["stale"]
    assert "37 bulan" in stale.explanation and "batas 24 bulan" in stale.explanation
    assert "stale" not in kinds(facts(last_updated=date(2023, 5, 1)), Rules(stale_months=40))
    assert "dibuat tahun 2019" in kinds(facts(last_updated=None, year_built=2019))["stale"].explanation


def test_certificates():
    assert (
        "kedaluwarsa 3 hari lalu"
        in kinds(facts(latest=probe(tls_days_left=-3, tls_valid=False)))["cert_expired"].explanation
    )
    invalid = kinds(
        facts(latest=probe(tls_valid=False, tls_days_left=100, tls_error="self-signed certificate"))
    )
    assert "self-signed" in invalid["cert_invalid"].explanation
    assert (
        "12 hari" in kinds(facts(latest=probe(tls_valid=True, tls_days_left=12)))["cert_expiring"].explanation
    )
    assert "cert_expiring" not in kinds(
        facts(latest=probe(tls_valid=True, tls_days_left=12)), Rules(cert_warning_days=7)
    )


def test_grade_below_minimum():
    flag = kinds(facts(latest=probe(grade="D+", score=40)))["low_grade"]
    assert flag.category == "insecure" and "D+" in flag.explanation and "batas C" in flag.explanation
    assert "low_grade" not in kinds(facts(latest=probe(grade="C", score=50)))
    assert "low_grade" in kinds(facts(latest=probe(grade="C", score=50)), Rules(min_grade="B"))
    assert flags.below("C-", "C") and not flags.below("A+", "C") and not flags.below("", "C")


def test_no_owner_and_retired():
    assert kinds(facts(has_owner=False))["no_owner"].category == "governance"
    assert kinds(facts(has_owner=False, lifecycle="retired", last_updated=date(2010, 1, 1))) == {}


# -- overlap --------------------------------------------------------------------------------------

APPS = [
    overlap.AppText(1, "SIMPEG Sukamaju", "Sistem informasi manajemen kepegawaian ASN", "02.04"),
    overlap.AppText(
        2, "Sistem Informasi Kepegawaian Daerah", "Data pegawai, kenaikan pangkat dan mutasi", "02.04"
    ),
    overlap.AppText(3, "Aplikasi Cuti Pegawai", "Pengajuan cuti pegawai online", "02.04"),
    overlap.AppText(4, "Website Dinas Kesehatan", "Informasi publik kesehatan", "01.25"),
    overlap.AppText(5, "Website Dinas Pendidikan", "Informasi publik pendidikan", "01.31"),
    overlap.AppText(6, "PPDB Online", "Penerimaan peserta didik baru", "01.31"),
    overlap.AppText(7, "SPMB Sukamaju", "Seleksi penerimaan murid baru jenjang SD dan SMP", "01.31"),
    overlap.AppText(8, "Layanan Pengaduan Warga", "Pengaduan dan aspirasi masyarakat", "01.24"),
    overlap.AppText(9, "Kanal Aspirasi", "Aspirasi dan pengaduan masyarakat", "01.24"),
    overlap.AppText(10, "SRIKANDI", "Arsip dinamis nasional", "02.06", "01.02"),
    overlap.AppText(11, "E-Office Setda", "Tata naskah dinas dan disposisi surat", "02.06"),
]


def groups_of(apps):
    return {tuple(g.member_ids): g for g in overlap.similar_groups(apps, frozenset({"sukamaju"}))}


def test_normalisation_folds_indonesian_synonyms_and_filler():
    assert overlap.normalise("Aplikasi SIMPEG Online") == "pegawai"
    assert overlap.normalise("Sistem Informasi Kepegawaian") == "pegawai"
    assert overlap.normalise("e-Kinerja") == overlap.normalise("EKinerja") == "kinerja"
    assert overlap.normalise("Perijinan Online") == "izin"


def test_similar_groups_with_reasons():
    found = groups_of(APPS)
    assert (
        (1, 2) in found and "nama mirip" in found[(1, 2)].reason and "SIMPEG Sukamaju" in found[(1, 2)].reason
    )
    assert (6, 7) in found  # PPDB and SPMB: same job, different names
    assert (8, 9) in found and "tujuan mirip" in found[(8, 9)].reason
    members = {m for key in found for m in key}
    assert 3 not in members  # one shared word ("pegawai") is not enough
    assert 4 not in members and 5 not in members  # two different websites
    assert 10 not in members  # a shared national application is not an overlap


def test_national_duplicates_name_the_keyword_and_skip_the_national_app_itself():
    groups = {g.national_code: g for g in overlap.national_groups(APPS, national_apps())}
    assert groups["srikandi"].member_ids == [11]
    assert "tata naskah dinas" in groups["srikandi"].reason and "SRIKANDI" in groups["srikandi"].reason
    assert set(groups["sp4n-lapor"].member_ids) == {8, 9}
    assert 1 in groups["siasn"].member_ids
    lapor = overlap.AppText(20, "SP4N-LAPOR! Sukamaju", "Pengaduan masyarakat", "01.24")
    assert overlap.national_matches(lapor, next(a for a in national_apps() if a.code == "sp4n-lapor")) == []


def test_no_near_miss_keywords():
    helpdesk = overlap.AppText(30, "Helpdesk TIK", "Helpdesk dan manajemen aset TIK", "02.06")
    assert all(not overlap.national_matches(helpdesk, n) for n in national_apps())


def test_group_keys_are_stable():
    first = {g.key for g in overlap.similar_groups(APPS)}
    assert first == {g.key for g in overlap.similar_groups(list(reversed(APPS)))}


def test_code_lists_include_the_readme_anchors():
    codes = {c.code: c for c in ral_codes()}
    assert codes["01.23"].name == "Kependudukan" and codes["01.25"].name == "Kesehatan"
    assert codes["01.31"].name == "Pendidikan" and codes["01.16"].name == "Perizinan dan Akreditasi"
    assert codes["02.02"].name == "Keuangan" and codes["02.07"].name == "Akuntabilitas Kinerja"
    assert {a.code for a in national_apps()} >= {
        "srikandi",
        "sipd",
        "spse",
        "ekinerja",
        "sp4n-lapor",
        "jdihn",
    }


def test_raa_and_ral_labels_do_not_collide():
    from portfolio.classification import label

    assert label("02.02", "raa") == "02.02 Aplikasi Khusus Fungsi Tertentu"
    assert label("02.02") == "02.02 Keuangan" and label("") == "" and label("99.99") == "99.99"
