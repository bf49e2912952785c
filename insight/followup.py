"""What a periodic check showed: per action, the unit's level before (in the plan's campaign)
and after (in the check), per kind — a verified level is compared with a verified level only."""

from __future__ import annotations

from dataclasses import dataclass, field

from insight import sources
from insight.sources import SELF, VERIFIED


@dataclass
class Outcome:
    action: object
    before: dict = field(default_factory=dict)  # kind -> level in the source campaign
    after: dict = field(default_factory=dict)  # kind -> level in the check

    def rose(self, kind: str) -> bool | None:
        """Did the level of `kind` go up? None when either side has no level of that kind."""
        old, new = self.before.get(kind), self.after.get(kind)
        return None if old is None or new is None else new > old

    def reached(self, kind: str) -> bool | None:
        new = self.after.get(kind)
        return None if new is None else new >= self.action.target_level

    @property
    def delivered(self) -> bool | None:
        """The action delivered a higher verified level."""
        return self.rose(VERIFIED)


def outcomes(check_campaign, actions) -> tuple[list[Outcome], dict[str, bool]]:
    """Outcomes of `actions` (with plan__campaign loaded) and which kinds were available."""
    campaigns = {a.plan.campaign.pk: a.plan.campaign for a in actions}
    campaigns[check_campaign.pk] = check_campaign
    found = {kind: sources.collect(list(campaigns.values()), kind) for kind in (SELF, VERIFIED)}
    result = []
    for action in actions:
        outcome = Outcome(action)
        unit, number = action.plan.unit_id, action.indicator.number
        for kind, levels in found.items():
            if levels is None:
                continue
            empty = sources.CampaignLevels(kind)
            outcome.before[kind] = levels.get(action.plan.campaign_id, empty).units.get(unit, {}).get(number)
            outcome.after[kind] = levels.get(check_campaign.pk, empty).units.get(unit, {}).get(number)
        result.append(outcome)
    return result, {kind: levels is not None for kind, levels in found.items()}
