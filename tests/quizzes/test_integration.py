"""Quiz attempts in "Download my data" and on account deletion."""

from quizzes import services
from quizzes.integration import account_delete, personal_data
from quizzes.models import Attempt


def test_attempts_are_exported_and_deleted_with_the_account(
    participant, make_quiz, single
):
    quiz = make_quiz([single])
    attempt = services.attempt_start(quiz=quiz, user=participant)
    services.answer_save(
        attempt=attempt,
        question_id=single.pk,
        response={"option": single.options.get(is_correct=True).pk},
    )
    services.attempt_submit(attempt=attempt)
    data = personal_data(participant)
    assert data == [
        {
            "quiz": quiz.title,
            "number": 1,
            "started_at": data[0]["started_at"],
            "submitted_at": data[0]["submitted_at"],
            "score_percent": 100.0,
            "passed": True,
        }
    ]
    account_delete(participant)
    assert not Attempt.objects.filter(user=participant).exists()


def test_the_matching_page_lists_every_match_in_full(client, participant, make_quiz):
    from django.urls import reverse

    from quizzes.models import Option, Question

    question = Question.objects.create(kind="matching", text="Повежите")
    long_match = "идентификација жртава и координација заштите и подршке"
    Option.objects.create(question=question, text="Центар", match=long_match)
    Option.objects.create(question=question, text="Полиција", match="истрага")
    quiz = make_quiz([question])
    client.force_login(participant)
    response = client.post(reverse("quizzes:start", args=[quiz.slug]), follow=True)
    assert f"<li>{long_match}</li>" in response.text
    assert 'for="match-' in response.text


def test_live_answers_are_exported_and_kept_without_a_name(
    participant, make_quiz, single, trainer
):
    from quizzes.integration import live_account_delete, live_personal_data
    from quizzes.live import services as live
    from quizzes.models import LiveAnswer, LiveParticipant

    session = live.session_create(
        user=trainer, title="Ниш", quiz=make_quiz([single])
    ).session
    me = live.participant_join(session=session, user=participant)
    # A guest took the same nickname before the registrant joined.
    guest = LiveParticipant.objects.create(
        session=session, nickname=me.nickname, nickname_key=me.nickname_key + "x"
    )
    guest.nickname_key = me.nickname_key
    guest.save()
    live.session_control(session_id=session.pk, user=trainer, action="next")
    live.session_control(session_id=session.pk, user=trainer, action="open")
    question = session.questions.get()
    right = next(o["id"] for o in question.options if o["correct"])
    live.answers_store(
        session_id=session.pk,
        submissions=[live.Submission(me.pk, question.pk, {"option": right})],
    )

    data = live_personal_data(participant)
    assert data[0]["session"] == "Ниш"
    assert data[0]["answers"] == [
        {"question": question.text, "response": {"option": right}, "points": 1}
    ]

    live_account_delete(participant)
    me.refresh_from_db()
    assert me.user is None and participant.get_full_name() not in me.nickname
    # The answer still counts in the session's results.
    assert LiveAnswer.objects.get().participant == me
