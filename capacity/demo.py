"""Demo people and capacity building of Kabupaten Sukamaju: ~300 staff across its units, a year of
trainings by the Diskominfo and one unit, certifications (some about to expire) and visible
gaps (architecture, service design and data analysis lag; literacy reaches about half).

Idempotent: nothing happens once the institution has staff. Written in bulk, without audit
entries: this is seed data, not anyone's action. Deterministic (fixed random seed).
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from capacity.models import Attendance, Certification, Enrolment, Programme, Staff, TrainingSession
from orgs.models import Institution, Membership, Role, Unit

FIRST = [
    "Ani",
    "Budi",
    "Citra",
    "Dedi",
    "Euis",
    "Fajar",
    "Gita",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lukman",
    "Maya",
    "Nanang",
    "Oktaviani",
    "Putri",
    "Rudi",
    "Sari",
    "Taufik",
    "Umi",
    "Wawan",
    "Yanti",
    "Asep",
    "Dewi",
    "Iwan",
    "Neneng",
    "Rina",
    "Agus",
    "Siti",
    "Yudi",
]
LAST = [
    "Rahmawati",
    "Santoso",
    "Lestari",
    "Kurniawan",
    "Komariah",
    "Nugraha",
    "Permana",
    "Gunawan",
    "Hidayat",
    "Susanti",
    "Wibowo",
    "Maulana",
    "Setiawan",
    "Handayani",
    "Saputra",
    "Fitriani",
    "Supriadi",
    "Hartono",
]
POSITIONS = {
    "admin_aplikasi": "Pranata Komputer Ahli Pertama",
    "admin_infrastruktur": "Pranata Komputer Ahli Muda",
    "petugas_keamanan": "Sandiman Ahli Pertama",
    "pengelola_data": "Statistisi Ahli Pertama",
    "analis_proses": "Analis Kebijakan Ahli Muda",
    "operator_layanan": "Pengelola Layanan Operasional",
    "pengguna": "Pelaksana",
}
KOMINFO = "Diskominfosantik"
KOMINFO_ROLES = (
    ["admin_infrastruktur"] * 5
    + ["petugas_keamanan"] * 4
    + ["admin_aplikasi"] * 8
    + ["pengelola_data"] * 5
    + ["analis_proses"] * 3
    + ["operator_layanan"] * 2
    + ["pengguna"] * 3
)
UNIT_ROLES = ["admin_aplikasi", "operator_layanan", "pengelola_data", "operator_layanan", "pengguna"]
SIZES = {"sekretariat": 4, "badan": 6, "inspektorat": 5, "dinas": 7, "kecamatan": 4, "lainnya": 6}
LARGER = {KOMINFO: len(KOMINFO_ROLES), "Dinkes": 12, "Disdik": 12, "Disdukcapil": 10, "RSUD": 10}
# title, areas, months ago of each session, who takes part: (roles, share of them)
PROGRAMMES = [
    ("Literasi Digital dan Sistem Kerja Digital ASN", ["literasi"], [11, 8, 5, 2], (None, 0.55)),
    (
        "Bimtek Keamanan Informasi bersama BSSN",
        ["keamanan"],
        [9, 3],
        (["petugas_keamanan", "admin_infrastruktur", "admin_aplikasi"], 0.7),
    ),
    ("Pengelolaan Aplikasi dan Integrasi Layanan", ["aplikasi", "data"], [7], (["admin_aplikasi"], 0.6)),
    (
        "Satu Data Indonesia: Tata Kelola dan Kualitas Data",
        ["data", "analitik"],
        [6],
        (["pengelola_data"], 0.7),
    ),
    ("Jaringan Intra Pemerintah dan Pusat Data", ["infrastruktur"], [4], (["admin_infrastruktur"], 1.0)),
    ("Desain Layanan Digital Berpusat pada Pengguna", ["layanan"], [1], (["operator_layanan"], 0.35)),
    ("Arsitektur SPBE dan Proses Bisnis", ["probis", "arsitektur"], [14], (["analis_proses"], 1.0)),
]
UPCOMING = ("Analisis Data dan Kecerdasan Artifisial untuk ASN", ["analitik"], (["pengelola_data"], 0.8))
DEMO_OPERATOR = ("operator.bkpsdm", "Sri", "Wahyuni", "BKPSDM")


def _nip(rng, serial: int, employment: str, today: date) -> str:
    if employment == Staff.NON_ASN:
        return ""
    born = date(rng.randint(1966, 1999), rng.randint(1, 12), rng.randint(1, 28))
    if employment == Staff.PPPK:
        appointed = f"{rng.randint(2019, min(today.year, 2024))}21"
    else:
        year = min(born.year + rng.randint(22, 35), today.year - 1)
        appointed = f"{year}{rng.randint(1, 12):02d}"
    return f"{born:%Y%m%d}{appointed}{rng.choice('12')}{serial % 1000:03d}"


def _staff(institution, rng, today) -> list[Staff]:
    people, serial = [], 0
    for unit in Unit.objects.filter(institution=institution, is_active=True).order_by("name"):
        roles = KOMINFO_ROLES if unit.short_name == KOMINFO else UNIT_ROLES
        for index in range(LARGER.get(unit.short_name, SIZES.get(unit.kind, 5))):
            serial += 1
            role = roles[index] if index < len(roles) else "pengguna"
            employment = rng.choices([Staff.PNS, Staff.PPPK, Staff.NON_ASN], [70, 15, 15])[0]
            people.append(
                Staff(
                    institution=institution,
                    unit=unit,
                    digital_role=role,
                    employment=employment,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    nip=_nip(rng, serial, employment, today),
                    position=POSITIONS[role] if employment != Staff.NON_ASN else "Tenaga Pendukung Teknis",
                )
            )
    return Staff.objects.bulk_create(people)


def _pick(rng, people, who) -> list[Staff]:
    roles, share = who
    pool = [p for p in people if roles is None or p.digital_role in roles]
    return rng.sample(pool, round(len(pool) * share))


def _programme(institution, rng, people, today, spec, unit=None) -> None:
    title, areas, months_ago, who = spec
    programme = Programme.objects.create(
        institution=institution,
        unit=unit,
        title=title,
        areas=areas,
        organiser=unit.name if unit else "Diskominfosantik Kabupaten Sukamaju",
    )
    participants = _pick(rng, people, who)
    Enrolment.objects.bulk_create(Enrolment(programme=programme, staff=p) for p in participants)
    batches = [participants[i :: len(months_ago)] for i in range(len(months_ago))]
    for number, (months, batch) in enumerate(zip(months_ago, batches, strict=True), start=1):
        ends_on = today - timedelta(days=30 * months)
        session = TrainingSession.objects.create(
            programme=programme,
            title=f"Angkatan {number}",
            starts_on=ends_on - timedelta(days=2),
            ends_on=ends_on,
            hours=24,
            mode=rng.choice([TrainingSession.OFFLINE, TrainingSession.BLENDED]),
            location="Aula Diskominfosantik",
            attendance_recorded_at=timezone.now(),
        )
        Attendance.objects.bulk_create(
            Attendance(session=session, staff=p, present=rng.random() < 0.9) for p in batch
        )


def _upcoming(institution, rng, people, today) -> None:
    title, areas, who = UPCOMING
    programme = Programme.objects.create(
        institution=institution, title=title, areas=areas, organiser="Diskominfosantik Kabupaten Sukamaju"
    )
    Enrolment.objects.bulk_create(Enrolment(programme=programme, staff=p) for p in _pick(rng, people, who))
    TrainingSession.objects.create(
        programme=programme,
        title="Angkatan 1",
        starts_on=today + timedelta(days=21),
        ends_on=today + timedelta(days=23),
        hours=24,
        mode=TrainingSession.ONLINE,
    )


def _certifications(rng, people, today) -> None:
    specialists = [p for p in people if p.digital_role in ("petugas_keamanan", "admin_infrastruktur")]
    rows = []
    for index, person in enumerate(specialists):
        expires = today + timedelta(days=[20, 45, 400, 700, -30][index % 5])
        area = "keamanan" if person.digital_role == "petugas_keamanan" else "infrastruktur"
        rows.append(
            Certification(
                staff=person,
                name="Sertifikasi Kompetensi " + area.title(),
                issuer="BSSN" if area == "keamanan" else "LSP Informatika",
                areas=[area],
                issued_on=expires - timedelta(days=3 * 365),
                expires_on=expires,
            )
        )
    Certification.objects.bulk_create(rows)


def _demo_operator(institution) -> str:
    """A BKPSDM operator: SPBE indicator 25 is BKPSDM's, so this is who attaches the report."""
    from orgs.demo import DEMO_PASSWORD

    username, first, last, unit_name = DEMO_OPERATOR
    unit = Unit.objects.filter(institution=institution, short_name=unit_name).first()
    if unit is None:
        return ""
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@sukamaju.example.go.id"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, institution=institution, role=Role.UNIT_OPERATOR, unit=unit)
    return f"{username} / {DEMO_PASSWORD} (operator unit BKPSDM)"


@transaction.atomic
def load_demo() -> list[str]:
    """Load the demo; return lines to print (nothing when it was already loaded)."""
    institution = Institution.objects.filter(slug="sukamaju").first()
    if institution is None or Staff.objects.filter(institution=institution).exists():
        return []
    rng, today = random.Random(2026), timezone.localdate()
    people = _staff(institution, rng, today)
    for spec in PROGRAMMES:
        _programme(institution, rng, people, today, spec)
    dinkes = Unit.objects.filter(institution=institution, short_name="Dinkes").first()
    if dinkes is not None:
        own = [p for p in people if p.unit_id == dinkes.pk]
        _programme(
            institution,
            rng,
            own,
            today,
            (
                "Pelatihan Operator SIMPUS",
                ["layanan", "aplikasi"],
                [3],
                (["operator_layanan", "admin_aplikasi"], 1.0),
            ),
            unit=dinkes,
        )
    _upcoming(institution, rng, people, today)
    _certifications(rng, people, today)
    lines = [
        f"SDM demo: {len(people)} pegawai, {Programme.objects.filter(institution=institution).count()} "
        "program pelatihan."
    ]
    operator = _demo_operator(institution)
    if operator:
        lines.append(f"Akun demo tambahan: {operator}")
    return lines
