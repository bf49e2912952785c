"""Integrity checks against cheating: run on every submission (for that unit) and nightly (for
every running campaign). Each check returns what it found; `sync` turns that into `Finding`
rows, keyed so that the next run updates rather than duplicates, and marks as resolved what is
no longer found. A dismissed finding stays dismissed.

The checks and what a finding means:
- hash_reuse: the same file (SHA-256) is attached by another unit, or was attached by this unit
  in an earlier campaign for a different claim (another indicator or level).
- late_document: a document is dated after the unit's submission deadline.
- stale_review: a review/evaluation/audit report is older than two years at the campaign's
  opening (the framework's two-year rule).
- evidence_removed: an answer above level 1 lost evidence it was sent with in an earlier round,
  without anything added in its place.
- near_copy: the explanation (FAKTA + ANALISIS) nearly matches another unit's for the same
  indicator (see review/textmatch.py for the threshold).
- level_jump: the claimed level is two or more above the unit's level in the previous campaign
  of the same framework (its verified level where there is one).
- overclaim: in past campaigns the unit claimed more than the verifiers verified in most of its
  verified answers.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Answer, AnswerEvidence, Campaign, Evidence, UnitAssessment
from audit.services import record
from review import queries, textmatch
from review.levels import show
from review.models import AnswerSnapshot, Finding, Verdict

REVIEW_WORDS = re.compile(r"\b(reviu|review|evaluasi|audit)\b", re.IGNORECASE)
STALE_YEARS = 2
JUMP = 2
OVERCLAIM_MIN_ANSWERS = 5
RUNNING = (Campaign.OPEN, Campaign.VERIFICATION)


@dataclass
class Found:
    kind: str
    key: str
    assessment_id: int
    answer_id: int | None
    summary: str
    links: list[dict] = field(default_factory=list)
    facts: dict = field(default_factory=dict)


def link(label: str, name: str, **kwargs) -> dict:
    return {"label": label, "name": name, "kwargs": kwargs}


def answer_link(answer_id: int, label: str) -> dict:
    return link(label, "review:answer", pk=answer_id)


def evidence_link(evidence: Evidence | dict) -> dict:
    if isinstance(evidence, dict):
        ev_id, title, kind, url = evidence["id"], evidence["title"], evidence["kind"], evidence.get("url", "")
    else:
        ev_id, title, kind, url = evidence.pk, evidence.title, evidence.kind, evidence.url
    if kind == Evidence.LINK and url:
        return {"label": title, "href": url}
    return link(title, "assessment:evidence_download", pk=ev_id)


class Scope:
    """The answers under check (of the given assessments) with their attachments, loaded once."""

    def __init__(self, campaign, assessments):
        self.campaign = campaign
        self.institution = campaign.institution
        self.assessments = {a.pk: a for a in assessments}
        self.answers = list(
            Answer.objects.filter(assessment_id__in=self.assessments)
            .select_related("indicator", "assessment__unit")
            .order_by("pk")
        )
        self.attachments: dict[int, list[AnswerEvidence]] = {}
        for att in (
            AnswerEvidence.objects.filter(answer__in=self.answers).select_related("evidence").order_by("pk")
        ):
            self.attachments.setdefault(att.answer_id, []).append(att)

    def label(self, answer) -> str:
        return f"{answer.assessment.unit.short_name} · {answer.indicator.label}"


# -- the checks -------------------------------------------------------------------------------------


USE_FIELDS = (
    "answer_id",
    "evidence__sha256",
    "answer__assessment__unit_id",
    "answer__assessment__unit__short_name",
    "answer__assessment__campaign__name",
    "answer__assessment__campaign__opens_on",
    "answer__indicator__number",
    "answer__level",
)


def check_hash_reuse(scope: Scope) -> list[Found]:
    mine = [
        (a, att.evidence)
        for a in scope.answers
        for att in scope.attachments.get(a.pk, [])
        if att.evidence.kind == Evidence.FILE and att.evidence.sha256
    ]
    shas = {ev.sha256 for _a, ev in mine}
    uses: dict[str, list[dict]] = {}
    if shas:
        rows = AnswerEvidence.objects.filter(
            evidence__sha256__in=shas, answer__assessment__campaign__institution=scope.institution
        )
        for use in rows.values(*USE_FIELDS):
            uses.setdefault(use["evidence__sha256"], []).append(use)
    found = []
    for answer, evidence in mine:
        others = _reuses(uses.get(evidence.sha256, []), answer, scope.campaign)
        if others:
            found.append(_hash_finding(scope, answer, evidence, others))
    return found


def _use_label(use: dict) -> str:
    return (
        f"{use['answer__assessment__unit__short_name']} · {use['answer__assessment__campaign__name']} · "
        f"{use['answer__indicator__number']}"
    )


def _hash_finding(scope: Scope, answer, evidence, others: list[dict]) -> Found:
    where = "; ".join(
        _("%(use)s, level %(level)s") % {"use": _use_label(u), "level": u["answer__level"] or "–"}
        for u in others[:8]
    )
    text = _('Berkas "%(title)s" (SHA-256 %(sha)s…) pada %(answer)s juga dipakai di: %(where)s.') % {
        "title": evidence.title,
        "sha": evidence.sha256[:12],
        "answer": scope.label(answer),
        "where": where,
    }
    links = [answer_link(answer.pk, scope.label(answer)), evidence_link(evidence)]
    links += [answer_link(u["answer_id"], _use_label(u)) for u in others[:8]]
    return Found(
        Finding.HASH_REUSE,
        f"hash:{answer.pk}:{evidence.sha256[:20]}",
        answer.assessment_id,
        answer.pk,
        text,
        links,
        {"sha256": evidence.sha256, "uses": len(others)},
    )


def _reuses(uses: list[dict], answer, campaign) -> list[dict]:
    """The uses of a file that make its use for `answer` suspicious: any by another unit, and
    this unit's uses in earlier campaigns when none of them was for the same claim (indicator
    and level) — the file now proves something it did not prove before."""
    unit_id = answer.assessment.unit_id
    other_units = [u for u in uses if u["answer__assessment__unit_id"] != unit_id]
    earlier = [
        u
        for u in uses
        if u["answer__assessment__unit_id"] == unit_id
        and u["answer__assessment__campaign__opens_on"] < campaign.opens_on
    ]
    claims = {(u["answer__indicator__number"], u["answer__level"]) for u in earlier}
    if earlier and (answer.indicator.number, answer.level) not in claims:
        return other_units + earlier
    return other_units


def check_document_dates(scope: Scope) -> list[Found]:
    """Documents dated after the deadline, and review/audit reports over two years old."""
    zone = ZoneInfo(scope.institution.time_zone)
    cutoff = years_before(scope.campaign.opens_on, STALE_YEARS)
    found = []
    for answer in scope.answers:
        deadline = timezone.localtime(answer.assessment.deadline, zone).date()
        for ev in (att.evidence for att in scope.attachments.get(answer.pk, [])):
            if ev.document_date and ev.document_date > deadline:
                found.append(_late_finding(scope, answer, ev, deadline))
            if (
                ev.document_date
                and ev.document_date < cutoff
                and REVIEW_WORDS.search(f"{ev.title} {ev.original_name}")
            ):
                found.append(_stale_finding(scope, answer, ev))
    return found


def _late_finding(scope: Scope, answer, evidence, deadline) -> Found:
    text = _(
        'Dokumen "%(title)s" pada %(answer)s bertanggal %(date)s, sesudah batas pengisian %(deadline)s: '
        "dokumen itu belum ada saat penilaian ditutup, atau tanggalnya keliru."
    ) % {
        "title": evidence.title,
        "answer": scope.label(answer),
        "date": id_date(evidence.document_date),
        "deadline": id_date(deadline),
    }
    return Found(
        Finding.LATE_DOCUMENT,
        f"late:{answer.pk}:{evidence.pk}",
        answer.assessment_id,
        answer.pk,
        text,
        [answer_link(answer.pk, scope.label(answer)), evidence_link(evidence)],
    )


def _stale_finding(scope: Scope, answer, evidence) -> Found:
    text = _(
        'Laporan reviu/evaluasi/audit "%(title)s" pada %(answer)s bertanggal %(date)s, lebih dari '
        "%(years)s tahun sebelum periode dibuka (%(opens)s); laporan seperti itu hanya berlaku bila berumur "
        "kurang dari %(years)s tahun."
    ) % {
        "title": evidence.title,
        "answer": scope.label(answer),
        "date": id_date(evidence.document_date),
        "years": STALE_YEARS,
        "opens": id_date(scope.campaign.opens_on),
    }
    return Found(
        Finding.STALE_REVIEW,
        f"stale:{answer.pk}:{evidence.pk}",
        answer.assessment_id,
        answer.pk,
        text,
        [answer_link(answer.pk, scope.label(answer)), evidence_link(evidence)],
    )


def check_evidence_removed(scope: Scope) -> list[Found]:
    sent: dict[int, dict[int, dict]] = {}
    for answer_id, evidence in AnswerSnapshot.objects.filter(answer__in=scope.answers).values_list(
        "answer_id", "evidence"
    ):
        for entry in evidence:
            sent.setdefault(answer_id, {})[entry["id"]] = entry
    found = []
    for answer in scope.answers:
        if not answer.level or answer.level <= 1 or answer.pk not in sent:
            continue
        current = {att.evidence_id for att in scope.attachments.get(answer.pk, [])}
        removed = [entry for ev_id, entry in sent[answer.pk].items() if ev_id not in current]
        if not removed or (current - set(sent[answer.pk])):
            continue  # nothing removed, or something new put in its place
        titles = ", ".join(f'"{e["title"]}"' for e in removed)
        found.append(
            Found(
                Finding.EVIDENCE_REMOVED,
                f"removed:{answer.pk}",
                answer.assessment_id,
                answer.pk,
                _(
                    "%(answer)s tetap mengklaim level %(level)s, tetapi data dukung yang pernah dikirim "
                    "dilepas tanpa "
                    "pengganti: %(titles)s. Sisa data dukung: %(left)s."
                )
                % {
                    "answer": scope.label(answer),
                    "level": answer.level,
                    "titles": titles,
                    "left": len(current),
                },
                [
                    answer_link(answer.pk, scope.label(answer)),
                    link(_("Perubahan antarputaran"), "review:changes", pk=answer.assessment_id),
                ]
                + [evidence_link(e) for e in removed[:5]],
            )
        )
    return found


def check_near_copies(scope: Scope) -> list[Found]:
    indicator_ids = {a.indicator_id for a in scope.answers}
    rows = (
        Answer.objects.filter(assessment__campaign=scope.campaign, indicator_id__in=indicator_ids)
        .exclude(assessment__status=UnitAssessment.DRAFT)
        .values_list(
            "pk", "indicator_id", "assessment__unit_id", "assessment__unit__short_name", "fakta", "analisis"
        )
    )
    texts, units = [], {}
    for pk, indicator_id, unit_id, unit_name, fakta, analisis in rows:
        texts.append(textmatch.Text(pk, indicator_id, unit_id, f"{fakta}\n{analisis}"))
        units[pk] = unit_name
    matches: dict[int, list[textmatch.Match]] = {}
    for match in textmatch.near_copies(texts, only={a.pk for a in scope.answers}):
        matches.setdefault(match.key, []).append(match)
    found = []
    for answer in scope.answers:
        if answer.pk not in matches:
            continue
        others = matches[answer.pk]
        where = ", ".join(f"{units[m.other]} ({round(m.score)}%)" for m in others)
        found.append(
            Found(
                Finding.NEAR_COPY,
                f"copy:{answer.pk}",
                answer.assessment_id,
                answer.pk,
                _(
                    "Penjelasan %(answer)s hampir sama dengan penjelasan unit lain untuk indikator yang "
                    "sama: %(where)s. "
                    "Periksa apakah penjelasan disalin tanpa disesuaikan dengan keadaan unit."
                )
                % {"answer": scope.label(answer), "where": where},
                [answer_link(answer.pk, scope.label(answer))]
                + [answer_link(m.other, f"{units[m.other]} · {answer.indicator.label}") for m in others[:8]],
                {"scores": {str(m.other): m.score for m in others}},
            )
        )
    return found


def check_level_jumps(scope: Scope) -> list[Found]:
    previous = _previous_levels(scope)
    found = []
    for answer in scope.answers:
        before = previous.get((answer.assessment.unit_id, answer.indicator.number))
        if not answer.level or before is None or answer.level - before["value"] < JUMP:
            continue
        found.append(
            Found(
                Finding.LEVEL_JUMP,
                f"jump:{answer.pk}",
                answer.assessment_id,
                answer.pk,
                _(
                    "%(answer)s mengklaim level %(level)s; pada %(campaign)s levelnya %(before)s (%(kind)s). "
                    "Lonjakan "
                    "%(jump)s level dalam satu periode perlu bukti yang kuat."
                )
                % {
                    "answer": scope.label(answer),
                    "level": answer.level,
                    "campaign": before["campaign"],
                    "before": show(before["value"]),
                    "kind": before["kind"],
                    "jump": show(answer.level - before["value"]),
                },
                [
                    answer_link(answer.pk, scope.label(answer)),
                    answer_link(before["answer_id"], before["campaign"]),
                ],
            )
        )
    return found


def _previous_levels(scope: Scope) -> dict[tuple[int, int], dict]:
    """Per (unit, indicator number): the unit's level in its latest earlier campaign of the same
    framework — the verified level where there is one, else the claimed one."""
    unit_ids = {a.unit_id for a in scope.assessments.values()}
    rows = (
        Answer.objects.filter(
            assessment__unit_id__in=unit_ids,
            assessment__campaign__institution=scope.institution,
            assessment__campaign__framework_version__framework_id=scope.campaign.framework_version.framework_id,
            assessment__campaign__opens_on__lt=scope.campaign.opens_on,
            level__isnull=False,
        )
        .order_by("assessment__campaign__opens_on", "pk")
        .values_list("pk", "assessment__unit_id", "indicator__number", "level", "assessment__campaign__name")
    )
    latest = {}
    for pk, unit_id, number, level, campaign_name in rows:
        latest[(unit_id, number)] = {
            "answer_id": pk,
            "value": level,
            "campaign": campaign_name,
            "kind": _("klaim unit"),
        }
    verdicts = queries.latest_verdicts(
        Verdict.objects.filter(
            answer_id__in=[v["answer_id"] for v in latest.values()], verified_level__isnull=False
        )
    )
    for entry in latest.values():
        verdict = verdicts.get(entry["answer_id"])
        if verdict is not None:
            entry["value"], entry["kind"] = verdict.verified_level, _("terverifikasi")
    return latest


@dataclass
class PastRecord:
    """A unit's verified answers in past campaigns: how many, and how many claimed too high."""

    total: int = 0
    over: int = 0
    campaigns: dict[str, list[int]] = field(default_factory=dict)  # name -> [over, total]
    assessments: dict[int, str] = field(default_factory=dict)  # assessment id -> campaign name

    def add(self, assessment, exceeded: bool) -> None:
        self.total, self.over = self.total + 1, self.over + exceeded
        counts = self.campaigns.setdefault(assessment.campaign.name, [0, 0])
        counts[0], counts[1] = counts[0] + exceeded, counts[1] + 1
        self.assessments[assessment.pk] = assessment.campaign.name


def _past_records(scope: Scope) -> dict[int, PastRecord]:
    verdicts = queries.latest_verdicts(
        Verdict.objects.filter(
            answer__assessment__unit_id__in={a.unit_id for a in scope.assessments.values()},
            answer__assessment__campaign__institution=scope.institution,
            answer__assessment__campaign__opens_on__lt=scope.campaign.opens_on,
            verified_level__isnull=False,
        ).select_related("answer__assessment__campaign")
    )
    records: dict[int, PastRecord] = {}
    for verdict in verdicts.values():
        answer = verdict.answer
        if answer.level is not None:
            records.setdefault(answer.assessment.unit_id, PastRecord()).add(
                answer.assessment, answer.level > verdict.verified_level
            )
    return records


def check_overclaiming(scope: Scope) -> list[Found]:
    """Units that, over past campaigns, claimed more than was verified in most verified answers."""
    records = _past_records(scope)
    found = []
    for assessment in scope.assessments.values():
        past = records.get(assessment.unit_id)
        if past is None or past.total < OVERCLAIM_MIN_ANSWERS or past.over * 2 <= past.total:
            continue
        detail = "; ".join(f"{name}: {o} dari {t}" for name, (o, t) in past.campaigns.items())
        text = _(
            "Pada periode sebelumnya %(unit)s mengklaim level di atas hasil verifikasi pada %(over)s dari "
            "%(total)s jawaban terverifikasi (%(detail)s). Periksa klaim periode ini dengan teliti."
        ) % {"unit": assessment.unit.short_name, "over": past.over, "total": past.total, "detail": detail}
        links = [link(_("Penilaian periode ini"), "review:assessment", pk=assessment.pk)]
        links += [link(name, "review:assessment", pk=pk) for pk, name in past.assessments.items()]
        found.append(
            Found(
                Finding.OVERCLAIM,
                f"overclaim:{assessment.pk}",
                assessment.pk,
                None,
                text,
                links,
                {"over": past.over, "total": past.total},
            )
        )
    return found


CHECKS = (
    check_hash_reuse,
    check_document_dates,
    check_evidence_removed,
    check_near_copies,
    check_level_jumps,
    check_overclaiming,
)


# -- running and keeping findings -----------------------------------------------------------------------


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    resolved: int = 0


def check_assessment(assessment: UnitAssessment) -> Outcome:
    """Run every check on one unit's answers (the submission hook)."""
    campaign = Campaign.objects.select_related("institution", "framework_version").get(
        pk=assessment.campaign_id
    )
    assessment = UnitAssessment.objects.select_related("unit").get(pk=assessment.pk)
    return run(campaign, [assessment])


def check_campaign(campaign: Campaign) -> Outcome:
    """Run every check on every submitted unit assessment of `campaign` (the nightly run)."""
    assessments = list(
        UnitAssessment.objects.filter(campaign=campaign)
        .exclude(status=UnitAssessment.DRAFT)
        .select_related("unit")
    )
    return run(campaign, assessments)


def run(campaign: Campaign, assessments) -> Outcome:
    scope = Scope(campaign, assessments)
    found = [item for check in CHECKS for item in check(scope)]
    with transaction.atomic():
        outcome = sync(campaign, found, set(scope.assessments))
        if outcome.created or outcome.resolved:
            record(
                "review.integrity_check",
                obj=campaign,
                institution=campaign.institution,
                label="sistem",
                after={
                    "units": len(scope.assessments),
                    "created": outcome.created,
                    "resolved": outcome.resolved,
                },
            )
    return outcome


def sync(campaign: Campaign, found: list[Found], assessment_ids: set[int]) -> Outcome:
    now, outcome = timezone.now(), Outcome()
    existing = {f.key: f for f in Finding.objects.filter(campaign=campaign, assessment_id__in=assessment_ids)}
    new = {}
    for item in {f.key: f for f in found}.values():  # one item attached under two butir is one finding
        details = {"links": item.links, **item.facts}
        finding = existing.pop(item.key, None)
        if finding is None:
            new[item.key] = Finding(
                campaign=campaign,
                assessment_id=item.assessment_id,
                answer_id=item.answer_id,
                kind=item.kind,
                key=item.key,
                summary=item.summary,
                details=details,
                last_seen_at=now,
            )
            continue
        finding.summary, finding.details, finding.last_seen_at, finding.resolved_at = (
            item.summary,
            details,
            now,
            None,
        )
        finding.save(update_fields=["summary", "details", "last_seen_at", "resolved_at"])
        outcome.updated += 1
    Finding.objects.bulk_create(new.values())
    outcome.created = len(new)
    stale = [f.pk for f in existing.values() if f.resolved_at is None]
    outcome.resolved = Finding.objects.filter(pk__in=stale).update(resolved_at=now)
    return outcome


# -- dates ---------------------------------------------------------------------------------------------

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def id_date(value: date) -> str:
    """A date in Indonesian: 5 Maret 2026."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def years_before(value: date, years: int) -> date:
    try:
        return value.replace(year=value.year - years)
    except ValueError:  # 29 February
        return value.replace(year=value.year - years, day=28)
