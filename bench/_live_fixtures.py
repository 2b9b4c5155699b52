"""bench/live_quiz.py's database: a migrated copy of a template, the session
of the run (in a subprocess with Django set up), and the check at the end."""

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from _servers import log, manage, migrations_hash, pg_execute

# Developers sharing one PostgreSQL keep apart with LMS_BENCH_DB (e.g. lms_bench_ana).
PG_DB = os.environ.get("LMS_BENCH_DB", "lms_bench")
PG_TEMPLATE = f"{PG_DB}_template"
TEMPLATE_CACHE = Path(tempfile.gettempdir()) / "lms-bench-cache"
# Packages whose migrations live in site-packages.
MIGRATING_PACKAGES = ("Django", "wagtail", "django-allauth", "django-tasks-db")


def migrate(env: dict) -> None:
    started = time.monotonic()
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "createcachetable")
    log(f"migrated in {time.monotonic() - started:.1f} s")


def prepare_database(kind: str, tmp: Path, base_env: dict) -> str:
    """A migrated, empty database; returns its DATABASE_URL."""
    key = migrations_hash(MIGRATING_PACKAGES)
    if kind == "sqlite":
        target = tmp / "bench.sqlite3"
        TEMPLATE_CACHE.mkdir(exist_ok=True)
        template = TEMPLATE_CACHE / f"template-{key}.sqlite3"
        if not template.exists():
            log("migrating a template SQLite database (kept for later runs)")
            building = TEMPLATE_CACHE / f"building-{os.getpid()}.sqlite3"
            migrate({**base_env, "DATABASE_URL": f"sqlite:///{building}"})
            building.replace(template)
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    url = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    comment = pg_execute(
        [
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            f"WHERE datname = '{PG_TEMPLATE}'"
        ]
    )
    if not comment or comment[0][0] != key:
        log("migrating the PostgreSQL template database (kept for later runs)")
        pg_execute(
            [
                f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)",
                f"CREATE DATABASE {PG_TEMPLATE}",
            ]
        )
        migrate(
            {**base_env, "DATABASE_URL": url.replace(f"/{PG_DB}", f"/{PG_TEMPLATE}")}
        )
        pg_execute([f"COMMENT ON DATABASE {PG_TEMPLATE} IS '{key}'"])
    pg_execute(
        [
            f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)",
            f"CREATE DATABASE {PG_DB} TEMPLATE {PG_TEMPLATE}",
        ]
    )
    return url


def drop_database(kind: str) -> None:
    if kind == "postgres":
        with contextlib.suppress(Exception):
            pg_execute([f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"])


def role_setup(payload: dict) -> dict:
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.models import Group

    from lms.roles import TRAINER, roles_sync
    from quizzes.live.services import question_add, session_create

    user = get_user_model().objects.create_user(
        email="bench-trainer@example.org", password=os.urandom(16).hex()
    )
    group = Group.objects.filter(name=TRAINER).first() or roles_sync()[TRAINER]
    user.groups.add(group)
    session = session_create(user=user, title="Бенчмарк", allow_guests=True).session
    for number in range(1, payload["questions"] + 1):
        question_add(
            session=session,
            kind="single",
            text=f"Питање {number}: која тврдња о трговини људима је тачна?",
            options=[f"Одговор {letter}" for letter in "АБВГ"],
            correct=[1],
            points=1,
        )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {
        "code": session.code,
        "session_id": session.pk,
        "sessionid": store.session_key,
        "cookie_name": settings.SESSION_COOKIE_NAME,
    }


def role_check(payload: dict) -> dict:
    import django

    django.setup()
    from django.db.models import Count

    from quizzes.models import LiveAnswer, LiveParticipant

    answers = LiveAnswer.objects.filter(question__session_id=payload["session_id"])
    doubled = (
        answers.values("question_id", "participant_id")
        .annotate(rows=Count("id"))
        .filter(rows__gt=1)
        .count()
    )
    per_question = dict(
        answers.values("question__position")
        .annotate(rows=Count("id"))
        .values_list("question__position", "rows")
    )
    return {
        "stored": answers.count(),
        "doubled": doubled,
        "participants": LiveParticipant.objects.filter(
            session_id=payload["session_id"]
        ).count(),
        "stored_per_question": [per_question.get(i) for i in sorted(per_question)],
    }
