"""English questions, read through the English terms staff keep."""

import pytest

from assistant import answers, english
from assistant.models import LexiconEntry

pytestmark = pytest.mark.usefixtures("indexed")


def _documents(answer):
    shown = ([answer.faq] if answer.faq else []) + answer.passages
    return [passage["document"] for passage in shown]


@pytest.mark.parametrize(
    ("text", "is_english"),
    [
        ("How many licence points does a lecturer get?", True),
        ("what should i do first", True),
        ("Колико бодова добија предавач?", False),
        ("koliko bodova dobija predavač", False),
        ("koliko bodova dobija predavac", False),
        ("i to je to", False),  # "i", "to": Serbian too
    ],
)
def test_an_english_question_is_told_from_a_serbian_one(text, is_english):
    assert english.looks_english(text) is is_english


def test_english_words_and_phrases_become_the_contents_serbian_words():
    lexicon = english.lexicon_parse(
        "licence points = бодови, лиценца\nlecturer = предавач\npoint = тачка"
    )

    searched = english.translate(
        "How many Licence Points does a lecturer get?", lexicon
    )

    assert searched == "бодови лиценца предавач"  # the phrase before the word


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("How many licence points does a lecturer get?", "en"),
        ("how many points does a lecturer get", "sr"),  # told by its words
    ],
)
def test_an_english_question_finds_the_serbian_answer(question, lang):
    answer = answers.ask(question, lang=lang)

    assert not answer.declined
    assert _documents(answer)[0] == "faq:bodovi"
    shown = (answer.faq or answer.passages[0])["html"]
    marked = ("<mark>bodova</mark>", "<mark>boda</mark>")  # Latin in English
    if lang == "sr":
        marked = ("<mark>бодова</mark>", "<mark>бода</mark>")
    assert any(word in shown for word in marked)


def test_staff_teach_the_assistant_an_english_word(
    django_capture_on_commit_callbacks,
):
    question = "How many credits does a speaker get?"
    LexiconEntry.objects.filter(english__in=["credits", "speaker"]).delete()
    assert answers.ask(question, lang="en").declined

    with django_capture_on_commit_callbacks(execute=True):
        LexiconEntry.objects.create(english="credits", serbian="бодови")
        LexiconEntry.objects.create(english="speaker", serbian="предавач")

    answer = answers.ask(question, lang="en")
    assert not answer.declined and _documents(answer)[0] == "faq:bodovi"


def test_an_english_question_the_content_cannot_answer_is_declined():
    answer = answers.ask("What is the capital of Australia?", lang="en")

    assert answer.declined and answer.contacts


@pytest.mark.parametrize(
    ("question", "situation"),
    [
        ("What is the difference between trafficking and migrant smuggling?", False),
        ("What should I do first if I suspect trafficking?", False),
        ("I suspect my neighbour's daughter is being trafficked", True),
        ("Is the girl a victim of trafficking?", True),
    ],
)
def test_only_a_question_about_a_person_gets_the_situation_answer(question, situation):
    assert answers.ask(question).situation is situation


def test_a_question_with_few_english_only_words_is_still_read_as_english():
    lexicon = english.lexicon_parse(
        "evidence = доказе\nreport = пријава\nsuspicion = сумња"
    )

    assert english.looks_english("Do I need evidence to report a suspicion?", lexicon)
    assert not english.looks_english("da li je to dokaz", lexicon)
