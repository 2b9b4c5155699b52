"""Addresses of a session's pages, and a session played through the services."""

from django.urls import reverse

from quizzes.live import services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, session, **kwargs):
    return reverse(f"quizzes:{name}", args=[session.code])


def play(session, answers, *, reveal=True, user=None):
    """Play every question of ``session``: ``answers`` maps nickname → responses.

    Each response is a callable of the question (so it can pick an option id)
    or None to skip that question.
    """
    user = user or session.created_by
    people = {
        name: services.participant_join(session=session, nickname=name)
        for name in answers
    }
    for question in session.questions.order_by("position"):
        services.session_control(session_id=session.pk, user=user, action="next")
        services.session_control(session_id=session.pk, user=user, action="open")
        submissions = []
        for name, responses in answers.items():
            respond = responses[question.position - 1]
            if respond is not None:
                submissions.append(
                    services.Submission(people[name].pk, question.pk, respond(question))
                )
        stored = services.answers_store(session_id=session.pk, submissions=submissions)
        assert [outcome.error for outcome in stored] == [None] * len(submissions)
        services.session_control(
            session_id=session.pk, user=user, action="reveal" if reveal else "close"
        )
    return people


def right_option(question):
    return {"option": sorted(question.correct_ids)[0]}


def wrong_option(question):
    return {"option": sorted(question.option_ids - question.correct_ids)[0]}
