"""The demo 2025 series reproduces the figures of the series report."""

import io
import json
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command

from events.models import EvaluationResponse, EvaluationSubmission, Registration

DATA = Path(__file__).resolve().parents[2] / "events" / "data" / "series-2025.json"
SYSTEMS = {
    "social_protection": 581,
    "education": 257,
    "health": 110,
    "police": 34,
    "ngo": 40,
    "local_government": 101,
    "judiciary": 76,
    "labour_inspection": 8,
    "employment_service": 4,
    "red_cross": 34,
    "international": 18,
    "kirs": 6,
    "other": 194,
}


def test_demo_2025_reproduces_the_report(db):
    for _ in range(2):  # idempotent
        call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()

    call_command("series_stats", "--year", "2025", "--json", stdout=out)

    figures = json.loads(out.getvalue())
    assert figures["trainings"] == 25
    assert figures["participants"] == 1463
    assert (figures["women"], figures["men"]) == (1181, 282)
    assert figures["licence_point_recipients"] == 609
    assert figures["municipalities"] == 110
    assert figures["participants_by_system"] == SYSTEMS
    reported = json.loads(DATA.read_text(encoding="utf-8"))["trainings"]
    got = figures["participants_by_training"]
    assert [
        (r["date"], r["participants"], r["women"], r["men"], r["average_rating"])
        for r in reported
    ] == [
        (g["date"], g["participants"], g["women"], g["men"], g["average_rating"])
        for g in got
    ]
    assert all(
        Decimal(str(g["average_rating"])) == Decimal(str(r["average_rating"]))
        for g, r in zip(got, reported, strict=True)
    )
    assert EvaluationResponse.objects.count() == EvaluationSubmission.objects.count()
    assert 1300 < EvaluationResponse.objects.count() < 1463
    licensed = Registration.objects.filter(
        checked_in_at__isnull=False, training__slug__startswith="2025-"
    ).exclude(user__profile__licence_number="")
    assert licensed.count() == 609
