"""No app imports a module of an app it must not (DESIGN.md, ``lms/dependencies.py``).

Every module of every app is read with ``ast``: imports at the top and inside
functions, and model references by label (``ForeignKey("events.TrainingPage")``,
``sender="events.Registration"``) count alike.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from lms.dependencies import ALLOWED, APPS, allowed

ROOT = Path(settings.BASE_DIR)
MODEL_LABEL = re.compile(rf"^({'|'.join(APPS)})\.[A-Z]\w*$")


def app_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in ALLOWED else None


def edges(source: str) -> list[tuple[int, str]]:
    """(line, app) of every app this source uses, by import or model label."""
    found = []
    for node in ast.walk(ast.parse(source)):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if MODEL_LABEL.match(node.value):
                modules = [node.value]
        found += [(node.lineno, app) for m in modules if (app := app_of(m))]
    return found


def violations(app: str, source: str) -> list[tuple[int, str]]:
    return [(line, used) for line, used in edges(source) if not allowed(app, used)]


def modules_of(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_every_app_in_installed_apps_has_its_rules():
    local = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    assert set(APPS) <= local
    assert all((ROOT / app / "apps.py").exists() for app in APPS)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_what_design_md_allows(app):
    offenders = [
        f"{path.relative_to(ROOT)}:{line} uses {used}"
        for path in modules_of(app)
        for line, used in violations(app, path.read_text())
    ]
    assert offenders == []


def test_the_rules_have_no_cycle():
    def reaches(start: str, goal: str, seen=()) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, (*seen, nxt)))
            for nxt in ALLOWED[start]
        )

    assert [app for app in APPS if reaches(app, app)] == []


@pytest.mark.parametrize(
    ("app", "source", "used"),
    [
        ("lms", "from events.models import TrainingPage", "events"),
        ("events", "def f():\n    from courses.services import x", "courses"),
        ("quizzes", "import courses.blocks", "courses"),
        (
            "exercises",
            "fk = models.ForeignKey('courses.LessonPage', on_delete=1)",
            "courses",
        ),
        ("certificates", "from referrals import services", "referrals"),
        ("referrals", "from assistant.engine import answer", "assistant"),
    ],
)
def test_the_check_finds_an_import_upwards(app, source, used):
    assert [u for _line, u in violations(app, source)] == [used]


def test_the_check_accepts_declared_edges():
    source = (
        "from events.models import Registration\n"
        "from certificates.services import course_certificate_issue\n"
        "from .models import CoursePage\n"
        "label = 'quizzes.Quiz'\n"
        "text = 'events.stats is a module, not a model'\n"
    )
    assert violations("courses", source) == []
