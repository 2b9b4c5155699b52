"""Demo content: programme topics, the question bank and three quizzes.

Idempotent: topics are found by name, questions by text, quizzes by slug.
The knowledge quiz uses every question type; the pre-test and the post-test
share their questions, so a trainer can show what changed.
"""

from django.db import transaction

from quizzes.demo_questions import QUESTIONS, TOPICS
from quizzes.models import Option, Question, Quiz, QuizQuestion, Topic

KNOWLEDGE = "provera-znanja-trgovina-ljudima"
PRE_TEST = "uvodni-test"
POST_TEST = "zavrsni-test"
# Questions of the pre-test and the post-test, by their key in QUESTIONS.
PRE_POST = ["elements", "children", "border", "identifies", "checklist",
            "suspicion", "open_question", "article"]  # fmt: skip


def _question(key: str, data: dict, topics: list[Topic]) -> Question:
    question = Question.objects.filter(text=data["text"]).first()
    if question is None:
        question = Question.objects.create(
            kind=data["kind"],
            text=data["text"],
            explanation=data.get("explanation", ""),
            accepted_answers="\n".join(data.get("accepted", [])),
        )
        for position, (text, value, feedback) in enumerate(data.get("options", [])):
            Option.objects.create(
                question=question,
                sort_order=position,
                text=text,
                is_correct=value is True,
                match=value if isinstance(value, str) else "",
                feedback=feedback,
            )
    question.topics.set([topics[data["topic"]]])
    question.save()  # a ParentalManyToManyField is written on save
    return question


def _quiz(slug: str, questions: list[Question], **fields) -> Quiz:
    quiz, created = Quiz.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        for position, question in enumerate(questions):
            QuizQuestion.objects.create(
                quiz=quiz, question=question, sort_order=position
            )
    return quiz


@transaction.atomic
def load_demo(stdout) -> None:
    topics = [
        Topic.objects.get_or_create(name=name, defaults={"sort_order": i})[0]
        for i, name in enumerate(TOPICS)
    ]
    bank = {key: _question(key, data, topics) for key, data in QUESTIONS.items()}
    stdout.write(f"{len(bank)} questions in the bank")
    _quiz(
        KNOWLEDGE,
        list(bank.values()),
        title="Провера знања: препознавање трговине људима и подршка жртвама",
        intro=(
            "Двадесет четири питања из свих шест тема програма. Након што предате "
            "одговоре, видећете објашњење за свако питање. Можете покушати "
            "до три пута; време није ограничено."
        ),
        pass_mark=70,
        max_attempts=3,
        feedback_mode="end",
    )
    pre = _quiz(
        PRE_TEST,
        [bank[key] for key in PRE_POST],
        title="Уводни тест",
        intro=(
            "Осам питања пре почетка курса: не оцењује се, служи да после "
            "видите шта сте научили. Одговоре ћете видети у завршном тесту."
        ),
        kind="pre_test",
        pass_mark=0,
        max_attempts=1,
        allow_review=False,
    )
    _quiz(
        POST_TEST,
        [bank[key] for key in PRE_POST],
        title="Завршни тест",
        intro="Иста питања као у уводном тесту, на крају курса.",
        kind="post_test",
        pre_test=pre,
        pass_mark=0,
        max_attempts=1,
    )
    stdout.write("Quizzes: knowledge quiz, pre-test and post-test")
    _live_demo(stdout, bank)


LIVE_QUIZ = "uzivo-na-obuci"
LIVE_CODE = "DEMO26"
REFLECTIVE_CODE = "MISAO7"


def _live_demo(stdout, bank: dict) -> None:
    """A ten-question live session for the trainer, and a reflective one."""
    from events.models import TrainingStatus
    from events.selectors import trainings_for_trainer
    from lms.models import User
    from quizzes.live.services import question_add, session_create
    from quizzes.models import LiveSession

    trainer = User.objects.filter(email="trener@example.org").first()
    if trainer is None or LiveSession.objects.filter(code=LIVE_CODE).exists():
        return
    training = (
        trainings_for_trainer(trainer)
        .filter(status=TrainingStatus.SCHEDULED)
        .order_by("start")
        .first()
        or trainings_for_trainer(trainer).order_by("-start").first()
    )
    choice = [
        q for q in bank.values() if q.kind in ("single", "multiple", "true_false")
    ]
    quiz = _quiz(
        LIVE_QUIZ,
        choice[:7],
        title="Уживо на обуци: седам питања за загревање",
        intro="Питања за пројектор: тренер их пушта једно по једно.",
        shuffle_questions=False,
        shuffle_options=False,
    )
    session = session_create(
        user=trainer,
        title="Провера знања уживо",
        quiz=quiz,
        training=training,
        mode="quiz",
    ).session
    session.code = LIVE_CODE
    session.save(update_fields=["code"])
    question_add(
        session=session,
        kind="rating",
        text=(
            "Колико сте сигурни да бисте препознали знаке трговине људима у свом послу?"
        ),
        scale_max=5,
    )
    question_add(
        session=session,
        kind="word_cloud",
        text="Једна реч: шта је најважније у првом разговору са особом у ризику?",
    )
    question_add(
        session=session,
        kind="open",
        text=(
            "Шта вам је данас било најкорисније и шта бисте волели да научите следеће?"
        ),
    )
    reflective = session_create(
        user=trainer,
        title="Рефлексија: шта носим са обуке",
        training=training,
        mode="reflective",
    ).session
    reflective.code = REFLECTIVE_CODE
    reflective.save(update_fields=["code"])
    question_add(
        session=reflective,
        kind="word_cloud",
        text="Која осећања у вама буди рад са особама које су преживеле експлоатацију?",
    )
    question_add(
        session=reflective,
        kind="rating",
        text="Колико подршке (супервизије, разговора са колегама) имате у свом раду?",
        scale_max=5,
    )
    question_add(
        session=reflective,
        kind="open",
        text="Шта вам помаже да се после тешког случаја вратите себи?",
    )
    stdout.write(
        f"Live sessions: {LIVE_CODE} (10 questions) and {REFLECTIVE_CODE} (reflective)"
    )
