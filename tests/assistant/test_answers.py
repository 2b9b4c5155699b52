"""What the assistant answers, declines, and never says."""

import pytest

from assistant import answers
from assistant.models import Synonym
from assistant.services import index_rebuild

pytestmark = pytest.mark.usefixtures("indexed")


def _documents(answer):
    shown = ([answer.faq] if answer.faq else []) + answer.passages
    return [passage["document"] for passage in shown]


@pytest.mark.parametrize(
    "question",
    [
        "Да ли је пристанак важан када је употребљено средство?",
        "Da li je pristanak važan kada je upotrebljeno sredstvo?",
        "da li je pristanak vazan kada je upotrebljeno sredstvo",
    ],
)
def test_the_three_ways_of_writing_find_the_same_passage(question):
    answer = answers.ask(question)
    assert not answer.declined
    assert _documents(answer)[0] == "lesson:pristanak"
    assert "<mark>пристанак</mark>" in answer.passages[0]["html"]


def test_latin_output_transliterates_the_passage():
    answer = answers.ask("cetiri godine dug posredniku", lang="sr-latn")
    assert answer.passages[0]["title"] == "Pristanak i sredstva"
    assert "<mark>Četiri</mark>" in answer.passages[0]["html"]


def test_a_curated_answer_wins_when_it_matches_well():
    answer = answers.ask("koliko bodova dobijam za obuku")
    assert answer.faq["document"] == "faq:bodovi"
    assert "3 бода" in answer.faq["text"]


def test_an_abbreviation_finds_its_synonym(
    make_lesson, django_capture_on_commit_callbacks
):
    make_lesson(
        slug="csr",
        title="Орган старатељства",
        html="<p>Центар за социјални рад процењује безбедност детета.</p>",
    )
    index_rebuild()
    assert "lesson:csr" in _documents(answers.ask("ЦСР"))
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.all().delete()
    assert answers.ask("ЦСР").declined


def test_an_unanswerable_question_is_declined_with_the_centres_contact():
    answer = answers.ask("Kako se pravi pica?")
    assert answer.declined and answer.reason == "no_match"
    assert answer.passages == [] and answer.faq is None
    assert answer.contacts["name"] == "Центар за заштиту жртава трговине људима"


@pytest.mark.parametrize(
    "question",
    [
        "Da li je moja klijentkinja žrtva trgovine ljudima?",
        "Је ли ово трговина људима, моја ученица ради код комшије?",
        "Is my client a victim of trafficking?",
    ],
)
def test_a_real_situation_gets_the_way_to_act_never_a_verdict(question):
    answer = answers.ask(question)
    assert answer.situation
    assert answer.screening_url == "/alat/"
    assert "жртве идентификује само Центар" in answer.message
    assert any(e["number"] == "192" for e in answer.contacts["emergency"])
    said = " ".join([answer.message] + [p["text"] for p in answer.passages]).lower()
    for verdict in ("је жртва", "није жртва", "is a victim", "is not a victim"):
        assert verdict not in said


@pytest.mark.parametrize(
    "question", ["нестало дете, шта сада?", "osoba je u opasnosti", "nestalo dete"]
)
def test_an_urgent_question_shows_the_emergency_numbers(question):
    answer = answers.ask(question)
    assert answer.urgent
    assert [e["number"] for e in answer.contacts["emergency"]][:1] == ["192"]


def test_a_follow_up_keeps_the_topic_of_the_conversation():
    first = answers.ask("Дете не може да пристане на експлоатацију")
    follow_up = answers.ask("а средство?", previous=first.terms)
    alone = answers.ask("а средство?")
    assert _documents(follow_up)[0] == "lesson:deca"
    alone_scores = {p["document"]: p["score"] for p in alone.passages}
    assert follow_up.passages[0]["score"] > alone_scores.get("lesson:deca", 0)
