"""Bulk import of staff from CSV or Excel: read → validate (preview) → apply.

Reading the file, the preview and the upload → preview → confirm flow are `swanilai.tabular`'s:
nothing is written until the user confirms a preview with no errors, and the rows are validated
again on confirm. The import only creates people: a NIP
that is already registered in the institution is an error, never an update.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capacity.catalogue import catalogue
from capacity.models import Staff
from capacity.services import CapacityError, check_nip
from orgs.models import Unit
from swanilai import tabular
from swanilai.tabular import Column

TABLE = tabular.Table(
    columns=(
        Column(
            "name",
            ("nama", "name", "nama_lengkap", "nama_pegawai"),
            gettext_lazy("Nama"),
            required=True,
            max_length=200,
        ),
        Column("nip", ("nip", "ni_pppk", "nomor_induk")),
        Column("position", ("jabatan", "position", "nama_jabatan"), gettext_lazy("Jabatan"), max_length=200),
        Column("employment", ("status_kepegawaian", "status", "jenis_pegawai", "employment")),
        Column("unit", ("unit", "opd", "unit_kerja", "perangkat_daerah", "nama_singkat_unit")),
        Column("role", ("peran_digital", "peran", "role", "peran_layanan_digital"), required=True),
    ),
    what=gettext_lazy("pegawai"),
)
EMPLOYMENT_ALIASES = {
    "pns": Staff.PNS,
    "pppk": Staff.PPPK,
    "p3k": Staff.PPPK,
    "non-asn": Staff.NON_ASN,
    "non asn": Staff.NON_ASN,
    "nonasn": Staff.NON_ASN,
    "non_asn": Staff.NON_ASN,
    "honorer": Staff.NON_ASN,
    "ptt": Staff.NON_ASN,
    "thl": Staff.NON_ASN,
}
read_table = TABLE.read


# -- validating ---------------------------------------------------------------------------------------


@dataclass
class StaffRow(tabular.PreviewRow):
    """A person to add: the import only creates, so a row is new unless it has errors."""

    row: int
    name: str
    nip: str
    position: str
    employment: str
    unit: Unit | None
    unit_text: str
    role: str
    role_text: str
    errors: list[str] = field(default_factory=list)

    @property
    def role_name(self) -> str:
        role = catalogue().role(self.role)
        return role.name if role else self.role_text

    @property
    def employment_label(self) -> str:
        return str(dict(Staff.EMPLOYMENT).get(self.employment, self.employment))

    def as_staff(self) -> Staff:
        return Staff(
            institution_id=self.unit.institution_id,
            unit=self.unit,
            name=self.name,
            nip=self.nip,
            position=self.position,
            employment=self.employment,
            digital_role=self.role,
        )


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def _lookup_tables(institution):
    units = {}
    for unit in Unit.objects.filter(institution=institution):
        units.setdefault(_norm(unit.name), unit)
        units[_norm(unit.short_name)] = unit
    roles = {}
    for role in catalogue().roles:
        roles[_norm(role.code)] = roles[_norm(role.name)] = role.code
    return units, roles


def _employment(text: str, nip: str) -> str:
    if text:
        return EMPLOYMENT_ALIASES.get(_norm(text), "")
    if not nip:
        return Staff.NON_ASN
    return Staff.PPPK if len(nip) == 18 and nip[12:14] == "21" else Staff.PNS


def _parse(raw: dict, units: dict, roles: dict, editable, default_unit) -> StaffRow:
    text = {c.name: str(raw.get(c.name) or "") for c in TABLE.columns}
    nip = "".join(text["nip"].split())
    row = StaffRow(
        row=int(raw.get("row") or 0),
        name=text["name"],
        nip=nip,
        position=text["position"],
        employment=_employment(text["employment"], nip),
        unit=units.get(_norm(text["unit"])),
        unit_text=text["unit"],
        role=roles.get(_norm(text["role"]), ""),
        role_text=text["role"],
    )
    if not text["unit"] and default_unit is not None:
        row.unit, row.unit_text = default_unit, default_unit.short_name
    if not row.name:
        row.errors.append(_("Nama wajib diisi."))
    row.errors += TABLE.length_errors(vars(row))
    if row.unit is None:
        row.errors.append(
            _("Unit “%(unit)s” tidak ditemukan di instansi ini; tulis nama singkat unit.")
            % {"unit": row.unit_text}
            if row.unit_text
            else _("Unit wajib diisi.")
        )
    elif editable is not None and row.unit.pk not in editable:
        row.errors.append(
            _("Anda hanya dapat mengimpor pegawai unit Anda sendiri, bukan %(unit)s.")
            % {"unit": row.unit.short_name}
        )
    if not row.role:
        row.errors.append(
            _("Peran digital “%(role)s” tidak dikenal. Pilih salah satu: %(allowed)s.")
            % {"role": row.role_text, "allowed": ", ".join(r.code for r in catalogue().roles)}
        )
    if not row.employment:
        row.errors.append(
            _("Status kepegawaian “%(text)s” tidak dikenal; tulis PNS, PPPK atau Non-ASN.")
            % {"text": text["employment"]}
        )
    else:
        _check_nip(row)
    return row


def _check_nip(row: StaffRow) -> None:
    if "e" in row.nip.lower() and row.nip.replace(".", "").replace("e+", "").replace("E+", "").isdigit():
        row.errors.append(
            _(
                "NIP terbaca sebagai angka sehingga digit terakhirnya hilang. Format kolom NIP di Excel "
                "sebagai Teks, lalu ketik ulang NIP-nya."
            )
        )
        return
    try:
        row.nip = check_nip(row.nip, row.employment)
    except CapacityError as exc:
        row.errors.append(str(exc))


def _check_duplicates(rows: list[StaffRow], institution) -> None:
    """A NIP twice in the file, or one already registered in the institution."""
    by_nip: dict[str, list[StaffRow]] = {}
    for row in rows:
        if row.nip and len(row.nip) == 18:
            by_nip.setdefault(row.nip, []).append(row)
    for nip, group in by_nip.items():
        if len(group) > 1:
            numbers = ", ".join(str(r.row) for r in group)
            for row in group:
                row.errors.append(
                    _("NIP %(nip)s muncul lebih dari sekali dalam file (baris %(rows)s).")
                    % {"nip": nip, "rows": numbers}
                )
    registered = Staff.objects.filter(institution=institution, nip__in=list(by_nip)).select_related("unit")
    for staff in registered:
        for row in by_nip[staff.nip]:
            row.errors.append(
                _("NIP %(nip)s sudah terdaftar atas nama %(name)s (%(unit)s).")
                % {"nip": staff.nip, "name": staff.name, "unit": staff.unit.short_name}
            )


def validate_rows(institution, rows: list[dict], *, editable=None, file_name: str = "") -> tabular.Preview:
    """Check every row against the file, the institution's units and its registry; write
    nothing. `editable`: the unit ids the importer may add staff to (None = all); a unit user
    with one unit may leave the unit column empty."""
    units, roles = _lookup_tables(institution)
    default_unit = None
    if editable is not None and len(editable) == 1:
        default_unit = next((u for u in units.values() if u.pk in editable), None)
    results = [_parse(raw, units, roles, editable, default_unit) for raw in rows]
    _check_duplicates(results, institution)
    return tabular.Preview(rows=results, file_name=file_name, statuses=(tabular.NEW, tabular.ERROR))
