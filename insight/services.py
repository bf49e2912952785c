"""State changes of insight: official results, effort estimates, coaching plans, actions,
mentoring sessions and periodic checks. Each is atomic and audited; pages, imports, the demo
loader and commands all call these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessment import services as assessment_services
from assessment.models import Campaign, Responsibility
from audit.services import record
from insight.models import Action, CoachingPlan, EffortEstimate, MentoringSession, OfficialResult, SessionFile
from orgs.models import Membership, Role
from swanilai.language import stored_text

SESSION_FILE_MAX_MB = 20


class InsightError(ValueError):
    """A refusal with a message for the user; nothing was changed."""


# -- official results ---------------------------------------------------------------------------------


@dataclass
class OfficialInput:
    framework: object
    year: int
    index: object  # Decimal
    predicate: str
    domains: dict
    aspects: dict
    source: str = ""
    is_demo: bool = False


def _official_fields(data: OfficialInput) -> dict:
    return {
        "index": data.index,
        "predicate": data.predicate.strip(),
        "source": data.source.strip(),
        "domains": {str(k): str(v) for k, v in data.domains.items()},
        "aspects": {str(k): str(v) for k, v in data.aspects.items()},
        "is_demo": data.is_demo,
    }


def _snapshot(result: OfficialResult) -> dict:
    return {
        "year": result.year,
        "framework": result.framework.slug,
        "index": str(result.index),
        "predicate": result.predicate,
        "domains": result.domains,
        "aspects": result.aspects,
        "source": result.source,
        "is_demo": result.is_demo,
    }


@transaction.atomic
def save_official_result(actor, institution, data: OfficialInput, request=None) -> OfficialResult:
    """Create the result of that framework and year, or replace it."""
    _check_official(data)
    existing = (
        OfficialResult.objects.select_for_update()
        .filter(institution=institution, framework=data.framework, year=data.year)
        .first()
    )
    before = _snapshot(existing) if existing else None
    result = existing or OfficialResult(institution=institution, framework=data.framework, year=data.year)
    for name, value in _official_fields(data).items():
        setattr(result, name, value)
    result.entered_by = actor
    result.save()
    record(
        "insight.official.save",
        actor=actor,
        obj=result,
        institution=institution,
        before=before,
        after=_snapshot(result),
        request=request,
    )
    return result


def _check_official(data: OfficialInput) -> None:
    version = data.framework.current
    scoring = version.scoring if version else {"predicates": [], "domains": [], "aspects": [], "max_value": 5}
    if data.predicate.strip() not in {p["label"] for p in scoring["predicates"]}:
        raise InsightError(
            _("Predikat %(p)s tidak dikenal untuk %(f)s.") % {"p": data.predicate, "f": data.framework}
        )
    top = scoring["max_value"]
    for name, values, known in (
        (_("domain"), data.domains, scoring["domains"]),
        (_("aspek"), data.aspects, scoring["aspects"]),
    ):
        numbers = {part["number"] for part in known}
        if any(n not in numbers for n in values):
            raise InsightError(
                _("%(f)s tidak punya %(name)s sebanyak itu.") % {"f": data.framework, "name": name}
            )
        if any(not 0 < v <= top for v in values.values()):
            raise InsightError(_("Nilai %(name)s harus antara 0 dan %(top)s.") % {"name": name, "top": top})
    if not 0 < data.index <= top:
        raise InsightError(_("Indeks harus antara 0 dan %(top)s.") % {"top": top})


@transaction.atomic
def import_official_results(actor, institution, rows: list[OfficialInput], request=None) -> int:
    """All rows or none."""
    for row in rows:
        save_official_result(actor, institution, row, request=request)
    return len(rows)


@transaction.atomic
def delete_official_result(actor, result: OfficialResult, request=None) -> None:
    before = _snapshot(result)
    record(
        "insight.official.delete",
        actor=actor,
        obj=result,
        institution=result.institution,
        before=before,
        request=request,
    )
    result.delete()


# -- effort estimates ---------------------------------------------------------------------------------


@transaction.atomic
def set_efforts(actor, institution, framework, efforts: dict[int, int | None], request=None) -> int:
    """Set effort per step by indicator number; None removes an estimate. Returns changes."""
    current = {
        e.indicator_number: e
        for e in EffortEstimate.objects.select_for_update().filter(
            institution=institution, framework=framework
        )
    }
    before, after = {}, {}
    for number, effort in efforts.items():
        old = current.get(number)
        if effort is not None and effort < 0:
            raise InsightError(_("Perkiraan usaha tidak boleh negatif."))
        if (old.effort if old else None) == effort:
            continue
        before[number], after[number] = (old.effort if old else None), effort
        if effort is None:
            old.delete()
        elif old:
            old.effort, old.updated_by = effort, actor
            old.save(update_fields=["effort", "updated_by", "updated_at"])
        else:
            EffortEstimate.objects.create(
                institution=institution,
                framework=framework,
                indicator_number=number,
                effort=effort,
                updated_by=actor,
            )
    if after:
        record(
            "insight.efforts.set",
            actor=actor,
            institution=institution,
            before={"framework": framework.slug, "efforts": before},
            after={"framework": framework.slug, "efforts": after},
            request=request,
        )
    return len(after)


# -- coaching plans -----------------------------------------------------------------------------------


@transaction.atomic
def create_plan(actor, unit, campaign, title: str, target: str = "", request=None) -> CoachingPlan:
    if campaign.institution_id != unit.institution_id:
        raise InsightError(_("Unit dan periode harus dari instansi yang sama."))
    if CoachingPlan.objects.filter(campaign=campaign, unit=unit).exists():
        raise InsightError(
            _("%(unit)s sudah punya rencana pembinaan untuk %(c)s.") % {"unit": unit, "c": campaign}
        )
    plan = CoachingPlan.objects.create(
        institution_id=unit.institution_id,
        unit=unit,
        campaign=campaign,
        title=title.strip(),
        target=target.strip(),
        created_by=actor,
    )
    record(
        "insight.plan.create",
        actor=actor,
        obj=plan,
        request=request,
        after={"unit": str(unit), "campaign": campaign.name, "title": plan.title, "target": plan.target},
    )
    return plan


@dataclass
class ActionInput:
    indicator: object
    target_level: int
    title: str
    due_on: date
    description: str = ""
    owner: object = None


def _check_action(plan: CoachingPlan, data: ActionInput) -> None:
    version = plan.campaign.framework_version
    if data.indicator.version_id != version.pk:
        raise InsightError(_("Indikator bukan bagian dari instrumen periode rencana ini."))
    if data.indicator.is_external:
        raise InsightError(
            _("Nilai indikator ini berasal dari instansi lain; unit tidak dapat menaikkannya.")
        )
    if data.target_level not in version.level_range:
        raise InsightError(
            _("Level sasaran harus antara %(min)s dan %(max)s.")
            % {"min": version.values["min"], "max": version.values["max"]}
        )
    if not data.title.strip():
        raise InsightError(_("Uraikan apa yang dikerjakan."))
    if (
        data.owner is not None
        and not Membership.objects.filter(
            user=data.owner, unit=plan.unit, role__in=[Role.UNIT_OPERATOR, Role.UNIT_HEAD]
        ).exists()
    ):
        raise InsightError(
            _("Penanggung jawab aksi harus operator atau kepala %(unit)s.") % {"unit": plan.unit}
        )


def _action_snapshot(action: Action) -> dict:
    return {
        "indicator": action.indicator.label,
        "target_level": action.target_level,
        "title": action.title,
        "description": action.description,
        "owner": action.owner.get_username() if action.owner else None,
        "due_on": action.due_on,
        "status": action.status,
        "progress_note": action.progress_note,
    }


@transaction.atomic
def add_action(actor, plan: CoachingPlan, data: ActionInput, request=None) -> Action:
    _check_action(plan, data)
    action = Action.objects.create(
        plan=plan,
        indicator=data.indicator,
        target_level=data.target_level,
        title=data.title.strip(),
        description=data.description.strip(),
        owner=data.owner,
        due_on=data.due_on,
        created_by=actor,
    )
    record(
        "insight.action.create",
        actor=actor,
        obj=action,
        institution=plan.institution,
        after=_action_snapshot(action),
        request=request,
    )
    return action


@transaction.atomic
def edit_action(actor, action: Action, data: ActionInput, request=None) -> Action:
    """What, indicator, level, owner and due date: the verifiers' part of an action."""
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("plan__campaign__framework_version", "plan__unit", "indicator", "owner")
        .get(pk=action.pk)
    )
    _check_action(action.plan, data)
    before = _action_snapshot(action)
    action.indicator, action.target_level, action.title = (
        data.indicator,
        data.target_level,
        data.title.strip(),
    )
    action.description, action.owner, action.due_on = data.description.strip(), data.owner, data.due_on
    action.save()
    record(
        "insight.action.edit",
        actor=actor,
        obj=action,
        institution=action.plan.institution,
        before=before,
        after=_action_snapshot(action),
        request=request,
    )
    return action


@transaction.atomic
def update_progress(actor, action: Action, status: str, note: str, request=None) -> Action:
    """Status and progress note: what the unit itself keeps up to date."""
    if status not in dict(Action.STATUSES):
        raise InsightError(_("Status tidak dikenal."))
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("plan", "indicator", "owner")
        .get(pk=action.pk)
    )
    before = _action_snapshot(action)
    action.status, action.progress_note = status, note.strip()
    action.completed_on = timezone.localdate() if status == Action.DONE else None
    action.save(update_fields=["status", "progress_note", "completed_on", "updated_at"])
    record(
        "insight.action.progress",
        actor=actor,
        obj=action,
        institution=action.plan.institution,
        before={k: before[k] for k in ("status", "progress_note")},
        after={"status": action.status, "progress_note": action.progress_note},
        request=request,
    )
    return action


@transaction.atomic
def add_session(
    actor, plan: CoachingPlan, held_on: date, attendees: str, notes: str, files=(), request=None
) -> MentoringSession:
    if not attendees.strip():
        raise InsightError(_("Sebutkan peserta pendampingan."))
    for upload in files:
        if upload.size > SESSION_FILE_MAX_MB * 1024 * 1024:
            raise InsightError(
                _("Berkas %(name)s lebih dari %(mb)s MB.") % {"name": upload.name, "mb": SESSION_FILE_MAX_MB}
            )
    session = MentoringSession.objects.create(
        plan=plan, held_on=held_on, attendees=attendees.strip(), notes=notes.strip(), created_by=actor
    )
    names = []
    for upload in files:
        SessionFile.objects.create(
            session=session, file=upload, original_name=upload.name[:255], size=upload.size, uploaded_by=actor
        )
        names.append(upload.name)
    record(
        "insight.session.create",
        actor=actor,
        obj=session,
        institution=plan.institution,
        request=request,
        after={"unit": str(plan.unit), "held_on": held_on, "attendees": session.attendees, "files": names},
    )
    return session


@dataclass
class PlannedStep:
    """A step of the planner turned into an action: which unit raises which indicator to which level."""

    unit: object
    indicator: object
    target_level: int


@transaction.atomic
def actions_from_plan(
    actor, campaign, steps: list[PlannedStep], due_on: date, target: str = "", request=None
) -> list[Action]:
    """One action per unit and indicator (up to the highest level planned), in the unit's plan
    for `campaign` (created when missing)."""
    if not steps:
        raise InsightError(_("Pilih minimal satu langkah."))
    wanted: dict[tuple, PlannedStep] = {}
    for step in steps:
        key = (step.unit.pk, step.indicator.pk)
        if key not in wanted or step.target_level > wanted[key].target_level:
            wanted[key] = step
    plans = {p.unit_id: p for p in CoachingPlan.objects.filter(campaign=campaign)}
    created = []
    for step in wanted.values():
        plan = plans.get(step.unit.pk)
        if plan is None:
            plan = plans[step.unit.pk] = create_plan(
                actor,
                step.unit,
                campaign,
                stored_text(gettext_noop("Pembinaan %(unit)s"), unit=step.unit.short_name or step.unit),
                target,
                request=request,
            )
        title = stored_text(
            gettext_noop("Capai level %(level)s: %(name)s"),
            level=step.target_level,
            name=step.indicator.short_name,
        )
        created.append(
            add_action(
                actor, plan, ActionInput(step.indicator, step.target_level, title, due_on), request=request
            )
        )
    return created


# -- periodic checks (cek berkala) --------------------------------------------------------------------


@transaction.atomic
def create_periodic_check(
    actor, institution, actions: list[Action], name: str, unit_deadline, request=None
) -> Campaign:
    """A periodic check re-checking just the indicators of `actions` in just their units.

    1. Check the actions: not cancelled (open or done), of this institution, one framework
       version, not already in a check that is still running.
    2. Create the campaign (kind periodic) for those units with the default matrix.
    3. Cut the matrix down to those indicators; per indicator the unit(s) with an action answer
       it (the unit that owned it in the source campaign stays owner where it is among them).
    4. Open it (answers are created for just those pairs) and link the actions to it.
    """
    actions = _checkable(institution, actions)
    version = actions[0].plan.campaign.framework_version
    units = sorted({a.plan.unit for a in actions}, key=lambda u: u.name)
    today = timezone.localdate()
    deadline_day = timezone.localtime(unit_deadline).date()
    if deadline_day < today:
        raise InsightError(_("Batas pengisian harus di masa depan."))
    campaign = Campaign(
        institution=institution,
        framework_version=version,
        name=name.strip(),
        year=today.year,
        kind=Campaign.PERIODIC,
        opens_on=today,
        unit_deadline=unit_deadline,
        verification_starts_on=deadline_day + timedelta(days=1),
        verification_ends_on=deadline_day + timedelta(days=14),
        closes_on=deadline_day + timedelta(days=21),
    )
    if Campaign.objects.filter(institution=institution, name__iexact=campaign.name).exists():
        raise InsightError(_("Periode dengan nama ini sudah ada."))
    assessment_services.create_campaign(actor, campaign, units, request=request)
    _narrow_matrix(campaign, actions)
    assessment_services.open_campaign(actor, campaign, request=request)
    Action.objects.filter(pk__in=[a.pk for a in actions]).update(check_campaign=campaign)
    record(
        "insight.check.create",
        actor=actor,
        obj=campaign,
        institution=institution,
        request=request,
        after={
            "actions": [a.pk for a in actions],
            "units": [str(u) for u in units],
            "indicators": sorted({a.indicator.label for a in actions}),
        },
    )
    return campaign


def _checkable(institution, actions: list[Action]) -> list[Action]:
    actions = list(
        Action.objects.filter(pk__in=[a.pk for a in actions], plan__institution=institution).select_related(
            "plan__unit", "plan__campaign__framework_version", "indicator", "check_campaign"
        )
    )
    if not actions:
        raise InsightError(_("Pilih minimal satu aksi."))
    if any(a.status == Action.CANCELLED for a in actions):
        raise InsightError(_("Aksi yang dibatalkan tidak dicek ulang."))
    if len({a.plan.campaign.framework_version_id for a in actions}) > 1:
        raise InsightError(_("Aksi yang dipilih berasal dari instrumen yang berbeda; buat cek terpisah."))
    running = [a for a in actions if a.check_campaign and a.check_campaign.status != Campaign.CLOSED]
    if running:
        raise InsightError(
            _("Aksi “%(title)s” sudah masuk cek berkala %(c)s yang masih berjalan.")
            % {"title": running[0].title, "c": running[0].check_campaign}
        )
    return actions


def _narrow_matrix(campaign: Campaign, actions: list[Action]) -> None:
    units_by_indicator: dict[int, dict[int, object]] = {}
    for a in actions:
        units_by_indicator.setdefault(a.indicator_id, {})[a.plan.unit_id] = a.plan.unit
    previous_owner = dict(
        Responsibility.objects.filter(
            campaign_id__in={a.plan.campaign_id for a in actions},
            indicator_id__in=units_by_indicator,
        ).values_list("indicator_id", "owner_id")
    )
    Responsibility.objects.filter(campaign=campaign).exclude(indicator_id__in=units_by_indicator).delete()
    through = Responsibility.contributors.through
    rows = list(Responsibility.objects.filter(campaign=campaign))
    through.objects.filter(responsibility__campaign=campaign).delete()
    links = []
    for row in rows:
        units = units_by_indicator[row.indicator_id]
        owner_id = previous_owner.get(row.indicator_id)
        owner = units.get(owner_id) or sorted(units.values(), key=lambda u: u.name)[0]
        row.owner = owner
        links += [through(responsibility_id=row.pk, unit_id=u.pk) for u in units.values() if u.pk != owner.pk]
    Responsibility.objects.bulk_update(rows, ["owner"])
    through.objects.bulk_create(links)
