"""What changed in a unit's answers between two rounds, from the snapshots taken at each
submission (and the live answers for a round not sent yet)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from assessment.models import Answer, AnswerEvidence
from review.models import AnswerSnapshot
from review.services import evidence_entry
from review.textdiff import SAME, Piece, word_diff


@dataclass
class Version:
    level: int | None
    fakta: str
    analisis: str
    evidence: list[dict]
    sent: bool  # False: the live answer, not submitted in this round yet


@dataclass
class AnswerChange:
    answer: Answer
    old: Version | None
    new: Version | None
    fakta: list[Piece] = field(default_factory=list)
    analisis: list[Piece] = field(default_factory=list)
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)

    @property
    def level_changed(self) -> bool:
        return bool(self.old and self.new and self.old.level != self.new.level)

    @property
    def changed(self) -> bool:
        text_changed = any(p.op != SAME for p in self.fakta + self.analisis)
        return self.level_changed or text_changed or bool(self.added or self.removed)


def _version(snapshot: AnswerSnapshot) -> Version:
    return Version(snapshot.level, snapshot.fakta, snapshot.analisis, snapshot.evidence, sent=True)


def _live(answer: Answer) -> Version:
    return Version(
        answer.level,
        answer.fakta,
        answer.analisis,
        [evidence_entry(att) for att in answer.attachments.all()],
        sent=False,
    )


def live_round(assessment) -> int | None:
    """The round the unit is working on and has not sent yet: the next one while the assessment
    is returned for revision (submitting it increments the round), the current one in draft."""
    if assessment.status == assessment.RETURNED:
        return assessment.round + 1
    if assessment.status == assessment.DRAFT:
        return assessment.round
    return None


def changes(assessment, older: int, newer: int) -> list[AnswerChange]:
    """Per answer, round `older` against round `newer` (the live answer when `newer` is the
    round being worked on); answers without a change are left out."""
    snapshots: dict[tuple[int, int], AnswerSnapshot] = {}
    for snapshot in AnswerSnapshot.objects.filter(
        answer__assessment=assessment, round__in={older, newer}
    ).order_by("round", "pk"):
        snapshots[(snapshot.answer_id, snapshot.round)] = snapshot  # the last submission of a round
    attachments = AnswerEvidence.objects.select_related("evidence").order_by("item_code", "pk")
    answers = (
        assessment.answers.select_related("indicator")
        .order_by("indicator__number")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
    )
    result = []
    for answer in answers:
        old = snapshots.get((answer.pk, older))
        new = snapshots.get((answer.pk, newer))
        old_version = _version(old) if old else None
        if new is not None:
            new_version = _version(new)
        elif newer == live_round(assessment) and old_version is not None:
            new_version = _live(answer)
        else:
            new_version = None
        change = _compare(answer, old_version, new_version)
        if change.changed:
            result.append(change)
    return result


def _compare(answer, old: Version | None, new: Version | None) -> AnswerChange:
    change = AnswerChange(answer, old, new)
    if old is None or new is None:
        return change
    change.fakta = word_diff(old.fakta, new.fakta)
    change.analisis = word_diff(old.analisis, new.analisis)
    old_keys = {(e["id"], e["item_code"]): e for e in old.evidence}
    new_keys = {(e["id"], e["item_code"]): e for e in new.evidence}
    change.added = [e for k, e in new_keys.items() if k not in old_keys]
    change.removed = [e for k, e in old_keys.items() if k not in new_keys]
    return change
