"""Reading past official results from CSV or Excel: one row per year.

Columns (case-insensitive, Indonesian or English): tahun, instrumen (framework slug, e.g.
spbe-2020), indeks, predikat, D1..Dn, A1..An, sumber. Numbers in 4,08 or 4.08 notation.
Reading the file is `swanilai.tabular`'s; the import saves at once, all rows or none.
"""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insight.forms import parse_decimal
from insight.services import OfficialInput
from instrument.models import Framework
from swanilai import tabular
from swanilai.tabular import Column

TABLE = tabular.Table(
    columns=(
        Column("year", ("tahun", "year"), required=True),
        Column("framework", ("instrumen", "framework")),
        Column("index", ("indeks", "index"), required=True),
        Column("predicate", ("predikat", "predicate"), required=True),
        Column("source", ("sumber", "source")),
    ),
    what=gettext_lazy("hasil resmi"),
    max_rows=200,
    numbered=r"[da]\d{1,2}",  # D1..Dn (domains), A1..An (aspects)
)


class ImportProblem(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def read_rows(upload) -> list[dict[str, str]]:
    """The file's data rows by column ("year", "index", "d1"...), each with its "row" number."""
    try:
        return TABLE.read(upload)
    except tabular.TableError as err:
        raise ImportProblem([str(err)]) from None


def parse_rows(rows: list[dict[str, str]], default_framework: str = "spbe-2020") -> list[OfficialInput]:
    frameworks = {f.slug: f for f in Framework.objects.all()}
    problems, parsed = [], []
    for row in rows:
        try:
            parsed.append(_parse(row, frameworks, default_framework))
        except (forms.ValidationError, ValueError, KeyError) as exc:
            message = exc.messages[0] if isinstance(exc, forms.ValidationError) else str(exc)
            problems.append(_("baris %(n)s: %(m)s") % {"n": row["row"], "m": message})
    if problems:
        raise ImportProblem(problems)
    if not parsed:
        raise ImportProblem([_("berkas tidak berisi baris data")])
    return parsed


def _parse(row: dict, frameworks: dict, default_framework: str) -> OfficialInput:
    slug = row.get("framework") or default_framework
    if slug not in frameworks:
        raise ValueError(_("instrumen %(s)s tidak dikenal") % {"s": slug})
    try:
        year = int(row["year"])
    except ValueError:
        raise ValueError(_("tahun tidak sah")) from None
    if not row["index"] or not row["predicate"]:
        raise ValueError(_("indeks dan predikat wajib diisi"))
    parts: dict[str, dict] = {"d": {}, "a": {}}
    for key, value in row.items():
        match = re.fullmatch(r"([da])(\d{1,2})", key)
        if match and value:
            parts[match[1]][int(match[2])] = parse_decimal(value)
    return OfficialInput(
        framework=frameworks[slug],
        year=year,
        index=parse_decimal(row["index"]),
        predicate=row["predicate"],
        domains=parts["d"],
        aspects=parts["a"],
        source=row.get("source", ""),
    )
