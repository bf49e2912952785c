"""`make bench`: how fast the scoring engine and the `score` command are.

Prints figures; budgets are judged by reading them, not by timed tests."""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from instrument.tests.helpers import engine  # noqa: E402


def bench_engine(slug: str, n: int = 20000) -> None:
    eng = engine(slug)
    rng = random.Random(1)
    numbers = [str(r.number) for r in eng.model.indicators]
    if eng.model.fractional:
        batch = [{k: round(rng.uniform(1, 5), 2) for k in numbers} for _ in range(n)]
    else:
        batch = [{k: rng.randint(1, 5) for k in numbers} for _ in range(n)]
    start = time.perf_counter()
    for levels in batch:
        eng.score(levels)
    elapsed = time.perf_counter() - start
    per = elapsed / n * 1e6
    print(f"engine {slug}: {per:.1f} µs per assessment ({n} assessments, {len(numbers)} indicators)")


def bench_command(lines: int = 10000) -> None:
    rng = random.Random(2)
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"SWANILAI_VAR_DIR": tmp}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        subprocess.run([*manage, "load_frameworks"], env=env, check=True, stdout=subprocess.DEVNULL)
        source = Path(tmp) / "in.jsonl"
        with source.open("w") as out:
            for n in range(lines):
                levels = {str(i): rng.randint(1, 5) for i in range(1, 48)}
                out.write(json.dumps({"id": n, "levels": levels}) + "\n")
        start = time.perf_counter()
        result = subprocess.run(
            [*manage, "score", "--framework", "spbe-2020", str(source)],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
        )
        elapsed = time.perf_counter() - start
    produced = result.stdout.count(b"\n")
    print(f"score command: {lines} lines in {elapsed:.2f} s including start-up ({produced} results)")


if __name__ == "__main__":
    bench_engine("spbe-2020")
    bench_engine("pemdi-2026")
    bench_command()
