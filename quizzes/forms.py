"""Reading a learner's answer from the question form into a response dict."""

from django.utils.translation import gettext as _

from .models import QuestionKind


class AnswerError(ValueError):
    pass


def _ordering(options, data) -> dict:
    positions = {}
    for option in options:
        try:
            positions[option.pk] = int(data.get(f"position-{option.pk}", ""))
        except ValueError as error:
            raise AnswerError(_("Give every item a place.")) from error
    if sorted(positions.values()) != list(range(1, len(options) + 1)):
        raise AnswerError(_("Each place may be used only once."))
    return {"order": sorted(positions, key=positions.get)}


def response_from_post(question, options, data) -> dict:
    """The response dict (see ``quizzes.scoring``) from submitted form data."""
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        if not data.get("option"):
            raise AnswerError(_("Choose an answer."))
        return {"option": data.get("option")}
    if kind == QuestionKind.MULTIPLE:
        chosen = data.getlist("options")
        if not chosen:
            raise AnswerError(_("Choose at least one answer."))
        return {"options": chosen}
    if kind == QuestionKind.MATCHING:
        pairs = {str(o.pk): data.get(f"match-{o.pk}", "") for o in options}
        if not all(pairs.values()):
            raise AnswerError(_("Choose a match for every item."))
        return {"pairs": pairs}
    if kind == QuestionKind.ORDERING:
        return _ordering(options, data)
    text = (data.get("text") or "").strip()
    if not text:
        raise AnswerError(_("Write an answer."))
    return {"text": text[:500]}
