"""Small builders for scoring tests: the shipped framework files as engines, level vectors."""

from functools import cache
from pathlib import Path

from instrument.schema import read_framework
from instrument.scoring import Engine, ScoringModel

FRAMEWORK_DIR = Path(__file__).resolve().parents[2] / "frameworks"


@cache
def engine(slug: str) -> Engine:
    doc = read_framework(FRAMEWORK_DIR / f"{slug}.yaml")
    return Engine(ScoringModel.from_dict(doc.scoring))


def spread(numbers: list[int], total: int, low: int = 1, high: int = 5) -> dict[str, int]:
    """Levels for `numbers` (each low..high) whose sum is exactly `total`."""
    assert low * len(numbers) <= total <= high * len(numbers), "sum out of reach"
    levels, rest = {}, total
    for position, number in enumerate(numbers):
        remaining = len(numbers) - position - 1
        level = min(high, rest - low * remaining)
        levels[str(number)] = level
        rest -= level
    return levels
