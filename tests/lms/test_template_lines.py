"""Template lines stay under 120 characters.

Templates written before the rule keep a budget of long lines
(``template_long_lines.json``, counted when the rule came in): a template may
only lose long lines, never gain one, and every other template has none. Split
a long line between block-level tags, or inside ``{% blocktranslate trimmed %}``
(the message id stays the same), and lower the budget with it.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

LIMIT = 120
TEMPLATES = Path(settings.BASE_DIR) / "templates"
BUDGET = json.loads((Path(__file__).parent / "template_long_lines.json").read_text())


def long_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), start=1) if len(line) > LIMIT]


def templates():
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".txt"):
            yield path


@pytest.mark.parametrize(
    "path", list(templates()), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_gains_a_line_over_120_characters(path):
    name = str(path.relative_to(TEMPLATES))
    lines = long_lines(path.read_text())
    assert len(lines) <= BUDGET.get(name, 0), f"{name}: lines {lines} are too long"


def test_the_shared_pdf_templates_are_within_the_limit():
    for name in (
        "pdf/base.html",
        "certificates/_certificate_pdf.html",
        "certificates/certificate_pdf.html",
        "certificates/completion_pdf.html",
        "events/chamber_report.html",
        "events/training_page.html",
        "events/_accreditation.html",
    ):
        assert name not in BUDGET
        assert long_lines((TEMPLATES / name).read_text()) == []


def test_the_check_counts_characters_not_bytes():
    assert long_lines("ш" * LIMIT) == []
    assert long_lines("ок\n" + "ш" * (LIMIT + 1)) == [2]
