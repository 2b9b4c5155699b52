"""Bar charts as SVG, drawn on the server for the dashboard and the PDF.

Readable without colour: every bar carries its label and its value as text,
and bars are hatched (a pattern), so a black-and-white print and a person who
does not tell colours apart read the same chart.
"""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

ROW = 22
LABEL_WIDTH = 230
BAR_WIDTH = 330
VALUE_WIDTH = 70


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # shown at the end of the bar (defaults to the value)


def _fmt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _desc(bars: list[Bar]) -> str:
    """The chart as a sentence, for screen readers (its text alternative)."""
    return "; ".join(f"{bar.label}: {bar.text or _fmt(bar.value)}" for bar in bars)


def bar_chart_svg(
    *,
    chart_id: str,
    title: str,
    bars: list[Bar],
    maximum: float | None = None,
    stacked: bool = False,
) -> SafeString:
    """A horizontal bar chart: label, hatched bar, value; one row per bar.

    `stacked` puts each label above its bar in a 360-unit-wide drawing, so a
    phone shows the whole chart at a readable size instead of cutting off the
    values at the right (the PDF keeps the side-by-side layout)."""
    if stacked:
        return _stacked_chart(
            chart_id=chart_id, title=title, bars=bars, maximum=maximum
        )
    top = max([maximum or 0] + [bar.value for bar in bars]) or 1
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW * len(bars) + 30
    pattern = f"{escape(chart_id)}-hatch"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" font-family="DejaVu Sans, '
        f'sans-serif" font-size="11">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f"<desc>{escape(_desc(bars))}</desc>",
        f'<defs><pattern id="{pattern}" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff"/>'
        '<rect width="3" height="6" fill="#7a1f3d"/></pattern></defs>',
        f'<text x="0" y="14" font-weight="bold" font-size="12">{escape(title)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = 24 + i * ROW
        length = max(BAR_WIDTH * bar.value / top, 0)
        label = bar.label if len(bar.label) <= 36 else bar.label[:35] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" '
            f'height="{ROW - 7}" fill="url(#{pattern})" stroke="#7a1f3d"/>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 14}">'
            f"{escape(bar.text or _fmt(bar.value))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


STACKED_WIDTH = 360
STACKED_ROW = 36
STACKED_VALUE = 48


def _stacked_chart(
    *, chart_id: str, title: str, bars: list[Bar], maximum: float | None
) -> SafeString:
    top = max([maximum or 0] + [bar.value for bar in bars]) or 1
    span = STACKED_WIDTH - STACKED_VALUE
    height = STACKED_ROW * len(bars) + 26
    cid = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {STACKED_WIDTH} '
        f'{height}" width="{STACKED_WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-family="DejaVu Sans, '
        f'sans-serif" font-size="12">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(_desc(bars))}</desc>',
        f'<defs><pattern id="{cid}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff"/>'
        '<rect width="3" height="6" fill="#7a1f3d"/></pattern></defs>',
    ]
    for i, bar in enumerate(bars):
        y = 8 + i * STACKED_ROW
        length = max(span * bar.value / top, 0)
        label = bar.label if len(bar.label) <= 52 else bar.label[:51] + "…"
        parts.append(
            f'<text x="0" y="{y + 12}">{escape(label)}</text>'
            f'<rect x="0" y="{y + 17}" width="{length:.1f}" height="13" '
            f'fill="url(#{cid}-hatch)" stroke="#7a1f3d"/>'
            f'<text x="{length + 5:.1f}" y="{y + 28}" font-weight="bold">'
            f"{escape(bar.text or _fmt(bar.value))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
