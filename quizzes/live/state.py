"""The messages a live session sends, built from the database.

Common messages (the state, results, the leaderboard) are the same for every
phone of a role, so they are encoded once and the same text goes to every
socket. Only the few personal messages (a phone's own answer, result and
score) are built per participant. See docs/live-quiz-protocol.md.
"""

from collections import Counter

from django.db.models import Count, Q, Sum
from django.utils import timezone

from lms.text import search_key
from quizzes.models import (
    LiveAnswer,
    LiveKind,
    LiveParticipant,
    LiveQuestion,
    LiveSession,
    Moderation,
    Phase,
)
from quizzes.models.live import CHOICE_KINDS

from . import services

LEADERBOARD_SIZE = 10
WORDS_SHOWN = 60
OPEN_ANSWERS_SHOWN = 60


def _ms(moment) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def question_payload(question: LiveQuestion, total: int) -> dict:
    """A question as phones see it: no right answers before the reveal."""
    return {
        "id": question.pk,
        "position": question.position,
        "total": total,
        "kind": question.kind,
        "text": question.text,
        "options": [{"id": o["id"], "text": o["text"]} for o in question.options],
        "scale_max": question.scale_max if question.kind == LiveKind.RATING else None,
        "points": question.points if question.is_scored else 0,
        "closes_at": _ms(question.closes_at),
    }


def reveal_payload(question: LiveQuestion) -> dict:
    return {
        "question": question.pk,
        "correct": sorted(question.correct_ids),
        "accepted": question.accepted_answers
        if question.kind == LiveKind.SHORT_TEXT
        else [],
        "explanation": question.explanation,
    }


def state_payload(session: LiveSession) -> dict:
    """Where the session is: the same message for every phone and screen."""
    total = session.questions.count()
    question = session.current
    message = {
        "type": "state",
        "seq": session.version,
        "version": session.version,
        "phase": session.phase,
        "session": {
            "code": session.code,
            "title": session.title,
            "mode": session.mode,
            "leaderboard": session.show_leaderboard,
            "questions": total,
        },
        "question": question_payload(question, total) if question else None,
        "reveal": None,
        "now": _ms(timezone.now()),
    }
    if question and session.phase == Phase.REVEALED and question.revealed_at:
        message["reveal"] = reveal_payload(question)
    return message


def _words(answers) -> list[dict]:
    """Answers grouped regardless of script, case and accents; largest first."""
    groups: dict[str, Counter] = {}
    for text in answers:
        key = search_key(text)
        if key:
            groups.setdefault(key, Counter())[text.strip().lower()] += 1
    words = [
        {"text": forms.most_common(1)[0][0], "count": sum(forms.values())}
        for forms in groups.values()
    ]
    words.sort(key=lambda word: (-word["count"], word["text"]))
    return words[:WORDS_SHOWN]


def results_payload(question: LiveQuestion, *, for_control: bool = False) -> dict:
    """Live results of one question, aggregated in the database."""
    answers = LiveAnswer.objects.filter(question=question)
    message = {
        "type": "results",
        "question": question.pk,
        "kind": question.kind,
        "answers": answers.count(),
    }
    kind = question.kind
    if kind in CHOICE_KINDS:
        counts = Counter()
        if kind == LiveKind.MULTIPLE:
            for response in answers.values_list("response", flat=True):
                counts.update(response.get("options", []))
        else:
            # One key per row: count in Python over a narrow column.
            counts.update(
                r.get("option") for r in answers.values_list("response", flat=True)
            )
        message["options"] = [
            {"id": o["id"], "text": o["text"], "count": counts.get(o["id"], 0)}
            for o in question.options
        ]
    elif kind == LiveKind.RATING:
        counts = Counter(
            r.get("value") for r in answers.values_list("response", flat=True)
        )
        total = sum(counts.values())
        message["scale"] = [
            {"value": value, "count": counts.get(value, 0)}
            for value in range(1, question.scale_max + 1)
        ]
        message["average"] = (
            round(sum(v * c for v, c in counts.items()) / total, 2) if total else None
        )
    elif kind in (LiveKind.WORD_CLOUD, LiveKind.SHORT_TEXT):
        message["words"] = _words(answers.values_list("text", flat=True))
        if kind == LiveKind.SHORT_TEXT:
            message["correct_count"] = answers.filter(correct=True).count()
    elif kind == LiveKind.OPEN:
        approved = answers.filter(moderation=Moderation.APPROVED).order_by(
            "-answered_at"
        )
        message["approved"] = [
            {"id": pk, "text": text}
            for pk, text in approved.values_list("pk", "text")[:OPEN_ANSWERS_SHOWN]
        ]
        if for_control:
            pending = answers.filter(moderation=Moderation.PENDING).order_by(
                "answered_at"
            )
            message["pending"] = [
                {"id": pk, "text": text}
                for pk, text in pending.values_list("pk", "text")
            ]
    return message


def presence_payload(session_id: int) -> dict:
    return {
        "type": "presence",
        "joined": LiveParticipant.objects.filter(session_id=session_id).count(),
    }


def _ranked(totals: dict[int, int]) -> dict[int, int]:
    """Competition ranking: equal scores share a place (1, 2, 2, 4)."""
    ranks = {}
    previous, rank = None, 0
    for position, (pid, total) in enumerate(
        sorted(totals.items(), key=lambda item: -item[1]), start=1
    ):
        if total != previous:
            rank, previous = position, total
        ranks[pid] = rank
    return ranks


def leaderboard_payload(session: LiveSession) -> dict:
    totals = dict.fromkeys(
        LiveParticipant.objects.filter(session=session).values_list("pk", flat=True), 0
    )
    totals.update(services.session_scores(session_id=session.pk))
    ranks = _ranked(totals)
    top = sorted(totals, key=lambda pid: (ranks[pid], pid))[:LEADERBOARD_SIZE]
    names = dict(
        LiveParticipant.objects.filter(pk__in=top).values_list("pk", "nickname")
    )
    return {
        "type": "leaderboard",
        "entries": [
            {"rank": ranks[pid], "name": names[pid], "score": totals[pid]}
            for pid in top
        ],
        "participants": len(totals),
    }


def personal_results(session: LiveSession, question: LiveQuestion) -> dict[int, dict]:
    """After a reveal: each participant's own result, score and place."""
    totals = dict.fromkeys(
        LiveParticipant.objects.filter(session=session).values_list("pk", flat=True), 0
    )
    totals.update(services.session_scores(session_id=session.pk))
    ranks = _ranked(totals) if session.uses_points else {}
    answered = {
        pid: (correct, points)
        for pid, correct, points in LiveAnswer.objects.filter(
            question=question
        ).values_list("participant_id", "correct", "points")
    }
    results = {}
    for pid, total in totals.items():
        correct, points = answered.get(pid, (None, 0))
        results[pid] = {
            "type": "result",
            "question": question.pk,
            "answered": pid in answered,
            "correct": correct if session.uses_points else None,
            "points": points if session.uses_points else 0,
            "score": total if session.uses_points else None,
            "rank": ranks.get(pid),
        }
    return results


def me_payload(participant: LiveParticipant, session: LiveSession) -> dict:
    """Everything a (re)joining phone needs about itself."""
    return me_payloads(session, [participant])[participant.pk]


def me_payloads(
    session: LiveSession, participants: list[LiveParticipant]
) -> dict[int, dict]:
    """``me`` for many phones at once: two queries whatever their number."""
    ids = [p.pk for p in participants]
    question = session.current
    answers = {}
    if question and ids:
        answers = {
            row["participant_id"]: row
            for row in LiveAnswer.objects.filter(
                question=question, participant_id__in=ids
            ).values("participant_id", "response", "correct", "points")
        }
    totals = {}
    if ids:
        totals = dict(
            LiveAnswer.objects.filter(
                participant_id__in=ids, question__revealed_at__isnull=False
            )
            .values("participant_id")
            .annotate(total=Sum("points"))
            .values_list("participant_id", "total")
        )
    return {
        p.pk: _me(p, session, answers.get(p.pk), totals.get(p.pk) or 0)
        for p in participants
    }


def _me(participant, session, answer, total) -> dict:
    question = session.current
    message = {
        "type": "me",
        "seq": session.version,
        "participant": {
            "id": participant.pk,
            "nickname": participant.nickname,
            "registered": participant.user_id is not None,
        },
        "token": participant.token,
        "score": total if session.uses_points else None,
        "answer": {"question": question.pk, "response": answer["response"]}
        if answer
        else None,
        "result": None,
    }
    if question and question.revealed_at and session.phase == Phase.REVEALED:
        message["result"] = {
            "type": "result",
            "question": question.pk,
            "answered": answer is not None,
            "correct": answer["correct"] if answer and session.uses_points else None,
            "points": answer["points"] if answer and session.uses_points else 0,
            "score": total if session.uses_points else None,
            "rank": None,
        }
    return message


def session_summary(session: LiveSession) -> list[dict]:
    """Per question: answers and share correct, for the results page."""
    rows = []
    joined = session.participants.count()
    questions = session.questions.annotate(
        answer_count=Count("answers"),
        correct_count=Count("answers", filter=Q(answers__correct=True)),
    )
    for question in questions:
        rows.append(
            {
                "question": question,
                "answers": question.answer_count,
                "joined": joined,
                "correct": question.correct_count if question.is_scored else None,
                "share": (
                    round(100 * question.correct_count / question.answer_count)
                    if question.is_scored and question.answer_count
                    else None
                ),
            }
        )
    return rows
