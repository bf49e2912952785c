"""The demo institution, fictional Kabupaten Sukamaju. Idempotent: running it again changes
nothing that exists. Later features add their demo data here too."""

from django.contrib.auth import get_user_model
from django.db import transaction

from orgs.models import Institution, Membership, Role, Unit

DEMO_PASSWORD = "Swanilai-Demo-2026"  # noqa: S105 - printed by `make run`, demo only

# (name, short name, kind, parent short name, head)
UNITS = [
    ("Sekretariat Daerah", "Setda", "sekretariat", None, "Drs. H. Asep Supriatna, M.Si."),
    ("Bagian Pemerintahan", "Bag. Pemerintahan", "sekretariat", "Setda", ""),
    ("Bagian Hukum", "Bag. Hukum", "sekretariat", "Setda", ""),
    ("Bagian Organisasi", "Bag. Organisasi", "sekretariat", "Setda", "Rina Marlina, S.AP."),
    ("Bagian Perekonomian dan Sumber Daya Alam", "Bag. Perekonomian", "sekretariat", "Setda", ""),
    ("Bagian Pengadaan Barang dan Jasa", "Bag. PBJ", "sekretariat", "Setda", ""),
    ("Bagian Umum", "Bag. Umum", "sekretariat", "Setda", ""),
    ("Bagian Protokol dan Komunikasi Pimpinan", "Bag. Prokopim", "sekretariat", "Setda", ""),
    ("Bagian Kesejahteraan Rakyat", "Bag. Kesra", "sekretariat", "Setda", ""),
    ("Sekretariat DPRD", "Setwan", "sekretariat", None, ""),
    (
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        "Bappeda",
        "badan",
        None,
        "Ir. Dedi Kurniawan, M.T.",
    ),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "badan", None, ""),
    ("Badan Pendapatan Daerah", "Bapenda", "badan", None, ""),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "badan", None, ""),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", "badan", None, ""),
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "badan", None, ""),
    ("Inspektorat Daerah", "Inspektorat", "inspektorat", None, "Hj. Siti Nurhasanah, S.E., Ak."),
    (
        "Dinas Komunikasi, Informatika, Persandian dan Statistik",
        "Diskominfosantik",
        "dinas",
        None,
        "Yudi Permana, S.Kom., M.M.",
    ),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "dinas", None, ""),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dinas", None, ""),
    ("Dinas Kesehatan", "Dinkes", "dinas", None, "dr. Hendra Gunawan, M.Kes."),
    ("Dinas Pendidikan", "Disdik", "dinas", None, "Dra. Euis Komariah, M.Pd."),
    ("Dinas Sosial", "Dinsos", "dinas", None, ""),
    ("Dinas Tenaga Kerja", "Disnaker", "dinas", None, ""),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", "dinas", None, ""),
    ("Dinas Perhubungan", "Dishub", "dinas", None, ""),
    ("Dinas Lingkungan Hidup", "DLH", "dinas", None, ""),
    ("Dinas Perumahan, Kawasan Permukiman dan Pertanahan", "Disperkimtan", "dinas", None, ""),
    ("Dinas Kebudayaan dan Pariwisata", "Disbudpar", "dinas", None, ""),
    ("Dinas Pemuda dan Olahraga", "Dispora", "dinas", None, ""),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", "dinas", None, ""),
    ("Dinas Pertanian", "Distan", "dinas", None, ""),
    ("Dinas Perikanan", "Diskan", "dinas", None, ""),
    ("Dinas Koperasi dan Usaha Kecil Menengah", "Diskopukm", "dinas", None, ""),
    ("Dinas Perdagangan dan Perindustrian", "Disperindag", "dinas", None, ""),
    ("Dinas Perpustakaan dan Kearsipan", "Dispusip", "dinas", None, ""),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", "dinas", None, ""),
    ("Dinas Ketahanan Pangan", "DKP", "dinas", None, ""),
    ("Satuan Polisi Pamong Praja", "Satpol PP", "lainnya", None, ""),
    ("Rumah Sakit Umum Daerah Sukamaju", "RSUD", "lainnya", None, ""),
    ("Kecamatan Sukamaju", "Kec. Sukamaju", "kecamatan", None, ""),
    ("Kecamatan Sukajaya", "Kec. Sukajaya", "kecamatan", None, ""),
    ("Kecamatan Sukaresmi", "Kec. Sukaresmi", "kecamatan", None, ""),
    ("Kecamatan Cibening", "Kec. Cibening", "kecamatan", None, ""),
    ("Kecamatan Karangsari", "Kec. Karangsari", "kecamatan", None, ""),
    ("Kecamatan Mekarwangi", "Kec. Mekarwangi", "kecamatan", None, ""),
]

# username, full name, role, unit short name (for unit roles), description
PERSONAS = [
    ("admin", "Admin Platform", None, None, "admin platform (semua instansi; wajib 2FA)"),
    ("admin.kominfo", "Dewi Lestari", Role.INSTITUTION_ADMIN, None, "admin instansi (Diskominfosantik)"),
    ("sekda", "Asep Supriatna", Role.KOORDINATOR, None, "Koordinator SPBE (Sekretaris Daerah)"),
    ("verifikator", "Budi Santoso", Role.VERIFIER, None, "verifikator (Tim Koordinasi SPBE)"),
    ("operator.dinkes", "Ani Rahmawati", Role.UNIT_OPERATOR, "Dinkes", "operator unit Dinas Kesehatan"),
    ("kepala.dinkes", "Hendra Gunawan", Role.UNIT_HEAD, "Dinkes", "kepala Dinas Kesehatan"),
    ("operator.disdik", "Rudi Hartono", Role.UNIT_OPERATOR, "Disdik", "operator unit Dinas Pendidikan"),
    ("kepala.disdik", "Euis Komariah", Role.UNIT_HEAD, "Disdik", "kepala Dinas Pendidikan"),
    ("bupati", "Bupati Sukamaju", Role.VIEWER, None, "pemantau (pimpinan daerah)"),
]


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo institution, units and personas; return (username, password, role)."""
    institution, _ = Institution.objects.get_or_create(
        slug="sukamaju",
        defaults={
            "name": "Kabupaten Sukamaju",
            "kind": "kabupaten",
            "region_code": "32.99",
            "time_zone": "Asia/Jakarta",
            "require_2fa": False,
        },
    )
    units = {u.short_name: u for u in Unit.objects.filter(institution=institution)}
    for name, short, kind, parent, head in UNITS:
        if short not in units:
            units[short] = Unit.objects.create(
                institution=institution,
                name=name,
                short_name=short,
                kind=kind,
                parent=units.get(parent),
                head_name=head,
            )
    User = get_user_model()
    logins = []
    for username, full_name, role, unit, description in PERSONAS:
        first, _sep, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@sukamaju.example.go.id",
                "is_staff": role is None,
                "is_superuser": role is None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role is not None:
            Membership.objects.get_or_create(
                user=user, institution=institution, role=role, unit=units.get(unit) if unit else None
            )
        logins.append((username, DEMO_PASSWORD, description))
    return logins
