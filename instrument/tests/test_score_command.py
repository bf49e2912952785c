"""`manage.py score`: JSON Lines in, one JSON line out per input line."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from instrument.tests.test_scoring import spbe_levels

pytestmark = pytest.mark.django_db


def run_score(tmp_path, lines, *args):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    error = None
    try:
        call_command("score", str(source), *args, stdout=out)
    except CommandError as exc:
        error = exc
    return [json.loads(line) for line in out.getvalue().splitlines()], error


def test_scores_every_line_and_fails_at_the_end(tmp_path):
    good = json.dumps({"id": "bekasi-2024", "levels": spbe_levels(47, 35, 34, 44, 29)})
    bad = json.dumps({"id": "salah", "levels": {"1": 9}})
    results, error = run_score(tmp_path, [good, "{tidak json", bad, good], "--framework", "spbe-2020")
    assert len(results) == 4
    first = results[0]
    assert first["id"] == "bekasi-2024"
    assert first["index_display"] == "4,08" and first["predicate"] == "Sangat Baik"
    assert first["index"] == pytest.approx(4.076)
    assert set(first["domains"]) == {"1", "2", "3", "4"}
    assert set(first["aspects"]) == {str(n) for n in range(1, 9)}
    assert "JSON tidak sah" in results[1]["error"]
    assert results[2]["id"] == "salah" and "di luar skala" in results[2]["error"]
    assert results[3]["index_display"] == "4,08"
    assert error is not None and "2 baris gagal" in str(error)


def test_pemdi_has_no_domains_and_accepts_fractions(tmp_path):
    line = json.dumps({"id": 7, "levels": {str(n): 1.26 for n in range(1, 21)}})
    results, error = run_score(tmp_path, [line], "--framework", "pemdi-2026")
    assert error is None
    assert results[0] == {
        "id": 7,
        "index": 1.26,
        "index_display": "1,26",
        "predicate": "Kurang",
        "domains": {},
        "aspects": {str(n): 1.26 for n in range(1, 8)},
    }


def test_partial_gives_unit_index(tmp_path):
    line = json.dumps({"id": "dinkes", "levels": {"11": 3, "12": 4, "13": 3, "14": 2}})
    results, _ = run_score(tmp_path, [line], "--framework", "spbe-2020", "--partial")
    assert results[0]["index"] == 3.0 and results[0]["kind"] == "indeks unit"


def test_unknown_framework_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="tidak ada. Tersedia"):
        call_command("score", "-", "--framework", "tidak-ada")
    with pytest.raises(CommandError, match="tidak dapat dibuka"):
        call_command("score", str(tmp_path / "hilang.jsonl"), "--framework", "spbe-2020")
