"""Server-side SVG charts of the dashboards, shared with the PDF reports. No Django, no JavaScript.

Readable without colour: every value is printed, every series has its own pattern or marker
and a letter in the legend, and the owner cells of the heatmap carry a marker, not a hue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from html import escape

from instrument.scoring import format_id

INK, MUTED, GRID = "#1d2733", "#56606b", "#d7dde5"


@dataclass(frozen=True)
class Style:
    letter: str  # printed in the legend and next to values
    fill: str
    pattern: str  # "solid", "hatch", "dots", "cross"
    marker: str  # "circle", "square", "triangle", "diamond"
    dash: str = ""  # stroke-dasharray of lines


# One style per kind of number; kinds are never drawn alike.
STYLES = {
    "self": Style("M", "#1f6feb", "solid", "circle"),
    "verified": Style("V", "#1a7f37", "hatch", "square", "6 3"),
    "final": Style("F", "#6639ba", "dots", "diamond", "2 3"),
    "official": Style("R", "#9a6700", "cross", "triangle", "10 3 2 3"),
    "simulated": Style("S", "#56606b", "hatch", "circle", "1 3"),
}


@dataclass(frozen=True)
class Series:
    key: str  # a key of STYLES
    label: str
    values: dict = field(default_factory=dict)  # category or x -> value (None: no value)


def _open(width: int, height: int, title: str, natural: bool = False) -> list[str]:
    size = f'width="{width}" height="{height}" style="width:{width}px;max-width:none" ' if natural else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" {size}viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>" if title else "",
    ]


def _patterns(prefix: str, keys) -> str:
    parts = ["<defs>"]
    for key in keys:
        style = STYLES[key]
        pid = f"{prefix}-{key}"
        if style.pattern == "hatch":
            parts.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
                f'<rect width="3" height="6" fill="{style.fill}"/></pattern>'
            )
        elif style.pattern == "dots":
            parts.append(
                f'<pattern id="{pid}" width="5" height="5" patternUnits="userSpaceOnUse">'
                f'<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.6" '
                f'fill="{style.fill}"/></pattern>'
            )
        elif style.pattern == "cross":
            parts.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="#fff"/><path d="M0 3H6M3 0V6" '
                f'stroke="{style.fill}" stroke-width="1.4"/></pattern>'
            )
    parts.append("</defs>")
    return "".join(parts)


def _fill(prefix: str, key: str) -> str:
    style = STYLES[key]
    return style.fill if style.pattern == "solid" else f"url(#{prefix}-{key})"


def _marker(style: Style, x: float, y: float, size: float = 4.5) -> str:
    common = f'fill="{style.fill}" stroke="#fff" stroke-width="1"'
    if style.marker == "square":
        side = 2 * size
        return (
            f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{side:.1f}" height="{side:.1f}" {common}/>'
        )
    if style.marker == "triangle":
        return (
            f'<path d="M{x:.1f} {y - size - 1:.1f}L{x + size + 1:.1f} {y + size:.1f}'
            f'L{x - size - 1:.1f} {y + size:.1f}Z" {common}/>'
        )
    if style.marker == "diamond":
        return (
            f'<path d="M{x:.1f} {y - size - 1:.1f}L{x + size + 1:.1f} {y:.1f}L{x:.1f} {y + size + 1:.1f}'
            f'L{x - size - 1:.1f} {y:.1f}Z" {common}/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" {common}/>'


def _legend(series: list[Series], prefix: str, y: float, width: int) -> str:
    parts, x = [], 8.0
    for s in series:
        style = STYLES[s.key]
        text = f"{style.letter} = {s.label}"
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="14" height="12" fill="{_fill(prefix, s.key)}" '
            f'stroke="{style.fill}"/>{_marker(style, x + 7, y - 4, 3)}'
            f'<text x="{x + 20:.1f}" y="{y:.1f}" fill="{INK}">{escape(text)}</text>'
        )
        x += 30 + 7 * len(text)
        if x > width - 60:
            x, y = 8.0, y + 18
    return "".join(parts)


def grouped_bars(
    categories: list[str],
    series: list[Series],
    max_value: float = 5,
    width: int = 680,
    title: str = "",
    chart_id: str = "gb",
) -> str:
    """Horizontal bars, one group per category, one bar per series (with its letter and value)."""
    series = [s for s in series if any(s.values.get(c) is not None for c in categories)]
    label_w, value_w, bar_h = 220, 120, 15
    plot_w = width - label_w - value_w
    group_h = bar_h * max(len(series), 1) + 12
    legend_h = 22 + 18 * (len(series) // 3)
    height = group_h * len(categories) + 24 + legend_h
    parts = _open(width, height, title)
    parts.append(_patterns(chart_id, [s.key for s in series]))
    axis_bottom = group_h * len(categories)
    for tick in range(int(max_value) + 1):
        x = label_w + plot_w * tick / max_value
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{axis_bottom}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{axis_bottom + 14}" text-anchor="middle" fill="{MUTED}">{tick}</text>'
        )
    for row, category in enumerate(categories):
        top = row * group_h + 6
        label = category if len(category) <= 32 else category[:31] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{top + group_h / 2:.1f}" text-anchor="end" fill="{INK}">'
            f"<title>{escape(category)}</title>{escape(label)}</text>"
        )
        for n, s in enumerate(series):
            value = s.values.get(category)
            y = top + n * bar_h
            if value is None:
                parts.append(
                    f'<text x="{label_w + 4}" y="{y + 11}" fill="{MUTED}">{STYLES[s.key].letter} –</text>'
                )
                continue
            w = plot_w * float(value) / max_value
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 3}" '
                f'fill="{_fill(chart_id, s.key)}" stroke="{STYLES[s.key].fill}"/>'
                f'<text x="{label_w + w + 5:.1f}" y="{y + 11}" fill="{INK}">'
                f"{STYLES[s.key].letter} {escape(format_id(value))}</text>"
            )
    parts.append(_legend(series, chart_id, axis_bottom + 36, width))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    xs: list,
    series: list[Series],
    max_value: float = 5,
    min_value: float = 0,
    width: int = 680,
    height: int = 260,
    title: str = "",
    chart_id: str = "ln",
    x_label=str,
) -> str:
    """Lines over the categories `xs` (e.g. years), with a marker and the value at every point."""
    series = [s for s in series if any(s.values.get(x) is not None for x in xs)]
    left, right, top = 36, 24, 14
    legend_h = 22 + 18 * (len(series) // 3)
    plot_h = height - top - 28 - legend_h
    plot_w = width - left - right
    parts = _open(width, height, title)
    parts.append(_patterns(chart_id, [s.key for s in series]))

    def px(i):
        return left + (plot_w * (i + 0.5) / len(xs) if xs else 0)

    def py(v):
        return top + plot_h * (1 - (float(v) - min_value) / (max_value - min_value))

    for tick in range(int(min_value), int(max_value) + 1):
        parts.append(
            f'<line x1="{left}" y1="{py(tick):.1f}" x2="{width - right}" y2="{py(tick):.1f}" '
            f'stroke="{GRID}"/><text x="{left - 6}" y="{py(tick) + 4:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{tick}</text>'
        )
    for i, x in enumerate(xs):
        parts.append(
            f'<text x="{px(i):.1f}" y="{top + plot_h + 16:.1f}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(x_label(x))}</text>'
        )
    for n, s in enumerate(series):
        points = [
            (px(i), py(s.values[x]), s.values[x]) for i, x in enumerate(xs) if s.values.get(x) is not None
        ]
        parts.append(_line(STYLES[s.key], points, label_offset=-8 - 11 * (n % 2)))
    parts.append(_legend(series, chart_id, top + plot_h + 40, width))
    parts.append("</svg>")
    return "".join(parts)


def _line(style: Style, points: list[tuple[float, float, object]], label_offset: float) -> str:
    """One series: the dashed line through its points, a marker and the printed value at each."""
    parts = []
    if len(points) > 1:
        path = " ".join(f"{'M' if k == 0 else 'L'}{x:.1f} {y:.1f}" for k, (x, y, _v) in enumerate(points))
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(f'<path d="{path}" fill="none" stroke="{style.fill}" stroke-width="2"{dash}/>')
    for x, y, value in points:
        parts.append(
            _marker(style, x, y) + f'<text x="{x + 7:.1f}" y="{y + label_offset + 4:.1f}" fill="{INK}">'
            f"{style.letter} {escape(format_id(value))}</text>"
        )
    return "".join(parts)


@dataclass(frozen=True)
class Cell:
    value: Fraction | int
    owner: bool = False


# Light to dark by level; the printed value carries the meaning, the shade only helps.
SHADES = ["#fdecea", "#fff4e5", "#eef2f7", "#dbe9fb", "#b7d3f6", "#8fb8ef"]


def _heat_cell(x: int, y: int, size: int, found: Cell) -> str:
    """A shaded square with the value printed (one decimal if fractional, exact in the tooltip);
    the owner's is outlined, bold and has a black triangle in its corner."""
    shade = SHADES[min(len(SHADES) - 1, max(0, int(found.value)))]
    stroke = f'stroke="{INK}" stroke-width="2"' if found.owner else f'stroke="{GRID}"'
    weight = ' font-weight="700"' if found.owner else ""
    whole = Fraction(found.value).denominator == 1
    text = format_id(found.value, 0 if whole else 1)
    tip = "" if whole else f"<title>{escape(format_id(found.value))}</title>"
    corner = (
        f'<path d="M{x + size - 8} {y + 1}H{x + size - 1}V{y + 8}Z" fill="{INK}"/>' if found.owner else ""
    )
    return (
        f'<rect x="{x + 1}" y="{y + 1}" width="{size - 2}" height="{size - 2}" fill="{shade}" {stroke}/>'
        f'<text x="{x + size / 2:.1f}" y="{y + 15}" text-anchor="middle" fill="{INK}"{weight}>'
        f"{tip}{escape(text)}</text>{corner}"
    )


def heatmap(
    rows: list[tuple[int, str]],
    columns: list[tuple[int, str]],
    cells: dict[tuple[int, int], Cell],
    max_value: int = 5,
    title: str = "",
    owner_note: str = "",
) -> str:
    """Rows × columns of values; a cell of the owner unit (penanggung jawab) is outlined and marked
    with a triangle in its corner. `rows`/`columns` are (key, label)."""
    label_w, cell, head = 150, 22, 34
    width = label_w + cell * len(columns) + 8
    height = head + cell * len(rows) + 30
    parts = _open(width, height, title, natural=True)  # scrolls sideways rather than shrinking
    parts.append('<g font-size="10">')
    for c, (_key, label) in enumerate(columns):
        parts.append(
            f'<text x="{label_w + c * cell + cell / 2:.1f}" y="{head - 8}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
    for r, (row_key, label) in enumerate(rows):
        y = head + r * cell
        short = label if len(label) <= 22 else label[:21] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" fill="{INK}" font-size="11">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        for c, (col_key, _label) in enumerate(columns):
            found = cells.get((row_key, col_key))
            if found is None:
                continue
            parts.append(_heat_cell(label_w + c * cell, y, cell, found))
    parts.append("</g>")
    if owner_note:
        y = head + cell * len(rows) + 20
        parts.append(
            f'<rect x="8" y="{y - 11}" width="14" height="14" fill="#fff" stroke="{INK}" stroke-width="2"/>'
            f'<path d="M15 {y - 11}H22V{y - 4}Z" fill="{INK}"/>'
            f'<text x="28" y="{y}" fill="{INK}">{escape(owner_note)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
