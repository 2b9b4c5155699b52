"""Phone and desktop screenshots of the main pages, for the README.

Run it against a running demo server, with the same environment (DATABASE_URL)
as that server, so that it can look up the demo's pages:

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 \\
        .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000

It drives Debian's chromium through Playwright (never a downloaded browser),
logs in as the demo accounts through the login form, and writes
``docs/screenshots/<page>-phone.png`` (360 × 740) and ``<page>-desktop.png``
(1280 × 800): what a person sees on opening the page, before scrolling. The
PNGs are reduced to a 256-colour palette to keep the repository small.
"""

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "obuka-2026-demo"
ACCOUNTS = {
    "participant": "ucesnica@example.org",
    "staff": "urednica@example.org",
    "trainer": "trener@example.org",
}
VIEWPORTS = {"phone": (360, 740), "desktop": (1280, 800)}
# A projector is a wide screen, never a phone.
DESKTOP_ONLY = {"live-quiz-projector"}


def _pages() -> list[tuple[str, str, str]]:
    """(name, role, path) of the main pages, looked up in the demo content."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    import django

    django.setup()
    from django.urls import reverse

    from courses.models import CoursePage, LessonPage
    from events.models import TrainingIndexPage, TrainingPage
    from exercises.models import CaseStudyPage
    from quizzes.models import LiveSession

    upcoming = TrainingPage.objects.live().upcoming().order_by("start").first()
    training = upcoming or TrainingPage.objects.live().order_by("-start").first()
    session = LiveSession.objects.get(code="DEMO26")
    screen = reverse("quizzes:live_screen", args=[session.code])
    return [
        ("home", "anon", "/"),
        ("calendar", "anon", TrainingIndexPage.objects.live().first().url),
        ("training", "anon", training.url),
        ("course", "participant", CoursePage.objects.live().first().url),
        ("lesson", "participant", LessonPage.objects.live().first().url),
        ("screening", "participant", reverse("exercises:screening_index")),
        ("case-study", "participant", CaseStudyPage.objects.live().first().url),
        (
            "live-quiz-phone",
            "participant",
            reverse("quizzes:live_play", args=["DEMO26"]),
        ),
        ("live-quiz-projector", "trainer", f"{screen}?kljuc={session.screen_key}"),
        ("my-trainings", "participant", reverse("events:my_trainings")),
        ("my-certificates", "participant", reverse("certificates:mine")),
        ("statistics", "staff", reverse("events:series_stats")),
        ("staff-dashboard", "staff", reverse("dashboard")),
    ]


def _login(context, base: str, email: str) -> None:
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if "/accounts/login" in page.url:
        raise SystemExit(f"could not log in as {email}")
    page.close()


def _save(png: bytes, path: Path) -> int:
    """The screenshot as a palette PNG (a quarter of the size, same look)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=0)
    small.save(path, optimize=True)
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", nargs="*", help="page names to take")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = [p for p in _pages() if not args.only or p[0] in args.only]

    from playwright.sync_api import sync_playwright

    total = taken = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        contexts = {}
        for role in {role for _name, role, _path in pages}:
            context = browser.new_context(locale="sr-RS")
            if role != "anon":
                _login(context, base, ACCOUNTS[role])
            contexts[role] = context
        for name, role, path in pages:
            for kind, (width, height) in VIEWPORTS.items():
                if kind == "phone" and name in DESKTOP_ONLY:
                    continue
                page = contexts[role].new_page()
                page.set_viewport_size({"width": width, "height": height})
                response = page.goto(base + path)
                if response is None or response.status >= 400:
                    status = response.status if response else "no response"
                    raise SystemExit(f"{name}: {path} answered {status}")
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{kind}.png"
                size = _save(page.screenshot(), target)
                total += size
                taken += 1
                print(f"{target.relative_to(ROOT)}  {size // 1024} KB")
                page.close()
        browser.close()
    print(f"{taken} screenshots, {total // 1024} KB in all")


if __name__ == "__main__":
    main()
