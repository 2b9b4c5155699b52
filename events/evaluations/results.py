"""Evaluation results: per training, and grouped by lecturer, district or month.

Results of fewer than ``EVALUATION_MIN_ANSWERS`` answers are never shown, so a
small group cannot be de-anonymised; every grouping applies the same rule.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, FloatField, Q, QuerySet
from django.db.models.functions import Cast, TruncMonth

from events.conf import evaluation_min_answers
from events.models import (
    FREE_TEXT_ITEMS,
    RATED_FIELDS,
    RATED_ITEMS,
    EvaluationResponse,
    TrainingPage,
)


def rating_round(value: float | None) -> Decimal | None:
    """Two decimals, half up, as the reports print them."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def overall_expression():
    """The mean of the five items of one response, as a float expression."""
    total = sum((F(f) for f in RATED_FIELDS[1:]), F(RATED_FIELDS[0]))
    return Cast(total, FloatField()) / len(RATED_FIELDS)


@dataclass
class ItemResult:
    key: str
    label: str
    average: Decimal | None
    distribution: list[int]  # answers rating 1, 2, 3, 4, 5

    @property
    def bars(self) -> list[tuple[int, int, int, int]]:
        """(rating, answers, percent, width in tens) for the distribution bars."""
        total = sum(self.distribution) or 1
        bars = []
        for rating, n in enumerate(self.distribution, start=1):
            percent = round(100 * n / total)
            bars.append((rating, n, percent, round(percent, -1)))
        return bars


@dataclass
class TrainingResults:
    training: TrainingPage
    answers: int
    attended: int
    minimum: int
    items: list[ItemResult] = field(default_factory=list)
    overall: Decimal | None = None
    comments: dict[str, list[str]] = field(default_factory=dict)
    extra: list[dict] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.answers >= self.minimum

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answers / self.attended) if self.attended else None


def training_results(*, training: TrainingPage, with_comments: bool = True):
    """Results of one training (three queries, whatever the number of answers)."""
    responses = EvaluationResponse.objects.filter(training=training)
    aggregates = {"answers": Count("id"), "overall": Avg(overall_expression())}
    for key in RATED_FIELDS:
        aggregates[f"{key}_avg"] = Avg(key)
        for rating in range(1, 6):
            aggregates[f"{key}_{rating}"] = Count("id", filter=Q(**{key: rating}))
    data = responses.aggregate(**aggregates)
    results = TrainingResults(
        training=training,
        answers=data["answers"],
        attended=training.registrations.checked_in().count(),
        minimum=evaluation_min_answers(),
    )
    if not results.shown:
        return results
    results.overall = rating_round(data["overall"])
    results.items = [
        ItemResult(
            key=key,
            label=str(label),
            average=rating_round(data[f"{key}_avg"]),
            distribution=[data[f"{key}_{r}"] for r in range(1, 6)],
        )
        for key, label in RATED_ITEMS
    ]
    if with_comments:
        _add_comments(results, responses)
    return results


def _add_comments(results: TrainingResults, responses: QuerySet) -> None:
    keys = [key for key, _label in FREE_TEXT_ITEMS]
    rows = list(responses.order_by("id").values_list(*keys, "extra_answers"))
    results.comments = {
        str(label): [row[i] for row in rows if row[i]]
        for i, (_key, label) in enumerate(FREE_TEXT_ITEMS)
    }
    results.extra = [answer for row in rows for answer in row[-1]]


@dataclass
class GroupResult:
    label: str
    answers: int
    trainings: int
    average: Decimal | None


def results_grouped(*, trainings: QuerySet[TrainingPage], by: str) -> list[GroupResult]:
    """Average rating and answers by ``lecturer``, ``district`` or ``month``.

    Groups with fewer answers than the minimum are left out.
    """
    group = {
        "lecturer": F("training__lecturers__name"),
        "district": F("training__municipality__district__name"),
        "month": TruncMonth("training__start"),
    }[by]
    rows = (
        EvaluationResponse.objects.filter(training__in=trainings)
        .annotate(group=group)
        .exclude(group=None)
        .values("group")
        .annotate(
            answers=Count("id"),
            trainings=Count("training", distinct=True),
            average=Avg(overall_expression()),
        )
        .order_by("group")
    )
    minimum = evaluation_min_answers()
    return [
        GroupResult(
            label=row["group"].strftime("%m/%Y") if by == "month" else row["group"],
            answers=row["answers"],
            trainings=row["trainings"],
            average=rating_round(row["average"]),
        )
        for row in rows
        if row["answers"] >= minimum
    ]
