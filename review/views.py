"""Verification pages: the queue, an answer under review, a unit's verification result and its
changes between rounds, interview notes and integrity findings."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessment.models import Answer
from instrument.models import Indicator, LevelCriterion
from orgs.access import (
    access_for,
    get_answer_for_user,
    get_assessment_for_user,
    get_campaign_for_user,
    institution_view,
)
from orgs.models import Role
from review import integrity, queries, rounds, services
from review.export import evidence_url
from review.forms import NoteForm, ReasonForm, ReturnForm, VerdictForm
from review.models import Finding, InterviewNote, Verdict
from review.queue import FILTERS, GROUPS, WAITING, QueueData, filtered, grouped, progress

REVIEWERS = (Role.VERIFIER, Role.KOORDINATOR, Role.INSTITUTION_ADMIN)
QUEUE_LIMIT = 600


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _is_verifier(request) -> bool:
    return access_for(request.user).has_role(request.institution, Role.VERIFIER)


@institution_view(*REVIEWERS)
@require_GET
def queue(request, pk):
    institution = request.institution
    campaign = get_campaign_for_user(request.user, institution, pk)
    data = QueueData(campaign)
    rows = data.rows()
    state = request.GET.get("status") if request.GET.get("status") in FILTERS else WAITING
    group = request.GET.get("group") if request.GET.get("group") in GROUPS else "unit"
    unit_id, number = _int(request.GET.get("unit")), _int(request.GET.get("indikator"))
    shown = filtered(rows, state, unit_id, number)
    context = {
        "institution": institution,
        "campaign": campaign,
        "progress": progress(rows),
        "groups": grouped(shown[:QUEUE_LIMIT], group),
        "shown": len(shown),
        "limit": QUEUE_LIMIT,
        "filters": FILTERS,
        "group_choices": GROUPS,
        "state": state,
        "group": group,
        "unit_id": unit_id,
        "number": number,
        "states": queries.STATES,
        "units": sorted({(r.assessment.unit_id, r.assessment.unit.name) for r in rows}, key=lambda u: u[1]),
        "indicators": sorted({(r.answer.indicator.number, r.answer.indicator.label) for r in rows}),
        "can_verify": _is_verifier(request) and not services.is_locked(campaign),
    }
    return render(request, "review/queue.html", context)


@institution_view(Role.VERIFIER)
@require_POST
def bulk_accept(request, pk):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    ids = [i for i in map(_int, request.POST.getlist("answer")) if i]
    try:
        accepted, skipped = services.bulk_accept(request.user, campaign, ids, request=request)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s jawaban diterima.") % {"n": len(accepted)})
        for answer, why in skipped[:10]:
            messages.warning(
                request,
                _("%(unit)s · %(label)s dilewati: %(why)s")
                % {"unit": answer.assessment.unit.short_name, "label": answer.indicator.label, "why": why},
            )
    return redirect("review:queue", request.institution.slug, campaign.pk)


def with_links(attachments, slug: str) -> list:
    """Attachments with `href`: a file's download page or a link's own address."""
    attachments = list(attachments)
    for att in attachments:
        att.href = evidence_url(att.evidence, slug, lambda path: path)
    return attachments


def finding_links(findings, slug: str) -> list[Finding]:
    findings = list(findings)
    for finding in findings:
        finding.links_here = finding.links(slug)
    return findings


# -- one answer --------------------------------------------------------------------------------------


def _items_context(answer, attachments) -> dict:
    items = queries.evidence_items(answer)
    if not queries.uses_cascade(answer, items):
        return {"items": []}
    latest = queries.latest_item_verdicts(answer)
    result = queries.answer_cascade(answer, items, latest)
    outcomes = {o.code: o for o in result.items}
    rows = [
        {
            "item": i,
            "outcome": outcomes[i.code],
            "verdict": latest.get(i.code),
            "attachments": [a for a in attachments if a.item_code == i.code],
        }
        for i in items
    ]
    return {"items": rows, "cascade": result, "band": queries.cascade_band(answer, result)}


def answer_context(request, answer, form=None) -> dict:
    assessment = answer.assessment
    campaign = assessment.campaign
    attachments = with_links(
        answer.attachments.select_related("evidence").order_by("item_code", "attached_at"),
        request.institution.slug,
    )
    findings = Finding.objects.filter(
        Q(answer=answer) | Q(assessment=assessment, answer=None), resolved_at=None
    )
    if not access_for(request.user).can_manage(request.institution):
        findings = findings.filter(dismissed_at=None)
    verdicts = list(answer.verdicts.select_related("verifier").order_by("-round", "-pk"))
    latest = queries.latest_verdict(answer, up_to_round=assessment.round)
    can_verify = (
        _is_verifier(request) and assessment.status in queries.IN_REVIEW and not services.is_locked(campaign)
    )
    if form is None:
        form = VerdictForm(initial={"decision": Verdict.ACCEPT})
    return {
        "institution": request.institution,
        "answer": answer,
        "assessment": assessment,
        "campaign": campaign,
        "indicator": answer.indicator,
        "attachments": attachments,
        "verdicts": verdicts,
        "latest": latest,
        "state": queries.STATES[queries.review_state(assessment, latest)],
        "snapshots": list(answer.snapshots.order_by("-round", "-pk")),
        "criteria": LevelCriterion.objects.filter(indicator=answer.indicator).order_by("level"),
        "findings": finding_links(findings.select_related("dismissed_by"), request.institution.slug),
        "notes": InterviewNote.objects.filter(campaign=campaign, indicator=answer.indicator).select_related(
            "unit", "author"
        ),
        "previous": Answer.objects.previous_of(answer),
        "form": form,
        "can_verify": can_verify,
        "note_form": NoteForm(units=campaign.units.all()),
        **_items_context(answer, attachments),
    }


@institution_view(*REVIEWERS)
@require_GET
def answer_review(request, pk):
    answer = get_answer_for_user(request.user, request.institution, pk)
    return render(request, "review/answer.html", answer_context(request, answer))


@institution_view(Role.VERIFIER)
@require_POST
def verdict(request, pk):
    answer = get_answer_for_user(request.user, request.institution, pk)
    form = VerdictForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_verdict(
                request.user,
                answer,
                data["decision"],
                reason=data["reason"],
                verified_level=data["verified_level"],
                justification=data["justification"],
                request=request,
            )
        except services.ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Putusan dicatat."))
            following = _next_waiting(answer) if request.POST.get("next") else None
            return redirect("review:answer", request.institution.slug, (following or answer).pk)
    return render(request, "review/answer.html", answer_context(request, answer, form), status=400)


def _next_waiting(answer):
    """The next answer of the same unit that still waits for a verdict."""
    data = QueueData(
        answer.assessment.campaign, answer_ids=answer.assessment.answers.values_list("pk", flat=True)
    )
    waiting = [r.answer for r in data.rows() if r.state in (queries.PENDING, queries.RESUBMITTED)]
    later = [a for a in waiting if a.indicator.number > answer.indicator.number]
    return (later or waiting or [None])[0]


@institution_view(Role.VERIFIER)
@require_POST
def item_verdicts(request, pk):
    answer = get_answer_for_user(request.user, request.institution, pk)
    decisions = {}
    for key, value in request.POST.items():
        if key.startswith("item-"):
            code = key[5:]
            decisions[code] = (
                value,
                request.POST.get(f"reason-{code}", ""),
                request.POST.get(f"note-{code}", ""),
            )
    try:
        result = services.record_item_verdicts(request.user, answer, decisions, request=request)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Putusan butir dicatat. Menurut aturan berjenjang level yang tercapai: %(level)s.")
            % {"level": max(result.level, 0)},
        )
    return redirect("review:answer", request.institution.slug, answer.pk)


# -- a unit's assessment -------------------------------------------------------------------------------


@institution_view()
@require_GET
def assessment_review(request, pk):
    """The unit's verification result: verdicts, reasons and justifications per answer."""
    institution = request.institution
    assessment = get_assessment_for_user(request.user, institution, pk)
    data = QueueData(assessment.campaign, answer_ids=assessment.answers.values_list("pk", flat=True))
    rows = sorted(data.rows(), key=lambda r: r.answer.indicator.number)
    can_verify = _is_verifier(request) and not services.is_locked(assessment.campaign)
    context = {
        "institution": institution,
        "assessment": assessment,
        "campaign": assessment.campaign,
        "rows": rows,
        "progress": progress(rows),
        "can_verify": can_verify and assessment.status in queries.IN_REVIEW,
        "is_reviewer": access_for(request.user).has_role(institution, *REVIEWERS),
        "return_form": ReturnForm(),
        "rounds": range(1, assessment.round + 1),
    }
    return render(request, "review/assessment.html", context)


@institution_view()
@require_GET
def changes(request, pk):
    assessment = get_assessment_for_user(request.user, request.institution, pk)
    live = rounds.live_round(assessment)
    last = max(live or 0, assessment.round)
    newer = min(_int(request.GET.get("ke")) or last, last)
    older = min(_int(request.GET.get("dari")) or max(newer - 1, 1), newer)
    context = {
        "institution": request.institution,
        "assessment": assessment,
        "campaign": assessment.campaign,
        "older": older,
        "newer": newer,
        "rounds": range(1, last + 1),
        "live": live,
        "changes": rounds.changes(assessment, older, newer),
    }
    return render(request, "review/changes.html", context)


@institution_view(Role.VERIFIER)
@require_POST
def return_assessment(request, pk):
    assessment = get_assessment_for_user(request.user, request.institution, pk)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ReviewError(_("Isi batas revisi (tanggal dan jam)."))
        answers = services.return_assessment(
            request.user,
            assessment,
            form.cleaned_data["message"],
            form.cleaned_data["deadline"],
            request=request,
        )
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Penilaian dikembalikan ke unit dengan %(n)s jawaban untuk direvisi.") % {"n": len(answers)},
        )
    return redirect("review:assessment", request.institution.slug, assessment.pk)


@institution_view(Role.VERIFIER)
@require_POST
def accept_assessment(request, pk):
    assessment = get_assessment_for_user(request.user, request.institution, pk)
    try:
        services.accept_assessment(request.user, assessment, request=request)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Verifikasi unit selesai: penilaian diterima."))
    return redirect("review:assessment", request.institution.slug, assessment.pk)


# -- notes and findings ---------------------------------------------------------------------------------


@institution_view(Role.VERIFIER)
@require_POST
def note_add(request, pk, number):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    indicator = get_object_or_404(Indicator, version=campaign.framework_version, number=number)
    form = NoteForm(request.POST, units=campaign.units.all())
    try:
        if not form.is_valid():
            raise services.ReviewError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        data = form.cleaned_data
        services.add_note(
            request.user,
            campaign,
            indicator,
            kind=data["kind"],
            held_on=data["held_on"],
            text=data["text"],
            participants=data["participants"],
            unit=data["unit"],
            request=request,
        )
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Catatan disimpan."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("review:indicator", request.institution.slug, campaign.pk, number)


@institution_view(*REVIEWERS)
@require_GET
def findings(request, pk):
    institution = request.institution
    campaign = get_campaign_for_user(request.user, institution, pk)
    kind = request.GET.get("jenis") if request.GET.get("jenis") in dict(Finding.KINDS) else ""
    rows = (
        Finding.objects.filter(campaign=campaign, resolved_at=None)
        .select_related("assessment__unit", "answer__indicator", "dismissed_by")
        .order_by("kind", "pk")
    )
    counts = {k: 0 for k, _label in Finding.KINDS}
    for finding_kind in rows.filter(dismissed_at=None).values_list("kind", flat=True):
        counts[finding_kind] += 1
    if kind:
        rows = rows.filter(kind=kind)
    rows = list(rows)
    is_admin = access_for(request.user).can_manage(institution)
    context = {
        "institution": institution,
        "campaign": campaign,
        "kind": kind,
        "kinds": Finding.KINDS,
        "counts": counts,
        "open": finding_links([f for f in rows if f.dismissed_at is None], institution.slug),
        "dismissed": finding_links(
            [f for f in rows if f.dismissed_at is not None] if is_admin else [], institution.slug
        ),
        "can_verify": _is_verifier(request),
        "can_run": access_for(request.user).has_role(institution, Role.VERIFIER, Role.INSTITUTION_ADMIN),
        "dismiss_form": ReasonForm(),
    }
    return render(request, "review/findings.html", context)


@institution_view(Role.VERIFIER)
@require_POST
def finding_dismiss(request, pk):
    finding = get_object_or_404(
        Finding.objects.select_related("campaign__institution"),
        pk=pk,
        campaign__institution=request.institution,
    )
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ReviewError(_("Alasan mengabaikan temuan wajib diisi."))
        services.dismiss_finding(request.user, finding, form.cleaned_data["reason"], request=request)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Temuan diabaikan; admin tetap dapat melihatnya."))
    return redirect("review:findings", request.institution.slug, finding.campaign_id)


@institution_view(Role.VERIFIER, Role.INSTITUTION_ADMIN)
@require_POST
def run_checks(request, pk):
    campaign = get_campaign_for_user(request.user, request.institution, pk)
    outcome = integrity.check_campaign(campaign)
    messages.success(
        request,
        _("Pemeriksaan selesai: %(new)s temuan baru, %(resolved)s tidak ditemukan lagi.")
        % {"new": outcome.created, "resolved": outcome.resolved},
    )
    return redirect("review:findings", request.institution.slug, campaign.pk)
