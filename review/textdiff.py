"""Word-level differences between two versions of an explanation, for the "what changed
between rounds" page. Pure Python: no Django imports."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

SAME, ADDED, REMOVED = "same", "added", "removed"
_TOKENS = re.compile(r"\S+\s*|\s+")  # a word with the spaces after it


@dataclass(frozen=True)
class Piece:
    op: str  # SAME, ADDED or REMOVED
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The new text as pieces, with removed words of the old text in between."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece(SAME, "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece(REMOVED, "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece(ADDED, "".join(b[j1:j2])))
    return [p for p in pieces if p.text]
