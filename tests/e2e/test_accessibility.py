"""The eight journeys measured in a real browser, on the demo content.

axe-core (through axe-playwright-python) finds no serious or critical
violation at 360 px and 1280 px; every visible link, button and input on a
phone is at least 44 × 44 px; the navigation (menu, account, script switcher)
is reachable and keyboard-operable at every width.

The demo is loaded once for the module and served by one server; one browser
and one logged-in context per role keep the run short.
"""

import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.e2e]

DEMO_PASSWORD = "obuka-2026-demo"
PARTICIPANT = "ucesnica@example.org"
STAFF = "urednica@example.org"
CHAMBER = "komora@example.org"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
TARGET = 44


def _restore_migrated_data() -> None:
    """A transactional test before this module emptied the database; put back
    what migrations created (root page, reference data, roles)."""
    from django.db import connection
    from wagtail.models import Page

    contents = getattr(connection, "_test_serialized_contents", None)
    if not Page.objects.exists() and contents:
        connection.creation.deserialize_db_from_string(contents)


def _refuse_a_database_that_is_not_for_tests() -> None:
    """pytest-django creates the test database only for the aliases that
    marked tests use; this module's browser tests are unmarked (one demo for
    the whole module), so without a marked test the demo would be loaded
    into, and flushed from, the developer's database."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    assert "test" in name, f"not a test database: {name}"


def _journey_urls() -> dict[str, list[tuple[str, str]]]:
    """(role, url) of the main page of every journey, from the demo content."""
    from certificates.models import Certificate
    from courses.models import CoursePage, LessonPage
    from events.models import TrainingIndexPage, TrainingPage
    from exercises.models import CaseStudyPage, IndicatorSet
    from lms.models import User
    from quizzes.models import LiveSession

    participant = User.objects.get(email=PARTICIPANT)
    training = TrainingPage.objects.live().order_by("-start").first()
    held = TrainingPage.objects.live().filter(status="held").order_by("-start")
    held = held.first() or TrainingPage.objects.live().order_by("start").first()
    certificate = Certificate.objects.filter(user=participant).first()
    indicator_set = IndicatorSet.objects.active().first()
    accredited = (
        TrainingPage.objects.live()
        .filter(status="held")
        .exclude(accreditation_number="")
        .order_by("-start")
        .first()
    )
    live = LiveSession.objects.get(code="DEMO26")
    projector = reverse("quizzes:live_screen", args=[live.code])
    return {
        "visitor": [
            ("anon", "/"),
            ("anon", TrainingIndexPage.objects.live().first().url),
            ("anon", training.url),
            ("anon", reverse("certificates:verify_form")),
            ("anon", reverse("certificates:verify", args=[certificate.code_display])),
            ("anon", reverse("certificates:verify", args=["NEPOSTOJI-0000"])),
        ],
        "sign-up": [
            ("anon", reverse("account_signup")),
            ("anon", reverse("account_login")),
        ],
        "course": [
            ("participant", CoursePage.objects.live().first().url),
            ("participant", LessonPage.objects.live().first().url),
        ],
        "screening": [
            ("participant", reverse("exercises:screening_index")),
            (
                "participant",
                reverse("exercises:screening_tool", args=[indicator_set.slug])
                + "?uzrast=adult",
            ),
            ("participant", CaseStudyPage.objects.live().first().url),
        ],
        "certificates": [
            ("participant", reverse("certificates:mine")),
            ("participant", reverse("events:my_trainings")),
            ("participant", reverse("dashboard")),
        ],
        "live quiz": [
            ("participant", reverse("quizzes:live_join")),
            ("participant", reverse("quizzes:live_play", args=["DEMO26"])),
            ("anon", f"{projector}?kljuc={live.screen_key}"),
        ],
        "staff": [
            ("staff", reverse("dashboard")),
            ("staff", reverse("events:checkin", args=[held.pk])),
            ("staff", reverse("events:series_stats")),
        ],
        "chamber": [
            ("chamber", reverse("events:chamber_export_index")),
            ("chamber", reverse("events:chamber_export", args=[accredited.pk])),
        ],
    }


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content behind one live server, for the whole module; the
    database is emptied afterwards, as after any transactional test."""
    with django_db_blocker.unblock():
        _refuse_a_database_that_is_not_for_tests()
        _restore_migrated_data()
        call_command("load_demo", stdout=io.StringIO())
        urls = _journey_urls()
        server = LiveServer("localhost")
        try:
            yield server.url, urls
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            # Let pytest-django drop the test database at the end of the run.
            connections.close_all()


@pytest.fixture(scope="module")
def contexts(browser, demo_site):
    """One browser context per role, logged in once through the login form."""
    base, _urls = demo_site
    made = {}

    def context_for(role: str):
        if role not in made:
            context = browser.new_context(viewport=PHONE, locale="sr-RS")
            if role != "anon":
                email = {"participant": PARTICIPANT, "staff": STAFF}.get(role, CHAMBER)
                page = context.new_page()
                page.goto(base + reverse("account_login"))
                page.fill("input[name=login]", email)
                page.fill("input[name=password]", DEMO_PASSWORD)
                page.locator("main form button[type=submit]").first.click()
                page.wait_for_load_state()
                assert "/accounts/login" not in page.url, page.locator(
                    "main"
                ).inner_text()
                page.close()
            made[role] = context
        return made[role]

    yield context_for
    for context in made.values():
        context.close()


def _all_pages(demo_site):
    _base, urls = demo_site
    return [
        (journey, role, url) for journey, items in urls.items() for role, url in items
    ]


def _open(contexts, demo_site, role, url, viewport):
    page = contexts(role).new_page()
    page.set_viewport_size(viewport)
    response = page.goto(demo_site[0] + url)
    assert response is not None and response.status < 500, f"{url}: {response.status}"
    return page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_no_serious_or_critical_axe_violations(contexts, demo_site, viewport):
    axe = Axe()
    problems = []
    pages = _all_pages(demo_site)
    for journey, role, url in pages:
        page = _open(contexts, demo_site, role, url, viewport)
        results = axe.run(page)
        for violation in results.response["violations"]:
            # heading-order is only "moderate", but a skipped level misleads
            # screen-reader users who move from heading to heading.
            if (
                violation["impact"] in {"serious", "critical"}
                or violation["id"] == "heading-order"
            ):
                nodes = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                kind = f"{violation['id']} ({violation['impact']})"
                problems.append(f"{journey} {url}: {kind} {nodes}")
        page.close()
    assert len(pages) >= 18
    assert problems == [], "\n".join(problems)


# Every visible link, button, input, select, textarea and summary whose box
# is smaller than the target. WCAG 2.5.8 exempts links inside running text (a
# link that is inline and shares its block with other text); a checkbox or
# radio button counts with its label, which activates it too.
MEASURE_TARGETS = (Path(__file__).parent / "measure_targets.js").read_text()


def test_every_target_is_at_least_44px_on_a_phone(contexts, demo_site):
    problems = []
    for journey, role, url in _all_pages(demo_site):
        page = _open(contexts, demo_site, role, url, PHONE)
        for item in page.evaluate(MEASURE_TARGETS, TARGET):
            problems.append(f"{journey} {url}: {item}")
        # The menu's own targets, opened (the projector shows no site header).
        menu = page.get_by_role("button", name=re.compile("Мени"))
        if "/ekran/" not in url:
            menu.click()
            for item in page.evaluate(MEASURE_TARGETS, TARGET):
                problems.append(f"{journey} {url} (menu open): {item}")
        page.close()
    assert problems == [], "\n".join(problems)


def _choose_script(page, value: str) -> None:
    # A script click (not a keyboard test): the button may sit in a closed menu.
    with page.expect_navigation():
        page.locator(f".language-switcher button[value={value}]").evaluate(
            "button => button.click()"
        )


@pytest.mark.parametrize("width", [360, 768, 1024, 1280, 1920])
def test_navigation_reachable_and_keyboard_operable(contexts, demo_site, width):
    page = _open(
        contexts, demo_site, "participant", reverse("certificates:mine"), PHONE
    )
    page.set_viewport_size({"width": width, "height": 800})
    toggle = page.locator("[data-menu-toggle]")
    try:
        if toggle.is_visible():
            assert toggle.get_attribute("aria-expanded") == "false"
            assert not page.get_by_role("button", name="Одјава").is_visible()
            toggle.focus()
            page.keyboard.press("Enter")
            assert toggle.get_attribute("aria-expanded") == "true"
        for control in [
            page.get_by_role("link", name="Моја страница"),
            page.get_by_role("button", name="Одјава"),
            page.get_by_role("button", name="Latinica"),
            page.get_by_role("button", name="English"),
        ]:
            assert control.is_visible()
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Keyboard: the script switcher is reached by focus and works with Enter.
        page.get_by_role("button", name="Latinica").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("html").get_attribute("lang") == "sr-Latn"
        logout = page.locator(".site-nav form[action*=logout] button")
        assert logout.text_content().strip() == "Odjava"
        if toggle.is_visible():
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true"
            page.keyboard.press("Escape")
            assert toggle.get_attribute("aria-expanded") == "false"
            assert page.evaluate("document.activeElement.dataset.menuToggle") == ""
    finally:
        if page.locator("html").get_attribute("lang") != "sr-Cyrl":
            _choose_script(page, "sr")
        page.close()


def test_current_section_is_marked(contexts, demo_site):
    _base, urls = demo_site
    calendar_url = urls["visitor"][1][1]
    page = _open(contexts, demo_site, "anon", urls["visitor"][2][1], DESKTOP)
    current = page.locator(".site-nav a[aria-current]")
    assert current.count() == 1
    assert current.get_attribute("href") == calendar_url
    page.goto(demo_site[0] + calendar_url)
    assert (
        page.locator(f".site-nav a[href='{calendar_url}']").get_attribute(
            "aria-current"
        )
        == "page"
    )
    page.close()


# Serialized rollback: whatever ran before (this module's demo is emptied at
# its end), the test starts from the migrated database with Wagtail's site.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_footer_offers_the_verification_page_and_the_centres_contacts(client):
    """Also the module's one marked test: it makes pytest-django create the
    test database when this module runs alone (see the guard above)."""
    from wagtail.models import Site

    from lms.models import CentreContacts

    contacts = CentreContacts.for_site(Site.objects.get(is_default_site=True))
    contacts.phone = "011 123 4567"
    contacts.email = "centar@example.org"
    contacts.save()
    html = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("certificates:verify_form")}"' in html
    assert 'href="tel:0111234567"' in html
    assert 'href="mailto:centar@example.org"' in html
