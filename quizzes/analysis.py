"""Item analysis for staff: how hard each question is and whether it separates.

Computed on each learner's first submitted attempt, so retakes after seeing the
feedback do not make questions look easier than they are.

- share correct (difficulty index p): the share of learners who answered fully
  correctly;
- discrimination, upper–lower index D: p in the top 27 % of learners (by total
  score) minus p in the bottom 27 %;
- point-biserial r: the correlation of answering correctly with the total score.

A question with a low or negative D or r is worth a second look: strong
learners get it wrong as often as weak ones.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Min

from .models import Answer, Attempt, Quiz
from .selectors import quiz_questions

GROUP_SHARE = 0.27


@dataclass
class ItemStats:
    question_id: int
    text: str
    answered: int
    share_correct: float | None
    discrimination: float | None
    point_biserial: float | None

    @property
    def flagged(self) -> bool:
        return self.discrimination is not None and self.discrimination < 0.2


def _share(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def upper_lower_index(rows: Sequence[tuple[float, int]]) -> float | None:
    """D from (total score, correct 0/1) pairs, one per learner."""
    if len(rows) < 2:
        return None
    size = max(1, round(GROUP_SHARE * len(rows)))
    ranked = sorted(rows, key=lambda row: row[0])
    lower = [correct for _total, correct in ranked[:size]]
    upper = [correct for _total, correct in ranked[-size:]]
    return round(_share(upper) - _share(lower), 3)


def point_biserial(rows: Sequence[tuple[float, int]]) -> float | None:
    """r_pb = (M1 − M0) / s · √(p·q), s the population standard deviation."""
    n = len(rows)
    totals = [total for total, _correct in rows]
    right = [total for total, correct in rows if correct]
    wrong = [total for total, correct in rows if not correct]
    if n < 2 or not right or not wrong:
        return None
    mean = sum(totals) / n
    deviation = math.sqrt(sum((t - mean) ** 2 for t in totals) / n)
    if deviation == 0:
        return None
    p = len(right) / n
    difference = sum(right) / len(right) - sum(wrong) / len(wrong)
    return round(difference / deviation * math.sqrt(p * (1 - p)), 3)


def first_attempts(quiz: Quiz):
    firsts = (
        Attempt.objects.submitted()
        .filter(quiz=quiz)
        .values("user")
        .annotate(first=Min("number"))
    )
    wanted = {(row["user"], row["first"]) for row in firsts}
    attempts = Attempt.objects.submitted().filter(quiz=quiz)
    return [a for a in attempts if (a.user_id, a.number) in wanted]


def item_analysis(quiz: Quiz) -> list[ItemStats]:
    """Statistics per question of the quiz, in the quiz's order."""
    attempts = first_attempts(quiz)
    totals = {a.pk: a.percent or 0.0 for a in attempts}
    correct = {
        (attempt_id, question_id)
        for attempt_id, question_id in Answer.objects.filter(
            attempt_id__in=totals, correct=True
        ).values_list("attempt_id", "question_id")
    }
    stats = []
    for quiz_question in quiz_questions(quiz):
        qid = quiz_question.question_id
        rows = [
            (total, int((attempt_id, qid) in correct))
            for attempt_id, total in totals.items()
        ]
        stats.append(
            ItemStats(
                question_id=qid,
                text=quiz_question.question.text,
                answered=len(rows),
                share_correct=_share([c for _t, c in rows]),
                discrimination=upper_lower_index(rows),
                point_biserial=point_biserial(rows),
            )
        )
    return stats


@dataclass
class PrePostComparison:
    learners: int
    pre_average: float | None
    post_average: float | None


def pre_post_comparison(post_test: Quiz) -> PrePostComparison | None:
    """Average first-attempt scores of the learners who took both tests."""
    if not post_test.pre_test_id:
        return None
    pre = {a.user_id: a.percent or 0 for a in first_attempts(post_test.pre_test)}
    post = {a.user_id: a.percent or 0 for a in first_attempts(post_test)}
    both = pre.keys() & post.keys()
    if not both:
        return PrePostComparison(0, None, None)
    return PrePostComparison(
        learners=len(both),
        pre_average=round(sum(pre[u] for u in both) / len(both), 1),
        post_average=round(sum(post[u] for u in both) / len(both), 1),
    )
