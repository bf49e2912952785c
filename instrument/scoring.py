"""The official scoring engine. Pure Python: no Django imports.

Index = Σ(value × weight) / Σ weight, per aspect, per domain and overall (weights in percent,
so the overall denominator is 100). Arithmetic is exact (fractions), so a value exactly on a
predicate boundary gets the upper band, and the predicate is taken from the unrounded value.
Display rounds half up to two decimals in Indonesian notation (4,08), as published results do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction


class ScoringError(ValueError):
    """Input that cannot be scored; the message names the offending indicators."""


@dataclass(frozen=True)
class IndicatorRule:
    number: int
    aspect: int
    weight: Fraction
    external: bool = False


@dataclass(frozen=True)
class AspectRule:
    number: int
    weight: Fraction
    domain: int | None = None


@dataclass(frozen=True)
class DomainRule:
    number: int
    weight: Fraction


@dataclass(frozen=True)
class ScoringModel:
    """What the engine needs of a framework: structure, weights, value range, predicates."""

    slug: str
    domains: tuple[DomainRule, ...]
    aspects: tuple[AspectRule, ...]
    indicators: tuple[IndicatorRule, ...]
    predicates: tuple[tuple[Fraction, str], ...]  # (lower bound, label), highest first
    min_value: int = 1
    max_value: int = 5
    fractional: bool = False

    @classmethod
    def from_dict(cls, data: dict) -> ScoringModel:
        """Build from the JSON-able form kept with a framework version (numbers as strings)."""
        return cls(
            slug=data["slug"],
            domains=tuple(DomainRule(d["number"], Fraction(d["weight"])) for d in data["domains"]),
            aspects=tuple(
                AspectRule(a["number"], Fraction(a["weight"]), a.get("domain")) for a in data["aspects"]
            ),
            indicators=tuple(
                IndicatorRule(i["number"], i["aspect"], Fraction(i["weight"]), i.get("external", False))
                for i in data["indicators"]
            ),
            predicates=tuple(
                sorted(((Fraction(p["min"]), p["label"]) for p in data["predicates"]), reverse=True)
            ),
            min_value=data["min_value"],
            max_value=data["max_value"],
            fractional=data["fractional"],
        )

    def predicate(self, value: Fraction) -> str:
        for lower, label in self.predicates:
            if value >= lower:
                return label
        return self.predicates[-1][1]


@dataclass(frozen=True)
class Score:
    """Indices in full precision. `kind` is "official" (all indicators) or "unit" (renormalised)."""

    index: Fraction
    predicate: str
    aspects: dict[int, Fraction]
    domains: dict[int, Fraction]
    kind: str = "official"
    indicators: tuple[int, ...] = field(default=())

    @property
    def display(self) -> str:
        return format_id(self.index)


def round_half_up(value: Fraction, places: int = 2) -> Fraction:
    scale = 10**places
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def format_id(value: Fraction | Decimal | int | float, places: int = 2) -> str:
    """Indonesian notation, rounded half up: Fraction(102, 25) -> '4,08'."""
    exact = Fraction(value) if not isinstance(value, float) else Fraction(Decimal(repr(value)))
    sign = "-" if exact < 0 else ""
    scaled = math.floor(abs(exact) * 10**places + Fraction(1, 2))
    whole, part = divmod(scaled, 10**places)
    whole_text = f"{whole:,}".replace(",", ".")
    return f"{sign}{whole_text},{part:0{places}d}" if places else f"{sign}{whole_text}"


def parse_value(raw, fractional: bool) -> Fraction:
    """A level from JSON or a form: int, float, text with a decimal point or comma, or an exact
    fraction as text ("7/6"), since assessors' partial credit is not always a finite decimal."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError("bukan angka")
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueError("bukan angka")
        value = Fraction(Decimal(repr(raw)))
    elif isinstance(raw, Fraction):
        value = raw
    elif isinstance(raw, str) and "/" in raw:  # an exact partial credit such as "7/6"
        try:
            value = Fraction(raw.strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError("bukan angka") from None
    elif isinstance(raw, (str, Decimal)):
        text = str(raw).strip().replace(",", ".")
        try:
            decimal = Decimal(text)
        except InvalidOperation:
            raise ValueError("bukan angka") from None
        if not decimal.is_finite():
            raise ValueError("bukan angka")
        value = Fraction(decimal)
    else:
        raise ValueError("bukan angka")
    if not fractional and value.denominator != 1:
        raise ValueError("harus bilangan bulat")
    return value


class Engine:
    """Scores assessments against one framework. Build once, reuse for many assessments.

    Weights are scaled once to integers over their common denominator, so the sums for whole
    levels stay in (fast) integer arithmetic and only the final divisions make fractions."""

    def __init__(self, model: ScoringModel):
        self.model = model
        self._indicators = {str(i.number): i for i in model.indicators}
        self._aspects = {a.number: a for a in model.aspects}
        self._domains = {d.number: d for d in model.domains}
        scale = math.lcm(*(i.weight.denominator for i in model.indicators))
        self._scaled = [(i.number, i.aspect, int(i.weight * scale)) for i in model.indicators]
        self._total = sum(a.weight for a in model.aspects)
        self._low, self._high = model.min_value, model.max_value

    def parse_levels(self, levels: dict, partial: bool = False) -> dict[int, int | Fraction]:
        """Check keys and values; return {indicator number: value}. Raises ScoringError."""
        problems, parsed, bad = [], {}, []
        unknown = [str(k) for k in levels if str(k) not in self._indicators]
        if unknown:
            problems.append("indikator tidak dikenal: " + ", ".join(sorted(unknown, key=_natural)))
        if not partial and len(levels) - len(unknown) < len(self._indicators):
            given = {str(k) for k in levels}
            missing = [k for k in self._indicators if k not in given]
            problems.append("indikator belum diberi nilai: " + ", ".join(missing))
        for key, raw in levels.items():
            rule = self._indicators.get(str(key))
            if rule is None:
                continue
            if type(raw) is int and self._low <= raw <= self._high:
                parsed[rule.number] = raw  # the common case, kept as a plain int
                continue
            try:
                value = parse_value(raw, self.model.fractional)
            except ValueError as exc:
                bad.append(f"{key} ({raw!r} {exc})")
                continue
            if not self._low <= value <= self._high:
                bad.append(f"{key} ({format_id(value) if value.denominator != 1 else value})")
                continue
            parsed[rule.number] = value.numerator if value.denominator == 1 else value
        if bad:
            whole = "" if self.model.fractional else " (bilangan bulat)"
            problems.append(f"nilai di luar skala {self._low}–{self._high}{whole}: " + ", ".join(bad))
        if problems:
            raise ScoringError("; ".join(problems))
        if not parsed:
            raise ScoringError("tidak ada indikator yang diberi nilai")
        return parsed

    def score(self, levels: dict, partial: bool = False) -> Score:
        """Official index over all indicators, or with `partial` the *unit index*: the same
        formula over the indicators given, weights renormalised over them."""
        values = self.parse_levels(levels, partial=partial)
        return self.score_parsed(values, kind="unit" if partial else "official")

    def score_parsed(self, values: dict[int, int | Fraction], kind: str = "official") -> Score:
        aspect_sum: dict[int, int | Fraction] = {}
        aspect_weight: dict[int, int] = {}
        for number, aspect, weight in self._scaled:
            value = values.get(number)
            if value is None:
                continue
            aspect_sum[aspect] = aspect_sum.get(aspect, 0) + value * weight
            aspect_weight[aspect] = aspect_weight.get(aspect, 0) + weight
        aspects = {n: Fraction(aspect_sum[n]) / aspect_weight[n] for n in sorted(aspect_sum)}
        domains: dict[int, Fraction] = {}
        if self._domains:
            domain_sum: dict[int, int | Fraction] = {}
            domain_weight: dict[int, int] = {}
            for number, total in aspect_sum.items():
                domain = self._aspects[number].domain
                domain_sum[domain] = domain_sum.get(domain, 0) + total
                domain_weight[domain] = domain_weight.get(domain, 0) + aspect_weight[number]
            domains = {n: Fraction(domain_sum[n]) / domain_weight[n] for n in sorted(domain_sum)}
        index = Fraction(sum(aspect_sum.values())) / sum(aspect_weight.values())
        return Score(
            index=index,
            predicate=self.model.predicate(index),
            aspects=aspects,
            domains=domains,
            kind=kind,
            indicators=tuple(sorted(values)),
        )

    def step_gains(self, values: dict[int, int | Fraction]) -> list[tuple[int, Fraction, Fraction]]:
        """For the simulator: per self-assessed indicator below the top, how much one step up
        (to the next whole level) raises the official index. Sorted, largest gain first.
        Returns (indicator number, new value, index gain)."""
        gains = []
        for rule in self.model.indicators:
            if rule.external:
                continue
            current = Fraction(values.get(rule.number, self._low))
            if current >= self._high:
                continue
            target = Fraction(math.floor(current) + 1)
            gains.append((rule.number, target, (target - current) * rule.weight / self._total))
        gains.sort(key=lambda g: (-g[2], g[0]))
        return gains


def _natural(key: str):
    return (0, int(key), "") if key.isdigit() else (1, 0, key)
