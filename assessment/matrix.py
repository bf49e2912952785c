"""Default responsibility matrix from frameworks/defaults/responsibility-<slug>.yaml."""

from pathlib import Path

import yaml
from django.conf import settings

DEFAULTS_DIR = Path(settings.BASE_DIR) / "frameworks" / "defaults"


def load_defaults(slug: str) -> dict | None:
    path = DEFAULTS_DIR / f"responsibility-{slug}.yaml"
    if not path.exists():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def match_unit(units, keywords):
    for keyword in keywords:
        for unit in units:
            if keyword.lower() in unit.short_name.lower() or keyword.lower() in unit.name.lower():
                return unit
    return None


def default_matrix(slug: str, indicator_numbers, units) -> dict[int, tuple[object, list]]:
    """{indicator number: (owner unit, [contributor units])} for the given participating units.
    Without a defaults file (or a matching unit) the first unit owns everything."""
    units = list(units)
    if not units:
        return {}
    data = load_defaults(slug) or {}
    roles = {key: match_unit(units, words) for key, words in (data.get("units") or {}).items()}
    fallback = roles.get(data.get("default_owner")) or units[0]
    owner_of = {}
    for key, numbers in (data.get("owners") or {}).items():
        for number in numbers:
            owner_of[number] = roles.get(key) or fallback
    shared = set(data.get("all_units") or [])
    matrix = {}
    for number in indicator_numbers:
        owner = owner_of.get(number, fallback)
        contributors = [u for u in units if u != owner] if number in shared else []
        matrix[number] = (owner, contributors)
    return matrix
