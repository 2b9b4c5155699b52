"""Status values are compared through their choices members, never as strings.

A bare ``"cancelled"`` survives a renamed value silently; ``TrainingStatus.CANCELLED``
fails at import. Python code is read with ``ast`` (comparisons with a ``status``
operand, ``status=``/``status__in=`` arguments, ``x.status = ...`` and
``{"status": ...}``), templates with a regular expression (``.status == "..."``:
templates use properties such as ``training.is_held`` instead).
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("lms", "events", "courses", "quizzes", "exercises", "certificates")
APPS += ("referrals", "assistant")


def status_values() -> set[str]:
    """Every value of every model field called ``status`` (or ``*_status``)."""
    values = set()
    for model in apps.get_models():
        for field in model._meta.fields:
            if "status" in field.name and field.choices:
                values |= {str(value) for value, _label in field.flatchoices}
    return values


def python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _names_status(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return "status" in node.attr
    if isinstance(node, ast.Name):
        return "status" in node.id
    return False


def _strings(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _strings(element)


def status_literals(source: str, values: set[str]) -> list[tuple[int, str]]:
    """(line, value) of every status string used where a member belongs."""
    found = []
    for node in ast.walk(ast.parse(source)):
        candidates = []
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_names_status(o) for o in operands):
                candidates = [s for o in operands for s in _strings(o)]
        elif isinstance(node, ast.keyword) and node.arg and "status" in node.arg:
            candidates = list(_strings(node.value))
        elif isinstance(node, ast.Assign) and any(
            _names_status(t) for t in node.targets
        ):
            candidates = list(_strings(node.value))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and "status" in str(key.value):
                    candidates += list(_strings(value))
        found += [(s.lineno, s.value) for s in candidates if s.value in values]
    return found


TEMPLATE_LITERAL = re.compile(
    r"""status\s*(?:==|!=|\bin\b)\s*["'](?P<a>\w+)["']"""
    r"""|["'](?P<b>\w+)["']\s*(?:==|!=)\s*[\w.]*status\b"""
)


def template_literals(text: str, values: set[str]) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in TEMPLATE_LITERAL.finditer(line):
            value = match["a"] or match["b"]
            if value in values:
                found.append((number, value))
    return found


@pytest.fixture(scope="module")
def values():
    found = status_values()
    # The statuses this test exists for: if these vanish, it checks nothing.
    assert {"cancelled", "held", "confirmed", "waitlisted", "revoked"} <= found
    return found


def test_no_status_string_in_python(values):
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in python_files()
        for line, value in status_literals(path.read_text(), values)
    ]
    assert offenders == []


def test_no_status_string_in_templates(values):
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for line, value in template_literals(path.read_text(), values)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "source",
    [
        'if training.status in ("cancelled", "held"): pass',
        'if "confirmed" == registration.status: pass',
        'Registration.objects.filter(status="waitlisted")',
        'qs.exclude(training__status__in=["scheduled", "changed"])',
        'registration.status = "confirmed"',
        'Registration(**{"status": "cancelled"})',
    ],
)
def test_the_python_check_finds_a_literal(source, values):
    assert status_literals(source, values)


def test_the_python_check_leaves_other_strings_alone(values):
    source = (
        'if kind in ("confirmed", "changed"): pass\n'
        "qs.filter(status=TrainingStatus.HELD)\n"
        'if training.is_held and form == "passive": pass\n'
    )
    assert status_literals(source, values) == []


@pytest.mark.parametrize(
    "text",
    [
        '{% if training.status == "cancelled" %}x{% endif %}',
        "{% if registration.status != 'waitlisted' %}x{% endif %}",
        '{% if "held" == page.status %}x{% endif %}',
    ],
)
def test_the_template_check_finds_a_literal(text, values):
    assert len(template_literals(text, values)) == 1


def test_the_template_check_leaves_properties_alone(values):
    text = (
        '{% if training.is_cancelled %}x{% elif item.status == "found" %}y{% endif %}'
    )
    assert template_literals(text, values) == []
