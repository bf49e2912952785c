"""The SVG charts: every value printed, each kind with its own letter and pattern, labels escaped."""

from fractions import Fraction

from insight import charts


def test_grouped_bars_print_values_with_the_kind_letter():
    svg = charts.grouped_bars(
        ["A1 <Kebijakan>", "A2"],
        [
            charts.Series("self", "penilaian mandiri", {"A1 <Kebijakan>": Fraction(41, 10), "A2": 3}),
            charts.Series("verified", "terverifikasi", {"A1 <Kebijakan>": Fraction(7, 2), "A2": None}),
        ],
        title="Indeks per aspek",
    )
    assert "M 4,10" in svg and "V 3,50" in svg and "V –" in svg
    assert "&lt;Kebijakan&gt;" in svg and "<Kebijakan>" not in svg
    assert "url(#gb-verified)" in svg  # hatched, not only another colour
    assert "M = penilaian mandiri" in svg and "V = terverifikasi" in svg


def test_series_without_values_are_left_out():
    svg = charts.grouped_bars(
        ["A1"], [charts.Series("self", "m", {"A1": 2}), charts.Series("final", "f", {})]
    )
    assert "F = f" not in svg


def test_line_chart_marks_every_point():
    svg = charts.line_chart(
        [2023, 2024, 2025],
        [
            charts.Series("official", "resmi", {2023: Fraction(328, 100), 2024: Fraction(408, 100)}),
            charts.Series("self", "mandiri", {2025: Fraction(349, 100)}),
        ],
    )
    assert "R 3,28" in svg and "R 4,08" in svg and "M 3,49" in svg
    assert svg.count('<path d="M') >= 1 and 'stroke-dasharray="10 3 2 3"' in svg
    assert ">2024<" in svg


def test_heatmap_marks_the_owner_with_a_shape():
    svg = charts.heatmap(
        [(1, "Dinkes"), (2, "Disdik")],
        [(16, "16"), (47, "47")],
        {(1, 47): charts.Cell(4, owner=True), (2, 16): charts.Cell(Fraction(5, 2))},
        owner_note="penanggung jawab",
    )
    assert ">4<" in svg and ">2,5<" in svg
    assert svg.count('font-weight="700"') == 1 and "penanggung jawab" in svg
