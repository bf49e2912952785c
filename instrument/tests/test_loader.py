"""Framework files: validation refusals, all-or-nothing loading, versions."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from instrument.models import FrameworkVersion, Indicator
from instrument.schema import FrameworkFileError, parse_framework
from instrument.services import load_frameworks
from instrument.tests.helpers import FRAMEWORK_DIR

SPBE_TEXT = (FRAMEWORK_DIR / "spbe-2020.yaml").read_text(encoding="utf-8")
PEMDI_TEXT = (FRAMEWORK_DIR / "pemdi-2026.yaml").read_text(encoding="utf-8")


def refusal(text: str) -> str:
    with pytest.raises(FrameworkFileError) as err:
        parse_framework(text, "rusak.yaml")
    return str(err.value)


def test_shipped_files_are_valid():
    spbe = parse_framework(SPBE_TEXT)
    pemdi = parse_framework(PEMDI_TEXT)
    assert len(spbe.data["indicators"]) == 47
    assert len(pemdi.data["indicators"]) == 20
    assert pemdi.data["values"]["fractional"] is True
    assert pemdi.data["options"]["level_cascade"] is True
    assert {i["number"] for i in pemdi.data["indicators"] if i["value_source"] == "external"} == {5, 6, 7, 18}


def test_refuses_indicator_weight_that_breaks_the_aspect_sum():
    text = SPBE_TEXT.replace("weight: 2.75", "weight: 2.7", 1)
    message = refusal(text)
    assert "rusak.yaml" in message
    assert "aspects (nomor 7)" in message and "seharusnya 27.5" in message


def test_refuses_aspect_weights_not_summing_to_100():
    text = SPBE_TEXT.replace(
        "name: Kebijakan Internal Tata Kelola SPBE, weight: 13.0}", "name: X, weight: 14.0}"
    )
    assert text != SPBE_TEXT
    message = refusal(text)
    assert "jumlah bobot aspek 101.0, seharusnya 100" in message
    assert "domains (nomor 1): jumlah bobot aspeknya 14.0, seharusnya 13.0" in message


def test_refuses_missing_level_criteria_and_null_criteria():
    doc = parse_framework(PEMDI_TEXT)
    assert doc.data["indicators"][5]["criteria"]["5"]["unknown"]  # I6 level 5 is marked unknown
    text = re.sub(r"5:\n\s+unknown: '[^']*'", "5: null", PEMDI_TEXT, count=1)
    assert text != PEMDI_TEXT
    message = refusal(text)
    assert "indicators[5] (nomor 6).criteria.5: kosong" in message
    text = re.sub(r"\n\s+5:\n\s+unknown: '[^']*'", "", PEMDI_TEXT, count=1)
    assert "indicators[5] (nomor 6).criteria.5: kriteria level ini tidak ada" in refusal(text)


def test_refuses_unknown_keys_duplicates_and_bad_references():
    text = SPBE_TEXT.replace("  short_name: Kebijakan Internal Peta Rencana SPBE", "  shortname: x", 1)
    assert "indicators[1] (nomor 2).shortname: kunci tidak dikenal" in refusal(text)
    text = SPBE_TEXT.replace("- number: 2\n", "- number: 1\n", 1)
    assert "nomor indikator 1 kembar" in refusal(text)
    text = SPBE_TEXT.replace("scale: layanan", "scale: lain", 1)
    assert "skala 'lain' tidak ada" in refusal(text)


def test_refuses_broken_yaml_with_line():
    message = refusal(SPBE_TEXT + "\n  - : : [\n")
    assert "rusak.yaml: baris" in message and "YAML tidak sah" in message


def test_refuses_levels_out_of_range_and_bad_predicates():
    text = SPBE_TEXT.replace("{min: 1.0, label: Kurang}", "{min: 0.5, label: Kurang}", 1)
    message = refusal(text)
    assert "predicates[4].min: di luar rentang nilai" in message
    text = SPBE_TEXT.replace("{min: 1.0, label: Kurang}", "{min: 1.8, label: Kurang}", 1)
    assert "batas bawah predikat tidak boleh kembar" in refusal(text)


@pytest.mark.django_db
def test_loading_is_idempotent_and_all_or_nothing(tmp_path):
    before = FrameworkVersion.objects.count()
    results = load_frameworks([FRAMEWORK_DIR / "spbe-2020.yaml", FRAMEWORK_DIR / "pemdi-2026.yaml"])
    assert [r.created for r in results] == [False, False]
    broken = tmp_path / "broken.yaml"
    broken.write_text(SPBE_TEXT.replace("weight: 2.75", "weight: 2.7", 1).replace("spbe-2020", "spbe-uji"))
    changed = tmp_path / "pemdi.yaml"
    changed.write_text(PEMDI_TEXT.replace("version: '2026.1'", "version: '2026.2'"))
    with pytest.raises(FrameworkFileError) as err:
        load_frameworks([changed, broken])
    assert "broken.yaml" in str(err.value)
    assert FrameworkVersion.objects.count() == before  # the valid file was not loaded either


@pytest.mark.django_db
def test_changed_file_becomes_new_version_and_old_one_stays(tmp_path, pemdi):
    old_criterion = pemdi.indicators.get(number=1).criteria.get(level=1).text
    changed = tmp_path / "pemdi.yaml"
    changed.write_text(PEMDI_TEXT.replace(old_criterion.split()[0], "DIUBAH", 1), encoding="utf-8")
    [result] = load_frameworks([changed])
    assert result.created and result.version.number == pemdi.number + 1
    pemdi.refresh_from_db()
    assert not pemdi.is_current
    assert pemdi.indicators.get(number=1).criteria.get(level=1).text == old_criterion
    assert Indicator.objects.filter(version=result.version).count() == 20


@pytest.mark.django_db
def test_command_reports_refusal_in_indonesian(tmp_path):
    broken = tmp_path / "x.yaml"
    broken.write_text("format: swanilai-framework/1\nslug: X Y\n")
    with pytest.raises(CommandError) as err:
        call_command("load_frameworks", str(broken))
    message = str(err.value)
    assert "tidak ada yang dimuat" in message
    assert "x.yaml: slug: hanya huruf kecil" in message
    assert "x.yaml: indicators: wajib diisi" in message
