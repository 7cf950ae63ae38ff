"""Server-rendered SVG charts, readable in greyscale print: black outlines and hatching for
bars, dash patterns and marker shapes for lines, every value written beside its mark, and a
legend in words. Suppressed counts (prefecture view) are drawn as no bar and labelled 秘匿."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HATCH = (
    '<defs><pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#333" stroke-width="2.5"/></pattern></defs>'
)
DASHES = ("", "6 3", "2 3", "10 3 2 3")


def _marker(shape: int, x: float, y: float) -> str:
    if shape == 1:
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="#fff" stroke="#000"/>'
    if shape == 2:
        return (
            f'<polygon points="{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} '
            f'{x - 4.5:.1f},{y + 3.5:.1f}" fill="#000"/>'
        )
    if shape == 3:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#fff" stroke="#000"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#000"/>'


def bar_chart(title: str, items: list[tuple[str, int | None]], unit: str, chart_id: str) -> str:
    """Horizontal bars, one per (label, value); None = suppressed."""
    if not items:
        return ""
    label_w, row_h, top = 190, 24, 8
    height = top + row_h * len(items) + 8
    plot_w = WIDTH - label_w - 70
    peak = max((v or 0 for _l, v in items), default=0) or 1
    pattern = f"{chart_id}-hatch"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}（{escape(unit)}）">',
        f"<title>{escape(title)}</title>",
        HATCH.format(id=pattern),
        f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{height - 6}" stroke="#000"/>',
    ]
    for n, (label, value) in enumerate(items):
        y = top + n * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="12">{escape(label)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{label_w + 6}" y="{y + 16}" font-size="12">秘匿（5未満など）</text>'
            )
            continue
        w = plot_w * value / peak
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="url(#{pattern})" stroke="#000"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 5:.1f}" y="{y + 16}" font-size="12">{value:,}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str, x_labels: list[str], series: list[tuple[str, list[int | None]]], chart_id: str
) -> str:
    """One line per series across the months, told apart by dash pattern and marker shape."""
    if not x_labels or not series:
        return ""
    left, right, top, plot_h = 48, 16, 12, 190
    legend_h = 22 * ((len(series) + 2) // 3)
    height = top + plot_h + 28 + legend_h
    plot_w = WIDTH - left - right
    peak = max((v or 0 for _n, vals in series for v in vals), default=0) or 1
    step = plot_w / max(len(x_labels) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#000"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="#000"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="11">{peak:,}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    for n, label in enumerate(x_labels):
        x = left + n * step
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11">{escape(label)}</text>'
        )
    for s, (name, values) in enumerate(series):
        points = [
            (left + n * step, top + plot_h - plot_h * v / peak)
            for n, v in enumerate(values)
            if v is not None
        ]
        dash = DASHES[s % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="1.6"{dash_attr}/>'
        )
        parts.extend(_marker(s % 4, x, y) for x, y in points)
        if s == 0:  # the first series' values written above its points
            parts.extend(
                f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-size="10">{v:,}</text>'
                for (x, y), v in zip(points, [v for v in values if v is not None], strict=True)
            )
        lx = left + (s % 3) * 190
        ly = top + plot_h + 34 + 22 * (s // 3)
        parts.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 30}" y2="{ly}" stroke="#000" stroke-width="1.6"{dash_attr}/>'
        )
        parts.append(_marker(s % 4, lx + 15, ly))
        parts.append(f'<text x="{lx + 36}" y="{ly + 4}" font-size="12">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def chart_for(table: object) -> SafeString:
    """The chart a table result asks for (its definition's `chart`), as inline SVG."""
    kind = table.table.chart  # type: ignore[attr-defined]
    if not kind:
        return mark_safe("")
    chart_id = f"chart-{table.key}"  # type: ignore[attr-defined]
    rows = table.rows  # type: ignore[attr-defined]
    title = table.title  # type: ignore[attr-defined]
    body = [r for r in rows if not r.total]
    if getattr(table, "cross_dimension", None) is not None or table.row_header == "自治体":  # type: ignore[attr-defined]
        totals = next((r for r in rows if r.total), None)
        if totals is None:
            return mark_safe("")
        items = list(zip(table.columns[:-1], totals.values[:-1], strict=True))  # type: ignore[attr-defined]
        svg = bar_chart(title, items, table.unit, chart_id)  # type: ignore[attr-defined]
    elif kind == "line":
        months = table.columns[:-1]  # type: ignore[attr-defined]
        series = [(r.label, r.values[:-1]) for r in body]
        svg = line_chart(title, months, series, chart_id)
    else:
        unit = table.columns[0] if table.columns else ""  # type: ignore[attr-defined]
        svg = bar_chart(title, [(r.label, r.values[0]) for r in body], unit, chart_id)
    return mark_safe(svg)
