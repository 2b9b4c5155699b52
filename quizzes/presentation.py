"""What a question looks like in an attempt: options in the attempt's order,
what the learner chose, and (when allowed) what is right and why."""

from dataclasses import dataclass, field

from .models import Answer, Attempt, Question, QuestionKind
from .selectors import shuffled_matches, shuffled_options


@dataclass
class OptionView:
    option: object
    chosen: bool = False
    chosen_match: object = None  # matching: the option whose match was chosen
    position: int | None = None  # ordering: the place the learner gave
    correct_position: int | None = None


@dataclass
class QuestionView:
    number: int
    question: Question
    options: list[OptionView]
    matches: list = field(default_factory=list)
    answer: Answer | None = None

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def correct_order(self) -> list:
        return list(self.question.options.all())

    @property
    def correct_matches(self) -> list:
        return [o.match for o in self.question.options.all()]


def _ids(values) -> list[str]:
    return [str(v) for v in values or []]


def question_view(
    attempt: Attempt, question: Question, number: int, answer: Answer | None
) -> QuestionView:
    options = shuffled_options(attempt, question)
    response = answer.response if answer else {}
    chosen = set(_ids(response.get("options"))) | set(_ids([response.get("option")]))
    pairs = {str(k): str(v) for k, v in (response.get("pairs") or {}).items()}
    order = _ids(response.get("order"))
    by_id = {str(o.pk): o for o in question.options.all()}
    correct = [str(o.pk) for o in question.options.all()]
    views = [
        OptionView(
            option=o,
            chosen=str(o.pk) in chosen,
            chosen_match=by_id.get(pairs.get(str(o.pk), "")),
            position=order.index(str(o.pk)) + 1 if str(o.pk) in order else None,
            correct_position=correct.index(str(o.pk)) + 1,
        )
        for o in options
    ]
    matches = (
        shuffled_matches(attempt, question)
        if question.kind == QuestionKind.MATCHING
        else []
    )
    return QuestionView(number, question, views, matches, answer)
