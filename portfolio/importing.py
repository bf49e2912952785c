"""Bulk import of applications from CSV or Excel (read → validate = preview → apply) and the export,
whose first columns are the import's, so an exported file can be edited and imported back.

Applications are matched by name (case-insensitive) within the institution: a known name updates
that application, any other creates one. Columns missing from the file keep the stored values.
Nothing is written until `apply_import`, which refuses a preview with any error. Reading the file
and the preview are `swanilai.tabular`'s.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import record
from orgs.models import Unit
from portfolio import classification
from portfolio.models import Application, Hosting, Integration, Lifecycle
from portfolio.netguard import check_url
from swanilai import tabular
from swanilai.tabular import Column

TABLE = tabular.Table(
    columns=(
        Column(
            "name",
            ("nama", "nama_aplikasi", "name", "aplikasi"),
            gettext_lazy("Nama"),
            required=True,
            max_length=200,
        ),
        Column("purpose", ("tujuan", "fungsi", "deskripsi", "purpose")),
        Column("owner_unit", ("unit_pemilik", "pemilik", "opd_pemilik", "owner_unit")),
        Column("user_units", ("unit_pengguna", "pengguna", "user_units")),
        Column("url", ("url", "alamat", "tautan"), gettext_lazy("URL"), max_length=500),
        Column("other_urls", ("url_lain", "other_urls")),
        Column("raa_code", ("raa", "klasifikasi", "klasifikasi_raa")),
        Column("ral_code", ("ral", "area_layanan", "sektor")),
        Column("services", ("layanan", "layanan_didukung", "services")),
        Column("lifecycle", ("siklus", "siklus_hidup", "status", "lifecycle")),
        Column("hosting", ("hosting", "lokasi_hosting")),
        Column("integration", ("integrasi", "integration")),
        Column("personal_data", ("data_pribadi", "personal_data")),
        Column(
            "developer", ("pengembang", "vendor", "developer"), gettext_lazy("Pengembang"), max_length=200
        ),
        Column("year_built", ("tahun_dibuat", "tahun", "year_built")),
        Column("last_updated", ("pembaruan_terakhir", "terakhir_diperbarui", "last_updated")),
        Column("contact", ("kontak", "contact"), gettext_lazy("Kontak"), max_length=200),
    ),
    what=gettext_lazy("aplikasi"),
)
COLUMNS = [c.name for c in TABLE.columns]
YES, NO = {"ya", "y", "yes", "1", "true", "benar"}, {"tidak", "t", "no", "0", "false", "salah", ""}
read_table = TABLE.read


# -- validating -----------------------------------------------------------------------------------


@dataclass
class ImportRow(tabular.PreviewRow):
    row: int
    values: dict
    user_unit_ids: list[int] | None = None
    application_id: int | None = None
    changed: bool = True
    errors: list[str] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.application_id is None


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def _choice(text: str, choices, what: str, errors: list[str]) -> str:
    """A choice from its code or label (any case); records an error when unknown."""
    lookup = {_norm(code): code for code, _label in choices} | {_norm(label): code for code, label in choices}
    found = lookup.get(_norm(text))
    if found is None:
        errors.append(
            _("%(what)s “%(value)s” tidak dikenal. Pilih salah satu: %(allowed)s.")
            % {"what": what, "value": text, "allowed": ", ".join(code for code, _l in choices)}
        )
        return ""
    return found


def _code(text: str, codes, what: str, errors: list[str]) -> str:
    leaves = {c.code: c for c in codes if not c.is_group}
    by_name = {_norm(c.name): c.code for c in leaves.values()}
    code = text.split()[0] if text and text.split()[0] in leaves else by_name.get(_norm(text))
    if code is None:
        errors.append(
            _("Kode %(what)s “%(value)s” tidak ada di daftar (contoh: %(example)s).")
            % {"what": what, "value": text, "example": next(iter(leaves))}
        )
        return ""
    return code


def _date(text: str, errors: list[str]) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    errors.append(_("Tanggal “%(value)s” tidak dikenal; tulis 2024-03-31 atau 31-03-2024.") % {"value": text})
    return None


class _Context:
    """What validation needs from the database, loaded once."""

    def __init__(self, institution):
        units = list(Unit.objects.filter(institution=institution))
        self.units = {_norm(u.short_name): u for u in units} | {_norm(u.name): u for u in units}
        self.apps = {
            _norm(a.name): a
            for a in Application.objects.for_institution(institution).prefetch_related("user_units")
        }

    def unit(self, text: str, errors: list[str]):
        unit = self.units.get(_norm(text))
        if unit is None:
            errors.append(
                _("Unit “%(unit)s” tidak ditemukan (tulis nama singkat atau nama lengkapnya).")
                % {"unit": text}
            )
        return unit


def _parse_value(column: str, text: str, ctx: _Context, errors: list[str]):
    if column == "owner_unit":
        unit = ctx.unit(text, errors) if text else None
        return unit.pk if unit else None
    parsers = {
        "lifecycle": lambda: (
            _choice(text, Lifecycle.choices, _("Siklus"), errors) if text else Lifecycle.PRODUCTION
        ),
        "hosting": lambda: _choice(text, Hosting.choices, _("Hosting"), errors) if text else "",
        "integration": lambda: _choice(text, Integration.choices, _("Integrasi"), errors) if text else "none",
        "raa_code": lambda: _code(text, classification.raa_codes(), "RAA", errors) if text else "",
        "ral_code": lambda: _code(text, classification.ral_codes(), "RAL", errors) if text else "",
        "last_updated": lambda: _date(text, errors) if text else None,
    }
    if column in parsers:
        return parsers[column]()
    if column == "personal_data":
        if _norm(text) not in YES | NO:
            errors.append(_("Data pribadi “%(value)s”: tulis ya atau tidak.") % {"value": text})
        return _norm(text) in YES
    if column == "year_built":
        if text and (not text.isdigit() or not 1970 <= int(text) <= dt.date.today().year):
            errors.append(_("Tahun dibuat “%(value)s” tidak sah (1970 sampai tahun ini).") % {"value": text})
            return None
        return int(text) if text else None
    if column in ("url", "other_urls"):
        for url in text.replace(",", " ").split():
            if problem := check_url(url):
                errors.append(f"{url}: {problem}")
        return "\n".join(text.replace(",", " ").split()) if column == "other_urls" else text
    return text


def _parse_row(raw: dict, ctx: _Context) -> ImportRow:
    errors: list[str] = []
    row = ImportRow(row=int(raw.get("row") or 0), values={}, errors=errors)
    existing = ctx.apps.get(_norm(raw.get("name", "")))
    row.application_id = existing.pk if existing else None
    for column in COLUMNS:
        if column not in raw or column == "user_units":
            continue
        row.values[column] = _parse_value(column, str(raw[column] or ""), ctx, errors)
    if "user_units" in raw:
        names = [n.strip() for n in re.split(r"[;,]", raw["user_units"] or "") if n.strip()]
        row.user_unit_ids = [u.pk for u in (ctx.unit(n, errors) for n in names) if u]
    if not row.values.get("name"):
        errors.append(_("Nama aplikasi wajib diisi."))
    errors += TABLE.length_errors(row.values)
    if existing is not None:
        row.changed = _differs(row, existing)
    return row


def _differs(row: ImportRow, app: Application) -> bool:
    fields = {c: v for c, v in row.values.items() if c != "owner_unit"}
    changed = any(getattr(app, c) != v for c, v in fields.items())
    if "owner_unit" in row.values and row.values["owner_unit"] != app.owner_unit_id:
        changed = True
    if row.user_unit_ids is not None:
        changed = changed or sorted(row.user_unit_ids) != sorted(u.pk for u in app.user_units.all())
    return changed


def validate_rows(institution, rows: list[dict], file_name: str = "") -> tabular.Preview:
    """Check every row against the file and the institution; write nothing."""
    ctx = _Context(institution)
    results = [_parse_row(raw, ctx) for raw in rows]
    for group, numbers in tabular.repeated(results, lambda row: row.values.get("name")):
        for row in group:
            row.errors.append(
                _("Nama aplikasi muncul lebih dari sekali dalam file (baris %(rows)s).") % {"rows": numbers}
            )
    return tabular.Preview(rows=results, file_name=file_name)


# -- applying -------------------------------------------------------------------------------------


def apply_import(actor, institution, preview: tabular.Preview, request=None) -> tuple[int, int]:
    """Save a clean preview in one transaction (each application through `save_application`, so
    each is audited) plus one summary entry; any failure rolls everything back."""
    from portfolio.services import ServiceError, save_application

    if preview.has_errors:
        raise ServiceError(_("File masih mengandung galat; tidak ada aplikasi yang disimpan."))
    counts = preview.counts
    try:
        with transaction.atomic():
            for row in (r for r in preview.rows if r.status in (tabular.NEW, tabular.UPDATED)):
                app = (
                    Application.objects.get(pk=row.application_id)
                    if row.application_id
                    else Application(institution=institution)
                )
                for column, value in row.values.items():
                    setattr(app, "owner_unit_id" if column == "owner_unit" else column, value)
                app.institution = institution
                save_application(actor, app, user_units=row.user_unit_ids, request=request)
            record(
                "application.import",
                actor=actor,
                institution=institution,
                request=request,
                after={
                    "created": counts[tabular.NEW],
                    "updated": counts[tabular.UPDATED],
                    "file": preview.file_name,
                },
            )
    except IntegrityError:
        raise ServiceError(
            _(
                "Data aplikasi berubah selama impor sehingga nama bentrok. Tidak ada yang disimpan; "
                "unggah ulang file."
            )
        )
    return counts[tabular.NEW], counts[tabular.UPDATED]


# -- export ---------------------------------------------------------------------------------------

EXTRA_HEADERS = [
    "kondisi",
    "status_http",
    "nilai_header",
    "skor_header",
    "sertifikat_sisa_hari",
    "temuan_terbuka",
    "diprobe_pada",
]


def export_rows(apps) -> list[list]:
    rows = []
    for app in apps:
        probe = app.last_probe
        findings = ", ".join(f.kind for f in app.findings.all() if f.closed_at is None)
        rows.append(
            [
                app.name,
                app.purpose,
                app.owner_unit.short_name if app.owner_unit else "",
                ", ".join(u.short_name for u in app.user_units.all()),
                app.url,
                " ".join(app.other_urls.split()),
                app.raa_code,
                app.ral_code,
                app.services,
                app.lifecycle,
                app.hosting,
                app.integration,
                "ya" if app.personal_data else "tidak",
                app.developer,
                app.year_built or "",
                app.last_updated.isoformat() if app.last_updated else "",
                app.contact,
                probe.health if probe else "",
                (probe.status or "") if probe else "",
                probe.grade if probe else "",
                probe.score if probe and probe.score is not None else "",
                probe.tls_days_left if probe and probe.tls_days_left is not None else "",
                findings,
                probe.at.isoformat(timespec="minutes") if probe else "",
            ]
        )
    return rows


def export_response(institution, apps, kind: str) -> HttpResponse:
    rows = export_rows(apps.prefetch_related("findings"))
    stamp = dt.date.today().isoformat()
    return tabular.table_download(
        kind,
        f"portofolio-{institution.slug}-{stamp}",
        [TABLE.headers + EXTRA_HEADERS, *rows],
        sheet="Aplikasi",
    )
