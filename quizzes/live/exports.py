"""A finished (or running) session's results: per question, per person, XLSX.

In the reflective mode answers are kept only in aggregate on these pages and in
the export: who said what on a sensitive topic is nobody's business.
"""

import io

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lms.spreadsheets import row_safe
from quizzes.models import LiveAnswer, LiveKind, LiveSession

from . import state


def participant_rows(session: LiveSession) -> list[dict]:
    """One row per participant: who, how many answered, right, points."""
    revealed = Q(answers__question__revealed_at__isnull=False)
    people = (
        session.participants.select_related("user__profile__institution")
        .annotate(
            answered=Count("answers"),
            right=Count("answers", filter=Q(answers__correct=True)),
            score=Sum("answers__points", filter=revealed, default=0),
        )
        .order_by("-score", "nickname")
    )
    rows = []
    for person in people:
        user = person.user
        rows.append(
            {
                "nickname": person.nickname,
                "name": user.get_full_name() if user else "",
                "email": user.email if user else "",
                "institution": str(
                    getattr(getattr(user, "profile", None), "institution", "") or ""
                ),
                "registered": user is not None,
                "answered": person.answered,
                "right": person.right if session.uses_points else None,
                "score": person.score if session.uses_points else None,
            }
        )
    return rows


def _distribution(question, results: dict) -> str:
    if "options" in results:
        return "; ".join(f"{o['text']}: {o['count']}" for o in results["options"])
    if "scale" in results:
        counts = ", ".join(f"{s['value']}: {s['count']}" for s in results["scale"])
        return f"{counts} (ø {results['average'] or '—'})"
    if "words" in results:
        return "; ".join(f"{w['text']} ({w['count']})" for w in results["words"])
    if "approved" in results:
        return " | ".join(a["text"] for a in results["approved"])
    return ""


def session_xlsx(session: LiveSession) -> bytes:
    workbook = Workbook()
    bold = Font(bold=True)

    sheet = workbook.active
    sheet.title = _("Questions")[:31]
    sheet.append(row_safe([session.title, session.code, session.get_mode_display()]))
    sheet.append([_("Exported"), timezone.localtime().strftime("%d.%m.%Y. %H:%M")])
    sheet.append([])
    header = [
        _("No."),
        _("Kind"),
        _("Question"),
        _("Answers"),
        _("Right"),
        _("Share right (%)"),
        _("Results"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in state.session_summary(session):
        question = row["question"]
        results = state.results_payload(question)
        sheet.append(
            row_safe(
                [
                    question.position,
                    question.get_kind_display(),
                    question.text,
                    row["answers"],
                    row["correct"],
                    row["share"],
                    _distribution(question, results),
                ]
            )
        )

    people = workbook.create_sheet(_("Participants")[:31])
    people.append(
        [
            _("Nickname"),
            _("Name"),
            _("E-mail"),
            _("Institution"),
            _("Registered account"),
            _("Answered"),
            _("Right"),
            _("Points"),
        ]
    )
    for cell in people[1]:
        cell.font = bold
    for person in participant_rows(session):
        people.append(
            row_safe(
                [
                    person["nickname"],
                    person["name"],
                    person["email"],
                    person["institution"],
                    _("yes") if person["registered"] else _("no"),
                    person["answered"],
                    person["right"],
                    person["score"],
                ]
            )
        )

    if not session.is_reflective:
        answers = workbook.create_sheet(_("Answers")[:31])
        answers.append(
            [_("No."), _("Nickname"), _("Answer"), _("Right"), _("Points"), _("Time")]
        )
        for cell in answers[1]:
            cell.font = bold
        rows = (
            LiveAnswer.objects.filter(question__session=session)
            .select_related("question", "participant")
            .order_by("question__position", "participant__nickname")
        )
        for answer in rows.iterator():
            answers.append(
                row_safe(
                    [
                        answer.question.position,
                        answer.participant.nickname,
                        _answer_text(answer),
                        {True: _("yes"), False: _("no")}.get(answer.correct, ""),
                        answer.points,
                        timezone.localtime(answer.answered_at).strftime("%H:%M:%S"),
                    ]
                )
            )

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _answer_text(answer: LiveAnswer) -> str:
    question = answer.question
    response = answer.response
    options = {o["id"]: o["text"] for o in question.options}
    if question.kind in (LiveKind.SINGLE, LiveKind.TRUE_FALSE):
        return options.get(response.get("option"), "")
    if question.kind == LiveKind.MULTIPLE:
        return "; ".join(options.get(i, "") for i in response.get("options", []))
    if question.kind == LiveKind.RATING:
        return str(response.get("value", ""))
    return answer.text
