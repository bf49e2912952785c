"""Read and validate framework files (docs/framework-format.md). Pure Python: no Django.

`read_framework(path)` returns a `FrameworkDoc`: the normalised content (numbers as exact
decimals), its canonical JSON hash, and the scoring model's JSON-able form. Every fault found is
reported together, each naming the file, the place and the fault; nothing is returned then.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

FORMAT = "swanilai-framework/1"
CONFIDENCE_LEVELS = ("confirmed", "high", "medium", "low")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,48}$")

TOP_KEYS = {
    "format": True,
    "slug": True,
    "version": True,
    "title": True,
    "short_title": True,
    "legal_basis": True,
    "status": False,
    "provenance": True,
    "confidence": True,
    "scales": True,
    "values": True,
    "formula": True,
    "predicates": True,
    "options": False,
    "domains": False,
    "aspects": True,
    "evidence_guidance": False,
    "indicators": True,
}
INDICATOR_KEYS = {
    "number": True,
    "code": False,
    "aspect": True,
    "name": True,
    "short_name": True,
    "weight": True,
    "scale": True,
    "question": True,
    "focus": False,
    "criteria": True,
    "criteria_confidence": False,
    "notes": False,
    "evidence_guidance": False,
    "evidence_items": False,
    "value_source": False,
    "external": False,
}


class FrameworkFileError(ValueError):
    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


class _DecimalLoader(yaml.SafeLoader):
    """YAML numbers with a fraction are read as exact Decimals from their text."""


def _construct_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return text  # reported as "not a number" by the checks


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


@dataclass(frozen=True)
class FrameworkDoc:
    data: dict  # normalised content, JSON-able (decimals as strings)
    content_hash: str
    scoring: dict  # input of scoring.ScoringModel.from_dict

    @property
    def slug(self) -> str:
        return self.data["slug"]


def read_framework(path: str | Path) -> FrameworkDoc:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkFileError(str(path), [f"berkas tidak dapat dibaca ({exc})"]) from None
    return parse_framework(text, str(path))


def parse_framework(text: str, source: str = "<teks>") -> FrameworkDoc:
    try:
        raw = yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        place = f"baris {where.line + 1}, kolom {where.column + 1}: " if where else ""
        raise FrameworkFileError(source, [f"{place}YAML tidak sah ({getattr(exc, 'problem', exc)})"])
    checker = _Checker()
    data = checker.check(raw)
    if checker.problems:
        raise FrameworkFileError(source, checker.problems)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return FrameworkDoc(
        data=data,
        content_hash=hashlib.sha256(canonical.encode()).hexdigest(),
        scoring=_scoring_form(data),
    )


def _scoring_form(data: dict) -> dict:
    return {
        "slug": data["slug"],
        "domains": [{"number": d["number"], "weight": d["weight"]} for d in data["domains"]],
        "aspects": [
            {"number": a["number"], "weight": a["weight"], "domain": a.get("domain")} for a in data["aspects"]
        ],
        "indicators": [
            {
                "number": i["number"],
                "aspect": i["aspect"],
                "weight": i["weight"],
                "external": i["value_source"] == "external",
            }
            for i in data["indicators"]
        ],
        "predicates": [{"min": p["min"], "label": p["label"]} for p in data["predicates"]],
        "min_value": data["values"]["min"],
        "max_value": data["values"]["max"],
        "fractional": data["values"]["fractional"],
    }


class _Checker:
    """Walks the raw YAML, collecting every fault with its place; returns normalised data."""

    def __init__(self):
        self.problems: list[str] = []

    def fail(self, place: str, message: str) -> None:
        self.problems.append(f"{place}: {message}")

    # -- primitives -------------------------------------------------------------------------
    def mapping(self, value, place, keys: dict[str, bool]) -> dict:
        if not isinstance(value, dict):
            self.fail(place, "harus berupa pemetaan (kunci: nilai)")
            return {}
        for key in value:
            if key not in keys:
                self.fail(f"{place}.{key}" if place else str(key), "kunci tidak dikenal")
        for key, required in keys.items():
            if required and key not in value:
                self.fail(f"{place}.{key}" if place else key, "wajib diisi")
        return value

    def text(self, value, place, required=True) -> str | None:
        if value is None:
            if required:
                self.fail(place, "wajib diisi")
            return None
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(place, "harus berupa teks yang tidak kosong")
            return None
        return value.strip()

    def number(self, value, place, positive=True) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.fail(place, f"harus berupa angka, bukan {value!r}")
            return None
        number = Decimal(value)
        if not number.is_finite() or (positive and number <= 0):
            self.fail(place, "harus angka positif")
            return None
        return number

    def integer(self, value, place) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(place, f"harus bilangan bulat, bukan {value!r}")
            return None
        return value

    def items(self, value, place) -> list:
        if not isinstance(value, list) or not value:
            self.fail(place, "harus berupa daftar yang tidak kosong")
            return []
        return value

    def criterion(self, value, place) -> dict | None:
        """A criterion text, or {unknown: reason} when not yet known."""
        if isinstance(value, dict):
            self.mapping(value, place, {"unknown": True})
            reason = self.text(value.get("unknown"), f"{place}.unknown")
            return {"unknown": reason} if reason else None
        if value is None:
            self.fail(place, "kosong; tulis kriterianya atau {unknown: alasan} bila belum diketahui")
            return None
        text = self.text(value, place)
        return {"text": text} if text else None

    # -- the document -----------------------------------------------------------------------
    def check(self, raw) -> dict:
        doc = self.mapping(raw, "", TOP_KEYS)
        if not doc:
            return {}
        if doc.get("format") != FORMAT:
            self.fail("format", f"harus '{FORMAT}'")
        slug = self.text(doc.get("slug"), "slug") or ""
        if slug and not SLUG_RE.match(slug):
            self.fail("slug", "hanya huruf kecil, angka dan '-' (2-49 karakter)")
        out = {
            "slug": slug,
            "version": self.text(doc.get("version"), "version"),
            "title": self.text(doc.get("title"), "title"),
            "short_title": self.text(doc.get("short_title"), "short_title"),
            "legal_basis": self.text(doc.get("legal_basis"), "legal_basis"),
            "status": self.text(doc.get("status"), "status", required=False),
        }
        out["provenance"] = self.check_provenance(doc.get("provenance"))
        out["confidence"] = self.check_confidence(doc.get("confidence"))
        out["values"] = values = self.check_values(doc.get("values"))
        out["scales"] = self.check_scales(doc.get("scales"), values)
        formula = self.mapping(doc.get("formula"), "formula", {"method": True, "text": True})
        if formula and formula.get("method") != "weighted_average":
            self.fail("formula.method", "metode yang dikenal: weighted_average")
        out["formula"] = {
            "method": "weighted_average",
            "text": self.text(formula.get("text"), "formula.text"),
        }
        out["predicates"] = self.check_predicates(doc.get("predicates"), values)
        out["options"] = self.check_options(doc.get("options"), values)
        out["domains"] = self.check_domains(doc.get("domains"))
        out["aspects"] = self.check_aspects(doc.get("aspects"), out["domains"])
        guidance = doc.get("evidence_guidance") or {}
        if not isinstance(guidance, dict):
            self.fail("evidence_guidance", "harus berupa pemetaan nama: teks")
            guidance = {}
        out["evidence_guidance"] = {
            str(k): self.text(v, f"evidence_guidance.{k}") for k, v in guidance.items()
        }
        out["indicators"] = self.check_indicators(doc.get("indicators"), out)
        self.check_weights(out)
        return out

    def check_provenance(self, value) -> dict:
        prov = self.mapping(value, "provenance", {"sources": True, "notes": False})
        sources = (
            [
                self.text(s, f"provenance.sources[{n}]")
                for n, s in enumerate(self.items(prov.get("sources"), "provenance.sources"))
            ]
            if prov
            else []
        )
        return {"sources": sources, "notes": self.text(prov.get("notes"), "provenance.notes", required=False)}

    def check_confidence(self, value) -> dict:
        conf = self.mapping(value, "confidence", {"level": True, "summary": True})
        level = conf.get("level") if conf else None
        if conf and level not in CONFIDENCE_LEVELS:
            self.fail("confidence.level", "harus salah satu dari " + ", ".join(CONFIDENCE_LEVELS))
        return {
            "level": level,
            "summary": self.text(conf.get("summary"), "confidence.summary") if conf else None,
        }

    def check_values(self, value) -> dict:
        vals = self.mapping(value, "values", {"min": True, "max": True, "fractional": True})
        low = self.integer(vals.get("min"), "values.min") if vals else None
        high = self.integer(vals.get("max"), "values.max") if vals else None
        if low is not None and high is not None and not 0 <= low < high <= 100:
            self.fail("values", "min harus lebih kecil dari max (0..100)")
            low = high = None
        fractional = vals.get("fractional") if vals else False
        if vals and not isinstance(fractional, bool):
            self.fail("values.fractional", "harus true atau false")
        return {
            "min": low if low is not None else 1,
            "max": high if high is not None else 5,
            "fractional": bool(fractional),
            "valid": low is not None and high is not None,
        }

    def level_range(self, values) -> range:
        return range(values["min"], values["max"] + 1)

    def check_scales(self, value, values) -> dict:
        if not isinstance(value, dict) or not value:
            self.fail("scales", "harus berisi minimal satu skala")
            return {}
        scales = {}
        for key, scale in value.items():
            place = f"scales.{key}"
            scale = self.mapping(scale, place, {"name": True, "applies_to": False, "levels": True})
            if not scale:
                continue
            levels = scale.get("levels")
            if not isinstance(levels, dict):
                self.fail(f"{place}.levels", "harus pemetaan level: nama")
                levels = {}
            for level in levels:
                if level not in self.level_range(values):
                    self.fail(f"{place}.levels.{level}", "level di luar rentang values.min..values.max")
            names = {}
            for level in self.level_range(values):
                names[str(level)] = self.text(levels.get(level), f"{place}.levels.{level}")
            scales[str(key)] = {
                "name": self.text(scale.get("name"), f"{place}.name"),
                "applies_to": self.text(scale.get("applies_to"), f"{place}.applies_to", required=False),
                "levels": names,
            }
        return scales

    def check_predicates(self, value, values) -> list:
        out = []
        for n, pred in enumerate(self.items(value, "predicates")):
            place = f"predicates[{n}]"
            pred = self.mapping(pred, place, {"min": True, "label": True})
            if not pred:
                continue
            low = self.number(pred.get("min"), f"{place}.min", positive=False)
            label = self.text(pred.get("label"), f"{place}.label")
            if low is not None and values["valid"] and not values["min"] <= low <= values["max"]:
                self.fail(f"{place}.min", "di luar rentang nilai")
            if low is not None and label:
                out.append({"min": str(low), "label": label})
        bounds = [Decimal(p["min"]) for p in out]
        if len(set(bounds)) != len(bounds):
            self.fail("predicates", "batas bawah predikat tidak boleh kembar")
        if bounds and values["valid"] and min(bounds) != values["min"]:
            self.fail("predicates", f"predikat terendah harus mulai dari {values['min']}")
        out.sort(key=lambda p: Decimal(p["min"]), reverse=True)
        return out

    def check_options(self, value, values) -> dict:
        opts = self.mapping(value or {}, "options", {"level_cascade": False, "missing_external_value": False})
        cascade = opts.get("level_cascade", False)
        if not isinstance(cascade, bool):
            self.fail("options.level_cascade", "harus true atau false")
        missing = opts.get("missing_external_value")
        if missing is not None:
            missing = self.number(missing, "options.missing_external_value")
            if missing is not None and not values["min"] <= missing <= values["max"]:
                self.fail("options.missing_external_value", "di luar rentang nilai")
        return {
            "level_cascade": bool(cascade),
            "missing_external_value": None if missing is None else str(missing),
        }

    def check_domains(self, value) -> list:
        if value is None:
            return []
        out, seen = [], set()
        for n, dom in enumerate(self.items(value, "domains")):
            place = f"domains[{n}]"
            dom = self.mapping(dom, place, {"number": True, "name": True, "weight": True})
            number = self.integer(dom.get("number"), f"{place}.number") if dom else None
            if number in seen:
                self.fail(f"{place}.number", f"nomor domain {number} kembar")
            seen.add(number)
            weight = self.number(dom.get("weight"), f"{place}.weight") if dom else None
            if number is not None and weight is not None:
                out.append(
                    {
                        "number": number,
                        "name": self.text(dom.get("name"), f"{place}.name"),
                        "weight": str(weight),
                    }
                )
        return out

    def check_aspects(self, value, domains) -> list:
        domain_numbers = {d["number"] for d in domains}
        out, seen = [], set()
        keys = {"number": True, "name": True, "weight": True, "domain": bool(domains)}
        for n, asp in enumerate(self.items(value, "aspects")):
            place = f"aspects[{n}]"
            asp = self.mapping(asp, place, keys)
            if not asp:
                continue
            number = self.integer(asp.get("number"), f"{place}.number")
            if number in seen:
                self.fail(f"{place}.number", f"nomor aspek {number} kembar")
            seen.add(number)
            item = {
                "number": number,
                "name": self.text(asp.get("name"), f"{place}.name"),
                "weight": self.number(asp.get("weight"), f"{place}.weight"),
            }
            if domains:
                item["domain"] = asp.get("domain")
                if item["domain"] not in domain_numbers:
                    self.fail(f"{place}.domain", f"domain {item['domain']!r} tidak ada")
            if number is not None and item["weight"] is not None:
                item["weight"] = str(item["weight"])
                out.append(item)
        return out

    def check_indicators(self, value, doc) -> list:
        aspects = {a["number"] for a in doc["aspects"]}
        out, seen, codes = [], set(), set()
        for n, ind in enumerate(self.items(value, "indicators")):
            number = ind.get("number") if isinstance(ind, dict) else None
            place = f"indicators[{n}]" + (f" (nomor {number})" if number is not None else "")
            ind = self.mapping(ind, place, INDICATOR_KEYS)
            if not ind:
                continue
            number = self.integer(ind.get("number"), f"{place}.number")
            if number is not None and number in seen:
                self.fail(f"{place}.number", f"nomor indikator {number} kembar")
            seen.add(number)
            if ind.get("aspect") not in aspects:
                self.fail(f"{place}.aspect", f"aspek {ind.get('aspect')!r} tidak ada")
            if ind.get("scale") not in doc["scales"]:
                self.fail(f"{place}.scale", f"skala {ind.get('scale')!r} tidak ada")
            source = ind.get("value_source", "self")
            if source not in ("self", "external"):
                self.fail(f"{place}.value_source", "harus 'self' atau 'external'")
            item = {
                "number": number,
                "code": self.text(ind.get("code"), f"{place}.code", required=False),
                "aspect": ind.get("aspect"),
                "name": self.text(ind.get("name"), f"{place}.name"),
                "short_name": self.text(ind.get("short_name"), f"{place}.short_name"),
                "weight": self.number(ind.get("weight"), f"{place}.weight"),
                "scale": ind.get("scale"),
                "question": self.text(ind.get("question"), f"{place}.question"),
                "focus": self.text(ind.get("focus"), f"{place}.focus", required=False),
                "criteria": self.check_criteria(ind.get("criteria"), f"{place}.criteria", doc["values"]),
                "criteria_confidence": self.text(
                    ind.get("criteria_confidence"), f"{place}.criteria_confidence", required=False
                ),
                "notes": self.text(ind.get("notes"), f"{place}.notes", required=False),
                "evidence_guidance": self.check_guidance(
                    ind.get("evidence_guidance"), f"{place}.evidence_guidance", doc
                ),
                "evidence_items": self.check_items(
                    ind.get("evidence_items"), f"{place}.evidence_items", doc["values"], codes
                ),
                "value_source": source,
                "external": self.check_external(
                    ind.get("external"), f"{place}.external", source == "external"
                ),
            }
            if item["weight"] is not None:
                item["weight"] = str(item["weight"])
            out.append(item)
        return out

    def check_criteria(self, value, place, values) -> dict:
        if not isinstance(value, dict):
            self.fail(place, "harus pemetaan level: kriteria")
            return {}
        for level in value:
            if level not in self.level_range(values):
                self.fail(f"{place}.{level}", "level di luar rentang values.min..values.max")
        out = {}
        for level in self.level_range(values):
            if level not in value:
                self.fail(
                    f"{place}.{level}",
                    "kriteria level ini tidak ada; tulis {unknown: alasan} bila belum diketahui",
                )
                continue
            criterion = self.criterion(value[level], f"{place}.{level}")
            if criterion:
                out[str(level)] = criterion
        return out

    def check_guidance(self, value, place, doc):
        if value is None:
            return None
        text = self.text(value, place)
        if text and text in doc["evidence_guidance"]:
            return {"ref": text}
        if text and re.fullmatch(r"[a-z_]+", text):
            self.fail(place, f"panduan data dukung '{text}' tidak ada di evidence_guidance")
        return {"text": text} if text else None

    def check_items(self, value, place, values, codes) -> list:
        if value is None:
            return []
        out = []
        for n, item in enumerate(self.items(value, place)):
            where = f"{place}[{n}]"
            item = self.mapping(item, where, {"code": True, "level": True, "item": True})
            if not item:
                continue
            code = self.text(item.get("code"), f"{where}.code")
            if code in codes:
                self.fail(f"{where}.code", f"kode butir {code} kembar")
            codes.add(code)
            level = item.get("level")
            if level not in self.level_range(values):
                self.fail(f"{where}.level", "level di luar rentang")
            out.append(
                {"code": code, "level": level, "item": self.criterion(item.get("item"), f"{where}.item")}
            )
        return out

    def check_external(self, value, place, required):
        if value is None:
            if required:
                self.fail(place, "wajib diisi untuk indikator bernilai eksternal (value_source: external)")
            return None
        ext = self.mapping(
            value,
            place,
            {"instrument": True, "agency": True, "bands": False, "conversion": False, "note": False},
        )
        if not ext:
            return None
        bands = ext.get("bands") or {}
        if not isinstance(bands, dict):
            self.fail(f"{place}.bands", "harus pemetaan level: teks")
            bands = {}
        return {
            "instrument": self.text(ext.get("instrument"), f"{place}.instrument"),
            "agency": self.text(ext.get("agency"), f"{place}.agency"),
            "bands": {str(k): self.text(v, f"{place}.bands.{k}") for k, v in bands.items()},
            "conversion": self.text(ext.get("conversion"), f"{place}.conversion", required=False),
            "note": self.text(ext.get("note"), f"{place}.note", required=False),
        }

    def check_weights(self, doc) -> None:
        if self.problems:
            return  # sums are meaningless over a structure that is already broken
        hundred = Decimal(100)
        aspect_total = sum(Decimal(a["weight"]) for a in doc["aspects"])
        if aspect_total != hundred:
            self.fail("aspects", f"jumlah bobot aspek {aspect_total}, seharusnya 100")
        for asp in doc["aspects"]:
            total = sum(Decimal(i["weight"]) for i in doc["indicators"] if i["aspect"] == asp["number"])
            if total != Decimal(asp["weight"]):
                self.fail(
                    f"aspects (nomor {asp['number']})",
                    f"jumlah bobot indikatornya {total}, seharusnya {asp['weight']} (bobot aspek)",
                )
        if doc["domains"]:
            domain_total = sum(Decimal(d["weight"]) for d in doc["domains"])
            if domain_total != hundred:
                self.fail("domains", f"jumlah bobot domain {domain_total}, seharusnya 100")
            for dom in doc["domains"]:
                total = sum(Decimal(a["weight"]) for a in doc["aspects"] if a["domain"] == dom["number"])
                if total != Decimal(dom["weight"]):
                    self.fail(
                        f"domains (nomor {dom['number']})",
                        f"jumlah bobot aspeknya {total}, seharusnya {dom['weight']} (bobot domain)",
                    )
        doc["values"].pop("valid", None)
