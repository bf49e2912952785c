"""The Berita Acara Penilaian Mandiri and the Pernyataan Persetujuan Publikasi, in three layers:
`build` (plain dataclasses, tested without rendering) → `render_pdf` (WeasyPrint) → the view.

Everything printed comes from the approval: the final levels, the index and the predicate as
they were when the Koordinator SPBE approved them."""

import base64
import mimetypes
from dataclasses import dataclass
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone

from instrument.models import Indicator
from instrument.scoring import format_id
from review.integrity import id_date
from review.levels import as_engine_value, level_name, show
from review.models import Approval, IndicatorResult

WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


@dataclass(frozen=True)
class Row:
    label: str
    name: str
    aspect: str
    level: str
    level_name: str


@dataclass(frozen=True)
class Subtotal:
    label: str
    value: str
    predicate: str


@dataclass(frozen=True)
class Signatory:
    role: str
    name: str


@dataclass(frozen=True)
class BeritaAcara:
    institution: str
    logo: str  # a data: URI, or "" without a logo
    number: str
    day: str  # "Senin"
    date: str  # "12 Oktober 2026"
    campaign: str
    year: int
    framework: str
    legal_basis: str
    index_display: str
    predicate: str
    rows: tuple[Row, ...]
    subtotals: tuple[Subtotal, ...]
    signatories: tuple[Signatory, ...]
    koordinator: Signatory


def build(approval: Approval) -> BeritaAcara:
    campaign = approval.campaign
    institution = campaign.institution
    version = campaign.framework_version
    levels = {int(n): Fraction(v) for n, v in approval.levels.items()}
    rows = tuple(
        Row(
            i.label,
            i.name,
            i.aspect.name,
            show(levels.get(i.number)),
            level_name(version, i, levels.get(i.number)),
        )
        for i in Indicator.objects.filter(version=version).select_related("aspect").order_by("number")
    )
    approved_on = timezone.localtime(approval.approved_at, ZoneInfo(institution.time_zone)).date()
    koordinator = Signatory(
        "Koordinator SPBE", approval.approved_by.get_full_name() or approval.approved_by.username
    )
    return BeritaAcara(
        institution=institution.name,
        logo=_logo(institution),
        number=approval.number,
        day=WEEKDAYS[approved_on.weekday()],
        date=id_date(approved_on),
        campaign=campaign.name,
        year=campaign.year,
        framework=version.title,
        legal_basis=version.legal_basis.split(" (")[0],
        index_display=approval.index_display,
        predicate=approval.predicate,
        rows=rows,
        subtotals=_subtotals(version, levels),
        signatories=(_team_lead(campaign), koordinator),
        koordinator=koordinator,
    )


def _subtotals(version, levels) -> tuple[Subtotal, ...]:
    """Domain (where the framework has them) and aspect indices of the approved levels."""
    score = version.engine().score_parsed({n: as_engine_value(v) for n, v in levels.items()})
    model = version.engine().model
    names = {a.number: a.name for a in version.aspects.all()}
    domain_names = {d.number: d.name for d in version.domains.all()}
    rows = [
        Subtotal(f"Domain {n} {domain_names.get(n, '')}", format_id(v), model.predicate(v))
        for n, v in score.domains.items()
    ]
    rows += [
        Subtotal(f"Aspek {n} {names.get(n, '')}", format_id(v), model.predicate(v))
        for n, v in score.aspects.items()
    ]
    return tuple(rows)


def _team_lead(campaign) -> Signatory:
    settled = (
        IndicatorResult.objects.filter(campaign=campaign, settled_by__isnull=False)
        .select_related("settled_by")
        .order_by("settled_at")
        .first()
    )
    name = (settled.settled_by.get_full_name() or settled.settled_by.username) if settled else ""
    return Signatory("Ketua Tim Asesor Internal", name)


def _logo(institution) -> str:
    """The institution's logo as a data: URI (read through the storage, so S3 works too)."""
    if not institution.logo:
        return ""
    try:
        with institution.logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    mime = mimetypes.guess_type(institution.logo.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def render_pdf(document: BeritaAcara) -> bytes:
    """The two documents as one A4 PDF."""
    import weasyprint  # heavy; loaded only when a PDF is made

    html = render_to_string("review/berita_acara.html", {"ba": document})
    return weasyprint.HTML(string=html).write_pdf()
