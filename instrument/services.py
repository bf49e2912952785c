"""Loading framework files into the database."""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from instrument.models import (
    Aspect,
    Domain,
    EvidenceItem,
    Framework,
    FrameworkVersion,
    Indicator,
    LevelCriterion,
)
from instrument.schema import FrameworkDoc, FrameworkFileError, read_framework

FRAMEWORK_DIR = Path(settings.BASE_DIR) / "frameworks"


@dataclass
class LoadResult:
    source: str
    version: FrameworkVersion
    created: bool


def default_framework_files() -> list[Path]:
    return sorted(FRAMEWORK_DIR.glob("*.yaml"))


def read_all(paths) -> list[tuple[str, FrameworkDoc]]:
    """Read and validate every file first; raise one error naming every fault of every file."""
    docs, problems = [], []
    for path in paths:
        try:
            docs.append((str(path), read_framework(path)))
        except FrameworkFileError as exc:
            problems.extend(f"{exc.source}: {p}" for p in exc.problems)
    slugs = [doc.slug for _, doc in docs]
    for slug in {s for s in slugs if slugs.count(s) > 1}:
        problems.append(f"slug '{slug}' dipakai oleh lebih dari satu berkas")
    if problems:
        raise FrameworkFileError("load_frameworks", problems)
    return docs


@transaction.atomic
def load_frameworks(paths) -> list[LoadResult]:
    """Validate all files, then load them in one transaction: all or nothing.

    The same content (by canonical hash) is not loaded twice; changed content becomes the
    next version and the current one; earlier versions stay untouched.
    """
    results = []
    for source, doc in read_all(paths):
        results.append(_load_one(source, doc))
    return results


def _load_one(source: str, doc: FrameworkDoc) -> LoadResult:
    data = doc.data
    framework, _ = Framework.objects.select_for_update().get_or_create(
        slug=doc.slug, defaults={"title": data["title"], "short_title": data["short_title"]}
    )
    existing = framework.versions.filter(content_hash=doc.content_hash).first()
    if existing:
        return LoadResult(source, existing, created=False)
    last = framework.versions.order_by("-number").first()
    framework.versions.filter(is_current=True).update(is_current=False)
    framework.title, framework.short_title = data["title"], data["short_title"]
    framework.save(update_fields=["title", "short_title"])
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=(last.number + 1) if last else 1,
        label=data["version"],
        content_hash=doc.content_hash,
        source_name=Path(source).name,
        title=data["title"],
        short_title=data["short_title"],
        legal_basis=data["legal_basis"],
        status=data["status"] or "",
        confidence=data["confidence"]["level"],
        confidence_summary=data["confidence"]["summary"],
        content=data,
        scoring=doc.scoring,
        is_current=True,
    )
    _create_catalogue(version, data)
    return LoadResult(source, version, created=True)


def _create_catalogue(version: FrameworkVersion, data: dict) -> None:
    domains = {
        d["number"]: Domain.objects.create(
            version=version, number=d["number"], name=d["name"], weight=Decimal(d["weight"])
        )
        for d in data["domains"]
    }
    aspects = {
        a["number"]: Aspect.objects.create(
            version=version,
            number=a["number"],
            name=a["name"],
            weight=Decimal(a["weight"]),
            domain=domains.get(a.get("domain")),
        )
        for a in data["aspects"]
    }
    criteria, items = [], []
    for ind in data["indicators"]:
        guidance = ind["evidence_guidance"] or {}
        indicator = Indicator.objects.create(
            version=version,
            aspect=aspects[ind["aspect"]],
            number=ind["number"],
            code=ind["code"] or "",
            name=ind["name"],
            short_name=ind["short_name"],
            weight=Decimal(ind["weight"]),
            scale=ind["scale"],
            question=ind["question"],
            focus=ind["focus"] or "",
            criteria_confidence=ind["criteria_confidence"] or "",
            notes=ind["notes"] or "",
            evidence_guidance=data["evidence_guidance"].get(guidance.get("ref"), guidance.get("text")) or "",
            value_source=ind["value_source"],
            external=ind["external"],
        )
        level_names = data["scales"][ind["scale"]]["levels"]
        for level, criterion in ind["criteria"].items():
            criteria.append(
                LevelCriterion(
                    indicator=indicator,
                    level=int(level),
                    level_name=level_names[level],
                    text=criterion.get("text", ""),
                    unknown_reason=criterion.get("unknown", ""),
                )
            )
        for position, item in enumerate(ind["evidence_items"], start=1):
            items.append(
                EvidenceItem(
                    indicator=indicator,
                    level=item["level"],
                    code=item["code"],
                    position=position,
                    text=(item["item"] or {}).get("text", ""),
                    unknown_reason=(item["item"] or {}).get("unknown", ""),
                )
            )
    LevelCriterion.objects.bulk_create(criteria)
    EvidenceItem.objects.bulk_create(items)
