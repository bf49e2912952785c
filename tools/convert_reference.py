"""Convert the reference catalogs in /work/shared/spbe into Swanilai framework files.

Usage: python tools/convert_reference.py [SPBE_REFERENCE] [PEMDI_REFERENCE] [--out-dir DIR]

Writes frameworks/spbe-2020.yaml and frameworks/pemdi-2026.yaml in the format of
docs/framework-format.md (swanilai-framework/1), then reads them back and checks them.
Needs only PyYAML.
"""

import argparse
from decimal import Decimal
from pathlib import Path

import yaml

SHARED = Path("/work/shared/spbe")
OUT_DIR = Path(__file__).resolve().parent.parent / "frameworks"
HEADER = (
    "# Generated from {ref} by tools/convert_reference.py.\n"
    "# May be edited by hand afterwards (re-running the script overwrites such edits).\n"
)
EXTERNAL_VALUE = {"I5", "I6", "I7", "I18"}  # scored as "indeks lain" by the 2026 assessor
PROPER_TERM = "Pemerintah Digital"  # kept capitalised in generated Pemdi questions

SPBE_PARAPHRASE = (
    "Teks kriteria level adalah ringkasan/parafrase, bukan kutipan. Teks resmi: Lampiran II"
    " PermenPANRB 59/2020 (kuesioner) dan Bab II Pedoman Menteri PANRB 3/2024."
)
SPBE_FORMULA = (
    "Indeks aspek = Σ(nilai indikator × bobot indikator) / bobot aspek; indeks domain ="
    " Σ(indeks aspek × bobot aspek) / bobot domain; Indeks SPBE = Σ(indeks domain × bobot"
    " domain) / 100 = Σ(nilai indikator × bobot indikator) / 100 (bobot dalam persen)."
    " Dihitung dengan presisi penuh dan ditampilkan dua desimal; predikat ditentukan dari nilai"
    " sebelum pembulatan (contoh 2024: indeks tampil 1,80 tetapi predikat Kurang)."
)
PEMDI_PARAPHRASE = (
    "Naskah resmi PermenPANRB 8/2026 beserta lampirannya belum dilihat: seluruh isi berasal dari"
    " sumber sekunder (salinan dan berkas kerja pihak ketiga), dan teks kriteria level adalah"
    " parafrase dari sumber tersebut, bukan kutipan resmi."
)
PEMDI_FORMULA = (
    "Indeks aspek = Σ(nilai indikator × bobot indikator) / bobot aspek; Indeks Pemdi ="
    " Σ(bobot aspek × indeks aspek) / 100 = Σ(nilai indikator × bobot indikator) / 100 (bobot"
    " dalam persen, tanpa lapisan domain). Nilai ditampilkan dua desimal."
)
PEMDI_BUTIR = (
    "Unggah bukti dukung per butir sesuai kodenya (I#-L#-##: indikator, level, nomor urut"
    " butir). Sebuah level dihitung hanya bila seluruh butirnya diterima dan semua level di"
    " bawahnya lengkap; butir di atas level yang belum lengkap ditolak otomatis. Laporan"
    " reviu/evaluasi hanya berlaku bila berumur kurang dari 2 tahun."
)
UNKNOWN_LEVEL = "Kriteria level {} belum diketahui: tidak ditemukan di sumber yang tersedia."
UNKNOWN_ITEM = "Butir belum diketahui: tidak disebut di daftar butir modul."
FORMAT = "swanilai-framework/1"


class Flow(dict):
    """A mapping written in flow style: {a: 1, b: 2}."""


def _flow(dumper, data):
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


def _str(dumper, data):  # multi-paragraph texts as folded blocks: wrapped, exact on reading
    style = ">" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


yaml.SafeDumper.add_representer(Flow, _flow)
yaml.SafeDumper.add_representer(str, _str)


def pick(src, spec):
    """Copy keys of src in the order of spec: words 'key' or 'new_name=key'."""
    pairs = (word.partition("=") for word in spec.split())
    return {new: src[old or new] for new, _, old in pairs}


def paras(*texts):
    """Join the non-empty texts as paragraphs."""
    return "\n\n".join(t.strip() for t in texts if t)


def known(text, reason):
    """The text, or the format's explicit marker for content not (yet) known."""
    return {"unknown": reason} if text is None else text


def scale(name, generic):
    levels = Flow((k, v) for k, v in generic.items() if isinstance(k, int))
    return {"name": name, "applies_to": generic["applies_to"], "levels": levels}


def values(ref, fractional):
    levels = ref["scale"]["values"]
    return {"min": min(levels), "max": max(levels), "fractional": fractional}


def predicates(ref):
    return [Flow(pick(p, "min label")) for p in ref["predicates"]]


def spbe(ref):
    fw, generic = ref["framework"], ref["generic_levels"]
    aspects = {a["id"]: a for a in ref["aspects"]}
    indicators = []
    for ind in ref["indicators"]:
        first, last = aspects[ind["aspect"]]["indicators"]  # the reference gives a range
        assert first <= ind["id"] <= last, f"SPBE {ind['id']}: outside its aspect's range"
        assert ind["domain"] == aspects[ind["aspect"]]["domain"], f"SPBE {ind['id']}: domain"
        spec = "number=id aspect name short_name weight scale=capability question criteria=levels"
        out = pick(ind, spec)
        if ind["notes_2024"]:
            out["notes"] = ind["notes_2024"]
        out.update(evidence_guidance=ind["evidence_family"], value_source="self")
        indicators.append(out)
    return dict(
        format=FORMAT,
        slug="spbe-2020",
        version="2024.1",
        title="Indeks SPBE — Pemantauan dan Evaluasi SPBE (PermenPANRB 59/2020)",
        short_title="SPBE 2020",
        legal_basis=fw["legal_basis"],
        status=fw["status"],
        provenance={
            "sources": fw["sources"],
            "notes": paras(fw["level_criteria_note"], "Status: " + fw["status"]),
        },
        confidence={"level": "confirmed", "summary": paras(fw["confidence"], SPBE_PARAPHRASE)},
        scales={
            "proses": scale("Kapabilitas proses", generic["proses"]),
            "layanan": scale("Kapabilitas fungsi layanan", generic["layanan"]),
        },
        values=values(ref, fractional=False),
        formula={"method": "weighted_average", "text": SPBE_FORMULA},
        predicates=predicates(ref),
        options={"level_cascade": False, "missing_external_value": None},
        domains=[Flow(pick(d, "number=id name weight")) for d in ref["domains"]],
        aspects=[Flow(pick(a, "number=id domain name weight")) for a in ref["aspects"]],
        evidence_guidance=dict(ref["evidence_hints"]),
        indicators=indicators,
    )


def lower_title(text):
    """Lower-case the first letter of title-cased words; acronyms stay as written."""
    return " ".join(w[:1].lower() + w[1:] if w[1:].islower() else w for w in text.split(" "))


def pemdi_question(name):
    """'Tingkat Kematangan Tata Kelola Pemerintah Digital' -> '... tata kelola Pemerintah ...'."""
    parts = name.removeprefix("Tingkat Kematangan ").split(PROPER_TERM)
    return f"Bagaimana tingkat kematangan {PROPER_TERM.join(map(lower_title, parts))}?"


def pemdi_external(src):
    out = pick(src, "instrument agency")
    out["bands"] = Flow((int(k), str(v)) for k, v in src["level_bands"].items())
    if src.get("conversion") is not None:
        out["conversion"] = str(src["conversion"])
    bands_source, conv_conf = src.get("level_bands_source"), src.get("conversion_confidence")
    note = paras(
        src.get("note"),
        bands_source and "Sumber rentang level: " + bands_source,
        conv_conf and "Keyakinan konversi: " + conv_conf,
    )
    if note:
        out["note"] = note
    return out


def pemdi_indicator(ind):
    out = pick(ind, "number=id code aspect name short_name weight")
    out.update(scale="pemdi", question=pemdi_question(ind["name"]), focus=ind["focus"])
    levels = ind["levels"].items()
    out["criteria"] = {lvl: known(text, UNKNOWN_LEVEL.format(lvl)) for lvl, text in levels}
    out["criteria_confidence"] = str(ind["criteria_confidence"])
    notes = paras(ind.get("criteria_note"), ind.get("weight_note"), ind.get("evidence_note"))
    if notes:
        out["notes"] = notes
    out["evidence_guidance"] = "butir"
    out["evidence_items"] = [
        Flow(pick(e, "code level"), item=known(e["item"], UNKNOWN_ITEM)) for e in ind["evidence"]
    ]
    out["value_source"] = "external" if ind["code"] in EXTERNAL_VALUE else "self"
    if ind["external_source"] is not None:
        out["external"] = pemdi_external(ind["external_source"])
    return out


def pemdi(ref):
    fw, generic, sc, fm = ref["framework"], ref["generic_levels"], ref["scale"], ref["formula"]
    members = {i: a["id"] for a in ref["aspects"] for i in a["indicators"]}
    for ind in ref["indicators"]:
        assert members[ind["id"]] == ind["aspect"], f"Pemdi {ind['code']}: aspect mismatch"
    sources = fw["sources"]
    keys = ", ".join(f"{k} = [{sources.index(v) + 1}]" for k, v in fw["source_keys"].items())
    levels = generic["descriptions"]
    descriptions = " ".join(f"{k}: {v}" for k, v in levels.items() if isinstance(k, int))
    codes = ref["evidence_code_convention"]
    inds = ref["indicators"]
    seen = [e["code"] for i in inds for e in i["evidence"] if e["portal_code_seen"]]
    bands = "; ".join(f"{p['label']} = {p['level_name']}" for p in ref["predicates"])
    named = [(f"aspek {a['id']}", a) for a in ref["aspects"]] + [(i["code"], i) for i in inds]
    aliases = [f"{k}: {' | '.join(x['name_aliases'])}" for k, x in named if "name_aliases" in x]
    notes = paras(
        f"Kunci sumber di catatan (nomor = urutan di provenance.sources): {keys}.",
        fw["level_criteria_note"],
        f"Predikat (predikat = nama level: {bands}): {ref['predicates_note']}",
        f"Rumus. Sumber: {fm['source']}. {fm['verification']} {fm['rounding']}",
        "Nama level (keyakinan): " + generic["pemdi"]["confidence"],
        f"Uraian umum level ({levels['source']}): {descriptions}",
        "Nilai pecahan (values.fractional: true): " + sc["indicator_value"],
        "Nilai minimum; indikator eksternal tanpa nilai dianggap 1"
        " (options.missing_external_value): " + sc["minimum"],
        "Aturan berjenjang (options.level_cascade: true): " + sc["note"],
        f"Kode butir: {codes['format']}. {codes['caveat']}",
        f"Kode butir yang terlihat di portal (portal_code_seen): {', '.join(seen)}.",
        "Nama lain di sumber (name_aliases): " + "; ".join(aliases) + ".",
    )
    title = "Indeks Pemerintah Digital — Evaluasi Kinerja Pemerintah Digital (PermenPANRB 8/2026)"
    return dict(
        format=FORMAT,
        slug="pemdi-2026",
        version="2026.1",
        title=title,
        short_title="Pemdi 2026",
        legal_basis=fw["legal_basis"],
        status=fw["status"],
        provenance={"sources": sources, "notes": notes},
        confidence={"level": "medium", "summary": paras(fw["confidence"], PEMDI_PARAPHRASE)},
        scales={"pemdi": scale("Tingkat kematangan Pemerintah Digital", generic["pemdi"])},
        values=values(ref, fractional=True),
        formula={"method": "weighted_average", "text": PEMDI_FORMULA},
        predicates=predicates(ref),
        options={"level_cascade": True, "missing_external_value": 1},
        aspects=[Flow(pick(a, "number=id name weight")) for a in ref["aspects"]],
        evidence_guidance={"butir": PEMDI_BUTIR},
        indicators=[pemdi_indicator(ind) for ind in ref["indicators"]],
    )


def dec(x):
    return Decimal(str(x))


def check(text, name, expected_count):
    """Read the generated text back, check weights and levels; return a summary line."""
    fw = yaml.safe_load(text)
    inds, aspects = fw["indicators"], fw["aspects"]
    assert len(inds) == expected_count, f"{name}: {len(inds)} indicators, want {expected_count}"
    for key in ("domains", "aspects", "indicators"):
        nums = [x["number"] for x in fw.get(key, [])]
        assert len(nums) == len(set(nums)), f"{name}: duplicate {key} numbers"
    codes = [e["code"] for i in inds for e in i.get("evidence_items", [])]
    assert len(codes) == len(set(codes)), f"{name}: duplicate evidence item codes"
    assert sum(dec(a["weight"]) for a in aspects) == 100, f"{name}: aspect weights != 100"
    for a in aspects:
        total = sum(dec(i["weight"]) for i in inds if i["aspect"] == a["number"])
        assert total == dec(a["weight"]), f"{name}: aspect {a['number']} indicators sum {total}"
    for d in fw.get("domains", []):
        total = sum(dec(a["weight"]) for a in aspects if a["domain"] == d["number"])
        assert total == dec(d["weight"]), f"{name}: domain {d['number']} aspects sum {total}"
    if "domains" in fw:
        assert sum(dec(d["weight"]) for d in fw["domains"]) == 100, f"{name}: domains != 100"
    levels = set(range(fw["values"]["min"], fw["values"]["max"] + 1))
    assert min(p["min"] for p in fw["predicates"]) == min(levels), f"{name}: lowest predicate"
    unknown_criteria = unknown_items = 0
    for i in inds:
        where = f"{name}: indicator {i['number']}"
        assert set(i["criteria"]) == levels, f"{where}: criteria for {sorted(i['criteria'])}"
        assert set(fw["scales"][i["scale"]]["levels"]) == levels, f"{where}: scale levels"
        assert i["evidence_guidance"] in fw["evidence_guidance"], f"{where}: evidence guidance"
        assert i["value_source"] == "self" or "external" in i, f"{where}: external block missing"
        unknown_criteria += sum(isinstance(c, dict) for c in i["criteria"].values())
        unknown_items += sum(isinstance(e["item"], dict) for e in i.get("evidence_items", []))
    return (
        f"{len(inds)} indicators, {len(aspects)} aspects,"
        f" {len(fw.get('domains', []))} domains, {len(codes)} evidence items,"
        f" unknown criteria {unknown_criteria}, unknown items {unknown_items}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spbe", nargs="?", type=Path, default=SHARED / "spbe-2020.reference.yaml")
    parser.add_argument("pemdi", nargs="?", type=Path, default=SHARED / "pemdi-2026.reference.yaml")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(args.spbe, spbe, "spbe-2020.yaml", 47), (args.pemdi, pemdi, "pemdi-2026.yaml", 20)]
    for ref_path, convert, out_name, count in jobs:
        doc = convert(yaml.safe_load(ref_path.read_text(encoding="utf-8")))
        text = HEADER.format(ref=ref_path.name)
        text += yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=88)
        summary = check(text, out_name, count)  # nothing is written if a check fails
        out_path = args.out_dir / out_name
        out_path.write_text(text, encoding="utf-8")
        print(f"{out_path}: {summary}")


if __name__ == "__main__":
    main()
