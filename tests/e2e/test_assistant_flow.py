"""A participant asks the assistant questions in a row on a phone."""

import pytest

from assistant.models import FaqEntry
from assistant.services import index_rebuild
from courses.models import CourseIndexPage, CoursePage, LessonPage


@pytest.mark.django_db(transaction=True)
def test_three_questions_in_a_row_in_the_panel_on_a_phone(live_server, page, home_page):
    index = home_page.add_child(instance=CourseIndexPage(title="Курсеви", slug="k"))
    course = index.add_child(instance=CoursePage(title="Курс", slug="kurs"))
    course.add_child(
        instance=LessonPage(
            title="Пријава сумње",
            slug="prijava",
            body=[("text", "<p>Сумњу на трговину људима пријавите Центру.</p>")],
        )
    )
    FaqEntry.objects.create(
        slug="bodovi",
        question="Колико бодова доноси обука?",
        variants="Колико бодова добијам?",
        answer="<p>Пасивни учесник добија 3 бода.</p>",
    )
    index_rebuild()

    page.goto(f"{live_server.url}/")
    launcher = page.locator("[data-assistant-open]")
    box = launcher.bounding_box()
    # In the header, inside a 360 px screen: it covers no content.
    assert box["x"] + box["width"] <= 360
    main_top = page.locator("main").bounding_box()["y"]
    assert box["y"] + box["height"] <= main_top
    # Nor does it squeeze the Centre's name under itself.
    name = page.locator(".brand__name").bounding_box()
    assert (
        name["x"] + name["width"] <= box["x"] or name["y"] + name["height"] <= box["y"]
    )
    launcher.click()

    panel = page.locator("#assistant-panel")
    field = panel.get_by_label("Ваше питање")
    field.fill("kako prijaviti sumnju")
    field.press("Enter")
    answers = panel.locator("[data-assistant-answer]")
    answers.nth(0).wait_for()
    assert "Сумњу" in answers.nth(0).locator("mark").all_inner_texts()

    field.fill("koliko bodova dobijam")
    field.press("Enter")
    answers.nth(1).wait_for()
    assert "3 бода" in answers.nth(1).locator("[data-faq]").inner_text()

    field.fill("recept za sarmu")
    field.press("Enter")
    answers.nth(2).wait_for()
    assert answers.nth(2).get_attribute("data-declined") is not None

    # And in English: the lexicon reads it into the content's Serbian.
    field.fill("How many points does a passive participant get?")
    field.press("Enter")
    answers.nth(3).wait_for()
    assert "3 бода" in answers.nth(3).inner_text()
    assert answers.count() == 4
    assert panel.bounding_box()["width"] <= 360
