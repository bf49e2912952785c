"""Reading past official results from CSV or Excel: one row per year.

Columns (case-insensitive, Indonesian or English): tahun, instrumen (framework slug, e.g.
spbe-2020), indeks, predikat, D1..Dn, A1..An, sumber. Numbers in 4,08 or 4.08 notation."""

import csv
import io
import re

from django import forms
from django.utils.translation import gettext as _

from insight.forms import parse_decimal
from insight.services import OfficialInput
from instrument.models import Framework

ALIASES = {
    "year": "tahun",
    "framework": "instrumen",
    "index": "indeks",
    "predicate": "predikat",
    "source": "sumber",
}
MAX_ROWS = 200


class ImportProblem(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def read_rows(upload) -> list[dict[str, str]]:
    """Rows of the uploaded file as {lower-case header: text}."""
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(upload, read_only=True, data_only=True).active
        table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        text = upload.read().decode("utf-8-sig", errors="replace")
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
        table = list(csv.reader(io.StringIO(text), dialect))
    if not table:
        return []
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in table[0]]
    return [
        dict(zip(header, row, strict=False)) for row in table[1 : MAX_ROWS + 1] if any(c.strip() for c in row)
    ]


def parse_rows(rows: list[dict[str, str]], default_framework: str = "spbe-2020") -> list[OfficialInput]:
    frameworks = {f.slug: f for f in Framework.objects.all()}
    problems, parsed = [], []
    for line, row in enumerate(rows, start=2):
        try:
            parsed.append(_parse(row, frameworks, default_framework))
        except (forms.ValidationError, ValueError, KeyError) as exc:
            message = exc.messages[0] if isinstance(exc, forms.ValidationError) else str(exc)
            problems.append(_("baris %(n)s: %(m)s") % {"n": line, "m": message})
    if problems:
        raise ImportProblem(problems)
    if not parsed:
        raise ImportProblem([_("berkas tidak berisi baris data")])
    return parsed


def _parse(row: dict, frameworks: dict, default_framework: str) -> OfficialInput:
    slug = (row.get("instrumen") or default_framework).strip()
    if slug not in frameworks:
        raise ValueError(_("instrumen %(s)s tidak dikenal") % {"s": slug})
    try:
        year = int(str(row.get("tahun", "")).strip())
    except ValueError:
        raise ValueError(_("tahun tidak sah")) from None
    if not row.get("indeks") or not row.get("predikat"):
        raise ValueError(_("indeks dan predikat wajib diisi"))
    parts = {"d": {}, "a": {}}
    for key, value in row.items():
        match = re.fullmatch(r"([da])(\d{1,2})", key or "")
        if match and str(value).strip():
            parts[match[1]][int(match[2])] = parse_decimal(value)
    return OfficialInput(
        framework=frameworks[slug],
        year=year,
        index=parse_decimal(row["indeks"]),
        predicate=row["predikat"].strip(),
        domains=parts["d"],
        aspects=parts["a"],
        source=(row.get("sumber") or "").strip(),
    )
