"""Helpers of the insight tests: levels written straight into answers, and fake review sources."""

from fractions import Fraction

import pytest

from assessment.models import Answer
from insight import sources


def set_levels(campaign, levels: dict[int, int], unit=None, part=None):
    """Write levels into the campaign's answers (owner answers unless `part`/`unit` say otherwise)."""
    rows = Answer.objects.filter(assessment__campaign=campaign)
    if unit is not None:
        rows = rows.filter(assessment__unit=unit)
    if part is not None:
        rows = rows.filter(part=part)
    for number, level in levels.items():
        rows.filter(indicator__number=number).update(level=level, fakta="Perbup", analisis="Sudah")


def fake_source(kind, by_campaign):
    """A provider for `kind` returning {campaign pk: (institution levels, {unit pk: levels})}."""

    def provider(campaign_ids, units):
        result = {pk: sources.CampaignLevels(kind) for pk in campaign_ids}
        for pk, (institution, per_unit) in by_campaign.items():
            if pk in result:
                result[pk].institution = {n: Fraction(v) for n, v in institution.items()}
                if units:
                    result[pk].units = {
                        u: {n: Fraction(v) for n, v in lv.items()} for u, lv in per_unit.items()
                    }
        return result

    return provider


@pytest.fixture
def fake_review(monkeypatch):
    """Install fake verified/final sources: fake_review(verified={...}, final={...})."""

    def install(verified=None, final=None):
        if verified is not None:
            monkeypatch.setitem(sources.PROVIDERS, sources.VERIFIED, fake_source(sources.VERIFIED, verified))
        if final is not None:
            monkeypatch.setitem(sources.PROVIDERS, sources.FINAL, fake_source(sources.FINAL, final))

    return install


@pytest.fixture
def no_review(monkeypatch):
    monkeypatch.setitem(sources.PROVIDERS, sources.VERIFIED, lambda ids, units: None)
    monkeypatch.setitem(sources.PROVIDERS, sources.FINAL, lambda ids, units: None)
