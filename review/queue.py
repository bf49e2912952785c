"""The verifiers' work list of a campaign: every answer with its review state, filters,
grouping by unit, indicator or owner, progress, and which answers are clean enough to accept
at once. Loads in a fixed number of queries whatever the campaign's size."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.models import Answer, AnswerEvidence, Responsibility, UnitAssessment
from instrument.models import EvidenceItem
from review import queries
from review.models import Finding, ItemVerdict, Verdict

WAITING = "waiting"
FILTERS = {
    WAITING: (
        gettext_lazy("Menunggu verifikator"),
        {queries.PENDING, queries.RESUBMITTED, queries.TO_RETURN},
    ),
    "pending": (gettext_lazy("Belum diverifikasi"), {queries.PENDING}),
    "resubmitted": (gettext_lazy("Dikirim ulang"), {queries.RESUBMITTED}),
    "returned": (gettext_lazy("Dikembalikan"), {queries.RETURNED}),
    "overdue": (gettext_lazy("Unit lewat batas"), None),
    "accepted": (gettext_lazy("Diterima"), {queries.ACCEPTED}),
    "all": (gettext_lazy("Semua"), set(queries.STATES)),
}
GROUPS = {
    "unit": gettext_lazy("Per unit"),
    "indicator": gettext_lazy("Per indikator"),
    "owner": gettext_lazy("Per penanggung jawab"),
}
BULK_STATES = {queries.PENDING}


@dataclass
class Row:
    answer: Answer
    verdict: Verdict | None
    state: str
    owner_name: str = ""
    findings: int = 0
    unclean: str = ""  # why the answer cannot be accepted at once ("" = it can)
    cascade_items: list[str] = field(default_factory=list)  # items accepted along with a bulk accept

    @property
    def assessment(self) -> UnitAssessment:
        return self.answer.assessment

    @property
    def state_label(self) -> str:
        return queries.STATES[self.state]

    @property
    def can_bulk_accept(self) -> bool:
        return not self.unclean


class QueueData:
    """Everything the queue needs about a campaign's answers (or only `answer_ids`)."""

    def __init__(self, campaign, answer_ids=None):
        self.campaign = campaign
        self.version = campaign.framework_version
        answers = (
            Answer.objects.filter(assessment__campaign=campaign)
            .select_related("indicator", "assessment__unit")
            .annotate(evidence_count=Count("attachments"))
            .order_by("assessment__unit__name", "indicator__number")
        )
        if answer_ids is not None:
            answers = answers.filter(pk__in=list(answer_ids))
        self.answers = list(answers)
        for answer in self.answers:
            answer.assessment.campaign = campaign
        verdicts = Verdict.objects.filter(answer__assessment__campaign=campaign)
        if answer_ids is not None:
            verdicts = verdicts.filter(answer_id__in=[a.pk for a in self.answers])
        self.latest = queries.latest_verdicts(verdicts)
        self._load_findings()
        self.owners = dict(
            Responsibility.objects.filter(campaign=campaign).values_list("indicator_id", "owner__short_name")
        )
        self._load_cascade()

    def _load_findings(self) -> None:
        counts = Counter()
        open_findings = Finding.objects.open().filter(campaign=self.campaign)
        for answer_id, assessment_id in open_findings.values_list("answer_id", "assessment_id"):
            counts[("answer", answer_id) if answer_id else ("assessment", assessment_id)] += 1
        self.findings = counts

    def _load_cascade(self) -> None:
        """Items per indicator, attached item codes and latest item verdicts, for the level rule."""
        self.items: dict[int, list[tuple[int, str]]] = {}
        self.attached: dict[int, set[str]] = {}
        self.item_revise: set[int] = set()
        if not self.version.level_cascade:
            return
        for indicator_id, level, code in EvidenceItem.objects.filter(
            indicator__version=self.version
        ).values_list("indicator_id", "level", "code"):
            self.items.setdefault(indicator_id, []).append((level, code))
        ids = [a.pk for a in self.answers]
        for answer_id, code in AnswerEvidence.objects.filter(answer_id__in=ids).values_list(
            "answer_id", "item_code"
        ):
            self.attached.setdefault(answer_id, set()).add(code)
        latest = {}
        for answer_id, code, decision in (
            ItemVerdict.objects.filter(answer_id__in=ids)
            .order_by("round", "pk")
            .values_list("answer_id", "item_code", "decision")
        ):
            latest[(answer_id, code)] = decision
        self.item_revise = {answer_id for (answer_id, _code), d in latest.items() if d == Verdict.REVISE}

    def rows(self) -> list[Row]:
        result = []
        for answer in self.answers:
            verdict = self.latest.get(answer.pk)
            row = Row(
                answer=answer,
                verdict=verdict,
                state=queries.review_state(answer.assessment, verdict),
                owner_name=self.owners.get(answer.indicator_id, ""),
                findings=self.findings[("answer", answer.pk)]
                + self.findings[("assessment", answer.assessment_id)],
            )
            row.unclean, row.cascade_items = self._clean(row)
            result.append(row)
        return result

    def _clean(self, row: Row) -> tuple[str, list[str]]:
        answer = row.answer
        if row.state not in BULK_STATES:
            return _("tidak sedang menunggu verifikasi pertama"), []
        if not answer.is_complete:
            return _("jawaban belum lengkap"), []
        if answer.level > 1 and not answer.evidence_count:
            return _("tidak ada data dukung"), []
        if row.findings:
            return _("ada temuan integritas yang terbuka"), []
        items = self.items.get(answer.indicator_id)
        if not items:
            return "", []
        needed = [code for level, code in items if level <= answer.level]
        missing = [code for code in needed if code not in self.attached.get(answer.pk, set())]
        if missing:
            return _("butir tanpa bukti: %(codes)s") % {"codes": ", ".join(missing)}, []
        if answer.pk in self.item_revise:
            return _("ada butir yang diminta revisi"), []
        return "", needed


def filtered(rows: list[Row], state_filter: str, unit_id=None, indicator_number=None) -> list[Row]:
    label, states = FILTERS.get(state_filter, FILTERS[WAITING])
    if states is None:
        rows = [r for r in rows if r.assessment.is_overdue]
    else:
        rows = [r for r in rows if r.state in states]
    if unit_id:
        rows = [r for r in rows if r.assessment.unit_id == unit_id]
    if indicator_number:
        rows = [r for r in rows if r.answer.indicator.number == indicator_number]
    return rows


def _group_key(row: Row, group: str) -> tuple:
    """(sort key, heading) of the group a row falls under."""
    if group == "indicator":
        indicator = row.answer.indicator
        return indicator.number, f"{indicator.label} {indicator.short_name}"
    if group == "owner":
        return row.owner_name, row.owner_name or "–"
    return row.assessment.unit.name, row.assessment.unit.name


def grouped(rows: list[Row], group: str) -> list[tuple[str, list[Row]]]:
    """Rows under headings: the unit, the indicator, or the owner unit of the indicator."""
    groups: dict = {}
    order = sorted(
        rows, key=lambda r: (_group_key(r, group)[0], r.answer.indicator.number, r.assessment.unit.name)
    )
    for row in order:
        groups.setdefault(_group_key(row, group), []).append(row)
    return [(heading, members) for (_sort, heading), members in groups.items()]


@dataclass
class Progress:
    states: dict[str, int]
    assessments: dict[str, int]
    submitted_answers: int
    reviewed: int

    @property
    def percent(self) -> int:
        return round(100 * self.reviewed / self.submitted_answers) if self.submitted_answers else 0


def progress(rows: list[Row]) -> Progress:
    states = Counter(r.state for r in rows)
    seen, assessments = set(), Counter()
    for row in rows:
        if row.assessment.pk not in seen:
            seen.add(row.assessment.pk)
            assessments[row.assessment.status] += 1
    submitted = sum(n for s, n in states.items() if s != queries.NOT_SUBMITTED)
    reviewed = states[queries.ACCEPTED] + states[queries.TO_RETURN] + states[queries.RETURNED]
    return Progress(
        states={s: states[s] for s in queries.STATES},
        assessments={str(label): assessments[s] for s, label in UnitAssessment.STATUSES},
        submitted_answers=submitted,
        reviewed=reviewed,
    )
