"""`make bench`: how fast the target planner answers on the shipped frameworks.

For each framework: random current levels (whole levels for SPBE 2020, two-decimal values for
Pemdi 2026), every predicate as target, fewest steps and least effort (random estimates 1–30).
Prints the median and the slowest plan; the budget ("well under a second") is judged by reading."""

import random
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from insight import planner  # noqa: E402
from instrument.tests.helpers import engine  # noqa: E402


def cases(model, rng: random.Random, n: int):
    for _ in range(n):
        if model.fractional:
            current = {r.number: Fraction(rng.randint(100, 450), 100) for r in model.indicators}
        else:
            current = {r.number: rng.randint(1, 4) for r in model.indicators}
        efforts = {r.number: rng.randint(1, 30) for r in model.indicators}
        targets = [label for _lower, label in model.predicates] + [Fraction(model.max_value)]
        for target in targets:  # the top value is out of reach wherever an external indicator is lower
            yield current, target, None
            yield current, target, efforts


def bench_planner(slug: str, n: int = 40) -> None:
    model = engine(slug).model
    rng = random.Random(7)
    timings = {planner.STEPS: [], planner.EFFORT: []}
    unreachable = 0
    for current, target, efforts in cases(model, rng, n):
        start = time.perf_counter()
        plan = planner.plan(model, current, target, efforts)
        timings[plan.objective].append(time.perf_counter() - start)
        unreachable += not plan.reachable
    for objective, times in timings.items():
        median, slowest = statistics.median(times) * 1000, max(times) * 1000
        print(
            f"planner {slug} ({objective}): median {median:.1f} ms, slowest {slowest:.1f} ms "
            f"over {len(times)} plans ({len(model.indicators)} indicators)"
        )
    print(f"planner {slug}: {unreachable} unreachable targets answered with the best reachable plan")


if __name__ == "__main__":
    bench_planner("spbe-2020")
    bench_planner("pemdi-2026")
