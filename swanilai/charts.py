"""Server-side SVG charts, shared by pages and PDF reports. No JavaScript, no Django models.

Bars carry their value as text, so a chart is readable without colour."""

from dataclasses import dataclass
from fractions import Fraction
from html import escape

from instrument.scoring import format_id


@dataclass(frozen=True)
class Bar:
    label: str
    value: Fraction | float
    note: str = ""  # e.g. the predicate, printed after the value


def bar_chart(bars: list[Bar], max_value: float = 5, width: int = 640, title: str = "") -> str:
    """Horizontal bars on a 0..max_value axis with gridlines at each whole number."""
    row, label_w, value_w = 28, 230, 150
    plot_w = width - label_w - value_w
    height = row * len(bars) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="13">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for tick in range(int(max_value) + 1):
        x = label_w + plot_w * tick / max_value
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 22}" stroke="#d7dde5" />'
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="#56606b">{tick}</text>'
        )
    for n, bar in enumerate(bars):
        y = n * row + 4
        w = plot_w * float(bar.value) / max_value
        text = format_id(bar.value) + (f" · {bar.note}" if bar.note else "")
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="#1d2733">'
            f"<title>{escape(bar.label)}</title>{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row - 10}" rx="3" fill="#1f6feb" />'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" fill="#1d2733">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
