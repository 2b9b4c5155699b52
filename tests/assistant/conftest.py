import pytest

from assistant.models import FaqEntry, FaqLink
from assistant.services import index_rebuild
from courses.models import CourseIndexPage, CoursePage, LessonPage

CONSENT = (
    "<p>Када је употребљено неко од средстава, пристанак особе нема значаја. "
    "Четири године касније особа и даље дугује посреднику.</p>"
)
CHILDREN = (
    "<p>Када је у питању дете, довољни су радња и циљ експлоатације: средство "
    "није потребно. Дете не може да пристане на сопствену експлоатацију.</p>"
)


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    """Each test reads the index its own database holds (rolled back after)."""
    from assistant import engine

    settings.ASSISTANT_INDEX_CHECK_SECONDS = 0
    engine.forget()


@pytest.fixture
def course(home_page):
    index = home_page.add_child(
        instance=CourseIndexPage(title="Курсеви", slug="kursevi")
    )
    return index.add_child(instance=CoursePage(title="Курс", slug="kurs"))


@pytest.fixture
def make_lesson(course):
    def make(slug="pristanak", title="Пристанак и средства", html=CONSENT, live=True):
        lesson = LessonPage(
            title=title,
            slug=slug,
            body=[
                ("heading", {"text": "Пристанак", "level": "h2"}),
                ("text", html),
            ],
            live=live,
        )
        course.add_child(instance=lesson)
        return lesson

    return make


@pytest.fixture
def faq(db):
    entry = FaqEntry(
        slug="bodovi",
        question="Колико бодова за обнову лиценце доноси обука?",
        variants="Колико бодова добијам за обуку?",
        answer="<p>Пасивни учесник добија 3 бода, предавач 8 бодова.</p>",
    )
    entry.links.add(FaqLink(title="Моја уверења", url="/moja-uverenja/"))
    entry.save()
    return entry


@pytest.fixture
def indexed(make_lesson, faq):
    """Two lessons, a curated answer and the indicators, all indexed."""
    make_lesson()
    make_lesson(slug="deca", title="Деца и пристанак", html=CHILDREN)
    index_rebuild()
