"""Bulk import of units (OPD) from CSV or Excel: read → validate (preview) → apply.

Reading the file and the preview are `swanilai.tabular`'s; this module knows the unit columns,
the rules a row must meet and how the rows are saved. Nothing is written until `apply_import`,
and that refuses a preview with any error. The file describes units by their short name: a short
name that already exists in the institution updates that unit, any other creates a new one.
"""

from dataclasses import dataclass, field
from operator import attrgetter

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import record
from orgs.models import Unit
from orgs.services import ServiceError, save_unit
from swanilai import tabular
from swanilai.tabular import Column

TABLE = tabular.Table(
    columns=(
        Column(
            "name",
            ("nama", "name", "nama_unit", "nama_opd", "nama_perangkat_daerah"),
            gettext_lazy("Nama"),
            required=True,
            max_length=200,
        ),
        Column(
            "short_name",
            ("nama_singkat", "short_name", "singkatan", "nama_pendek"),
            gettext_lazy("Nama singkat"),
            required=True,
            max_length=40,
        ),
        Column("kind", ("jenis", "kind", "jenis_unit", "type")),
        Column("parent", ("induk", "parent", "unit_induk", "induk_singkat")),
        Column(
            "head_name",
            ("kepala", "head_name", "head", "nama_kepala", "kepala_unit"),
            gettext_lazy("Nama kepala"),
            max_length=200,
        ),
    ),
    what=gettext_lazy("unit"),
)
read_table = TABLE.read


# -- validating ---------------------------------------------------------------------------------


@dataclass
class ImportRow(tabular.PreviewRow):
    """One data row of the file as it will be saved. Columns missing from the file (and an empty
    `jenis`) are filled in from the existing unit, so the row is the unit's final state."""

    row: int
    name: str
    short_name: str
    kind: str
    kind_text: str
    parent: str
    head_name: str
    unit_id: int | None = None
    changed: bool = True
    errors: list[str] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.unit_id is None

    @property
    def key(self) -> str:
        return self.short_name.lower()

    @property
    def kind_label(self) -> str:
        return str(dict(Unit.KINDS).get(self.kind, self.kind_text))


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def kind_aliases() -> dict[str, str]:
    """Accepted spellings of each kind: its key, its Indonesian label (and each part of a label
    such as "Sekretariat/Bagian") and its label in the current language."""
    aliases = {}
    for key, label in Unit.KINDS:
        with translation.override("id"):
            indonesian = str(label)
        for text in {key, indonesian, *indonesian.split("/"), str(label)}:
            aliases[_norm(text)] = key
    return aliases


def _parse_row(raw: dict, existing: dict, kinds: dict) -> ImportRow:
    text = {c.name: str(raw.get(c.name) or "") for c in TABLE.columns}
    unit = existing.get(text["short_name"].lower())
    row = ImportRow(
        row=int(raw.get("row") or 0),
        name=text["name"],
        short_name=text["short_name"],
        kind="",
        kind_text=text["kind"],
        parent=text["parent"],
        head_name=text["head_name"],
        unit_id=unit.pk if unit else None,
    )
    if unit is not None and "parent" not in raw:
        row.parent = unit.parent.short_name if unit.parent_id else ""
    if unit is not None and "head_name" not in raw:
        row.head_name = unit.head_name
    if row.kind_text:
        row.kind = kinds.get(_norm(row.kind_text), "")
        if not row.kind:
            row.errors.append(
                _("Jenis “%(kind)s” tidak dikenal. Pilih salah satu: %(allowed)s.")
                % {"kind": row.kind_text, "allowed": ", ".join(k for k, _l in Unit.KINDS)}
            )
    else:
        row.kind = unit.kind if unit is not None else "lainnya"
    if not row.name:
        row.errors.append(_("Nama wajib diisi."))
    if not row.short_name:
        row.errors.append(_("Nama singkat wajib diisi."))
    row.errors += TABLE.length_errors(vars(row))
    return row


def _check_duplicates(rows: list[ImportRow], column: str) -> None:
    value, label = attrgetter(column), TABLE.column(column).label
    for group, numbers in tabular.repeated(rows, value):
        for row in group:
            row.errors.append(
                _("%(field)s “%(value)s” muncul lebih dari sekali dalam file (baris %(rows)s).")
                % {"field": label, "value": value(row), "rows": numbers}
            )


def _check_names_taken(rows: list[ImportRow], units: list[Unit]) -> None:
    by_name = {u.name.lower(): u for u in units}
    for row in rows:
        other = by_name.get(row.name.lower())
        if other is not None and other.pk != row.unit_id:
            row.errors.append(
                _("Nama “%(name)s” sudah dipakai unit lain (%(other)s).")
                % {"name": row.name, "other": other.short_name}
            )


def _cycle(start: str, graph: dict[str, str]) -> list[str] | None:
    path, current = [start], graph.get(start, "")
    while current and current not in path:
        path.append(current)
        current = graph.get(current, "")
    return path + [start] if current == start else None


def _check_parents(rows: list[ImportRow], units: list[Unit]) -> None:
    """Each parent must exist (in the institution or the file) and the resulting tree, with
    the file's changes applied, must have no cycle."""
    graph = {u.short_name.lower(): (u.parent.short_name.lower() if u.parent_id else "") for u in units}
    shown = {u.short_name.lower(): u.short_name for u in units}
    for row in rows:
        if row.short_name:
            graph[row.key], shown[row.key] = row.parent.lower(), row.short_name
    for row in rows:
        if not row.parent or not row.short_name:
            continue
        if row.parent.lower() == row.key:
            row.errors.append(_("Unit tidak boleh menjadi induk bagi dirinya sendiri."))
        elif row.parent.lower() not in shown:
            row.errors.append(
                _(
                    "Unit induk “%(parent)s” tidak ditemukan: tidak ada unit dengan nama singkat "
                    "itu di instansi ini maupun di file."
                )
                % {"parent": row.parent}
            )
        elif path := _cycle(row.key, graph):
            row.errors.append(_("Induk melingkar: %(path)s.") % {"path": " → ".join(shown[k] for k in path)})


def _differs(row: ImportRow, unit: Unit) -> bool:
    parent = unit.parent.short_name.lower() if unit.parent_id else ""
    old = (unit.name, unit.kind, parent, unit.head_name)
    return (row.name, row.kind, row.parent.lower(), row.head_name) != old


def validate_rows(institution, rows: list[dict], file_name: str = "") -> tabular.Preview:
    """Check every row against the file and the institution's units; write nothing."""
    units = list(Unit.objects.filter(institution=institution).select_related("parent"))
    existing = {u.short_name.lower(): u for u in units}
    kinds = kind_aliases()
    results = [_parse_row(raw, existing, kinds) for raw in rows]
    _check_duplicates(results, "short_name")
    _check_duplicates(results, "name")
    _check_names_taken(results, units)
    _check_parents(results, units)
    for row in results:
        if row.unit_id is not None:
            row.changed = _differs(row, existing[row.key])
    return tabular.Preview(rows=results, file_name=file_name)


# -- applying -----------------------------------------------------------------------------------


def _parents_first(rows: list[ImportRow]) -> list[ImportRow]:
    """Rows ordered so that a parent in the file is saved before its children."""
    pending = {r.key: r for r in rows}
    depth: dict[str, int] = {}
    for row in rows:
        chain, key = [], row.key
        while key in pending and key not in depth and key not in chain:
            chain.append(key)
            key = pending[key].parent.lower()
        level = depth.get(key, -1)
        for k in reversed(chain):
            level += 1
            depth[k] = level
    return sorted(rows, key=lambda r: depth[r.key])


def _save_units(actor, institution, rows: list[ImportRow], request) -> None:
    units = {u.short_name.lower(): u for u in Unit.objects.filter(institution=institution)}
    for row in _parents_first(rows):
        unit = units.get(row.key) or Unit(institution=institution, short_name=row.short_name)
        parent = units.get(row.parent.lower()) if row.parent else None
        if row.parent and parent is None:
            raise ServiceError(_("Unit induk “%(parent)s” tidak ditemukan.") % {"parent": row.parent})
        unit.institution = institution
        unit.name, unit.kind, unit.head_name, unit.parent = row.name, row.kind, row.head_name, parent
        units[row.key] = save_unit(actor, unit, request=request)


def apply_import(actor, institution, preview: tabular.Preview, request=None) -> tuple[int, int]:
    """Save a clean preview; return (created, updated).

    1. Refuse a preview with any error.
    2. In one transaction, save the new and changed units parents-first, so a parent that comes
       later in the file exists before its children and every unit is saved (and audited, through
       `save_unit`) exactly once. Unchanged rows are skipped.
    3. Record one summary entry `unit.import`.
    Any failure rolls everything back.
    """
    if preview.has_errors:
        raise ServiceError(_("File masih mengandung galat; tidak ada unit yang disimpan."))
    rows = [r for r in preview.rows if r.status in (tabular.NEW, tabular.UPDATED)]
    created, updated = preview.counts[tabular.NEW], preview.counts[tabular.UPDATED]
    try:
        with transaction.atomic():
            _save_units(actor, institution, rows, request)
            record(
                "unit.import",
                actor=actor,
                institution=institution,
                request=request,
                after={"created": created, "updated": updated, "file": preview.file_name},
            )
    except IntegrityError:
        raise ServiceError(
            _(
                "Data unit berubah selama impor sehingga nama bentrok. "
                "Tidak ada unit yang disimpan; unggah ulang file."
            )
        )
    return created, updated
