"""Near-copy detection of explanations (FAKTA + ANALISIS) across units. Pure Python with
rapidfuzz; no Django imports.

Texts are compared only within the same indicator (a copied explanation is copied for the same
question) and only between different units. Short texts are ignored: a bare document title
("Perbup 12/2024 tentang SPBE") is legitimately shared by every unit.

Tuning (see review/tests/test_textmatch.py): `fuzz.ratio` on the normalised text. Copies with a
swapped unit name, renumbered documents or a rephrased sentence score 88–99; independent
explanations of the same indicator that share the usual vocabulary score 40–75. The threshold
sits at 88, and texts under 80 characters are left out.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

THRESHOLD = 88
MIN_LENGTH = 80

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class Text:
    key: Hashable  # e.g. the answer's id
    group: Hashable  # e.g. the indicator number: only texts of one group are compared
    owner: Hashable  # e.g. the unit: texts of the same owner are never compared
    text: str


@dataclass(frozen=True)
class Match:
    key: Hashable
    other: Hashable
    score: float


def normalise(text: str) -> str:
    return _SPACE.sub(" ", _PUNCT.sub(" ", text.lower())).strip()


def near_copies(
    texts: Iterable[Text],
    *,
    only: set | None = None,
    threshold: float = THRESHOLD,
    min_length: int = MIN_LENGTH,
) -> list[Match]:
    """Every (key, other) pair whose texts nearly match, for each key (or only the keys in
    `only`). Both directions are reported when both keys are asked for."""
    groups: dict[Hashable, list[tuple[Hashable, Hashable, str]]] = {}
    for item in texts:
        clean = normalise(item.text)
        if len(clean) >= min_length:
            groups.setdefault(item.group, []).append((item.key, item.owner, clean))
    from rapidfuzz import fuzz, process  # here, not at import: web workers that never compare stay light

    matches = []
    for members in groups.values():
        if len(members) < 2:
            continue
        for key, owner, clean in members:
            if only is not None and key not in only:
                continue
            choices = {k: t for k, o, t in members if o != owner}
            if not choices:
                continue
            found = process.extract(clean, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
            matches.extend(Match(key, other, score) for _text, score, other in found)
    matches.sort(key=lambda m: (str(m.key), -m.score, str(m.other)))
    return matches
