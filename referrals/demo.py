"""Invented referrals shaped like the 2025 report's narrative (no real persons).

Every row is marked ``invented``; descriptions say so and hold nothing about a
person. From the first training (27 March 2025) to 15 January 2026 trained
participants send 54 referrals: Zrenjanin 9 (after its training), Prokuplje 2,
Užice 1, seven from the Commissariat for Refugees and Migration (KIRS, trained
in Belgrade), and 11 people are identified (8 children, 3 adults; 5 men,
6 women); 57 received help (25 children, 32 adults; 42 women, 15 men).
Referrals from people not trained, in the same period and in the three years
before, give the comparison the impact page draws.
Deterministic and idempotent.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.db import transaction

from events.models import Attendance, TrainingPage
from lms.demo import _account
from lms.institution_types import institution_type
from lms.models import Municipality, System
from referrals.models import (
    Action,
    AgeGroup,
    IdentifiedPerson,
    Outcome,
    PersonOutcome,
    Referral,
    ReferralEvent,
    Status,
)
from referrals.roles import CASE_WORKER, HEAD

TZ = ZoneInfo("Europe/Belgrade")
LAST_DAY = datetime.date(2026, 1, 15)
DESCRIPTION = (
    "[ИЗМИШЉЕНО — демо] Демонстрациона пријава: не садржи податке ни о једној "
    "стварној особи."
)
# training number, municipality, referrals, of them from KIRS, identified
# people as (age group, gender)
TRAINED = [
    (2, "Прокупље", 2, 0, []),
    (3, "Кикинда", 2, 0, [("child", "female")]),
    (6, "Сомбор", 1, 0, [("adult", "female")]),
    (7, "Ниш", 3, 0, [("child", "male")]),
    (12, "Врање", 2, 0, []),
    (13, "Ужице", 1, 0, []),
    (15, "Београд", 18, 7, [
        ("child", "female"), ("child", "female"), ("child", "male"),
        ("child", "male"), ("child", "male"), ("adult", "female"),
        ("adult", "male"),
    ]),
    (19, "Шабац", 2, 0, []),
    (20, "Крагујевац", 3, 0, []),
    (23, "Нови Сад", 8, 0, []),
    (24, "Зрењанин", 9, 0, [("child", "female")]),
    (25, "Панчево", 3, 0, []),
]  # fmt: skip
# Referrals from people not trained: (municipality, count, first day, last day)
OTHERS = [
    ("Београд", 10, "2025-03-27", "2026-01-15"),
    ("Нови Сад", 5, "2025-03-27", "2026-01-15"),
    ("Ниш", 3, "2025-03-27", "2026-01-15"),
    ("Крагујевац", 2, "2025-03-27", "2026-01-15"),
    ("Зрењанин", 6, "2022-11-20", "2025-03-26"),
    ("Ужице", 1, "2022-06-18", "2025-03-26"),
    ("Београд", 45, "2022-01-10", "2025-03-26"),
    ("Нови Сад", 18, "2022-01-10", "2025-03-26"),
    ("Ниш", 12, "2022-01-10", "2025-03-26"),
    ("Крагујевац", 6, "2022-01-10", "2025-03-26"),
    ("Пирот", 1, "2022-01-10", "2025-03-26"),
]
# People who received help besides the 11 identified (who were all helped too):
# with them, 57 helped in the period (25 children, 32 adults; 42 women, 15 men).
HELPED_MORE = (
    [("child", "female")] * 12 + [("child", "male")] * 5
    + [("adult", "female")] * 24 + [("adult", "male")] * 5
)  # fmt: skip
FIRST_DAY = datetime.date(2025, 3, 27)
OTHER_SYSTEMS = ["police", "social_protection", "ngo", "judiciary"]
OUTCOMES = [Outcome.AT_RISK, Outcome.HELPED, Outcome.NOT_TRAFFICKING,
            Outcome.REFERRED_OTHER, Outcome.PRESUMED]  # fmt: skip


def load_demo(stdout) -> None:
    _accounts()
    if Referral.objects.filter(invented=True).exists():
        stdout.write("invented referrals already loaded")
        return
    rng = random.Random(2025)
    with transaction.atomic():
        trained = _trained(rng)
        others = _others(rng)
        _helped()
    stdout.write(f"{trained} invented referrals from trained people, {others} others")


def _accounts() -> None:
    _account("savetnica@example.org", "Ивана", "Стојановић", "female",
             "social_protection", "ЦЗЖТЉ", "Београд", CASE_WORKER, "")  # fmt: skip
    _account("direktorka@example.org", "Александра", "Лазић", "female",
             "social_protection", "ЦЗЖТЉ", "Београд", HEAD, "")  # fmt: skip


def _place(name: str) -> Municipality:
    return Municipality.objects.local_self_government_units().get(name=name)


def _at(day: datetime.date, rng) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 15), rng.randint(0, 59)), tzinfo=TZ
    )


def _training(number: int) -> TrainingPage | None:
    return (
        TrainingPage.objects.filter(slug__startswith=f"2025-{number:02d}-")
        .select_related("municipality")
        .first()
    )


def _attendees(training, *, kirs: bool) -> list[Attendance]:
    query = Attendance.objects.filter(registration__training=training).select_related(
        "registration__user", "system"
    )
    query = (
        query.filter(system__key="kirs") if kirs else query.exclude(system__key="kirs")
    )
    return list(query.order_by("pk"))


def _days_after(start: datetime.date, count: int, rng) -> list[datetime.date]:
    room = max((LAST_DAY - start).days - 1, 1)
    span = min(room, 120)
    return sorted(
        start + datetime.timedelta(days=rng.randint(1, span)) for _ in range(count)
    )


def _close(referral: Referral, outcome: str, rng) -> None:
    referral.outcome = outcome
    referral.status = Status.CLOSED
    referral.closed_at = referral.sent_at + datetime.timedelta(days=rng.randint(5, 40))


def _trained(rng) -> int:
    made = []
    for number, place_name, count, kirs, identified in TRAINED:
        training = _training(number)
        if training is None:
            continue
        place = _place(place_name)
        day = training.start.astimezone(TZ).date()
        pools = {
            True: _attendees(training, kirs=True),
            False: _attendees(training, kirs=False),
        }
        people = list(identified)
        for index, sent_day in enumerate(_days_after(day, count, rng)):
            pool = pools[index < kirs] or pools[False]
            if not pool:
                continue
            attendance = pool[(index * 7) % len(pool)]
            referral = _referral(rng, attendance.registration.user, place, sent_day)
            referral.system = attendance.system
            referral.institution_name = attendance.institution_name
            referral.institution_type = institution_type(
                attendance.institution_name, getattr(attendance.system, "key", "")
            )
            referral.trained_at = training
            referral.referrer_trained = True
            person = people.pop() if people else None
            referral.age_group = (
                person[0] if person else rng.choice([AgeGroup.CHILD, AgeGroup.ADULT])
            )
            if person or index % 4:
                _close(
                    referral,
                    Outcome.IDENTIFIED if person else rng.choice(OUTCOMES),
                    rng,
                )
            made.append((referral, person))
    _save(made)
    return len(made)


def _referral(rng, user, place, day) -> Referral:
    sent_at = _at(day, rng)
    return Referral(
        referrer=user,
        status=Status.ASSESSING,
        municipality=place,
        age_group=AgeGroup.ADULT,
        urgency="routine",
        description=DESCRIPTION,
        invented=True,
        created_at=sent_at - datetime.timedelta(minutes=20),
        sent_at=sent_at,
    )


def _others(rng) -> int:
    systems = {s.key: s for s in System.objects.filter(key__in=OTHER_SYSTEMS)}
    made = []
    for place_name, count, first, last in OTHERS:
        place = _place(place_name)
        first = datetime.date.fromisoformat(first)
        span = (datetime.date.fromisoformat(last) - first).days
        for _ in range(count):
            day = first + datetime.timedelta(days=rng.randint(0, span))
            referral = _referral(rng, None, place, day)
            referral.system = systems.get(rng.choice(OTHER_SYSTEMS))
            referral.institution_type = institution_type(
                "", getattr(referral.system, "key", "")
            )
            referral.age_group = rng.choice([AgeGroup.CHILD, AgeGroup.ADULT])
            _close(referral, rng.choice(OUTCOMES), rng)
            made.append((referral, None))
    _save(made)
    return len(made)


def _helped() -> None:
    """Everyone identified was helped; the others helped go, in turn, to the
    period's referrals closed as helped, presumed or at risk."""
    low = datetime.datetime.combine(FIRST_DAY, datetime.time.min, tzinfo=TZ)
    high = datetime.datetime.combine(
        LAST_DAY + datetime.timedelta(days=1), datetime.time.min, tzinfo=TZ
    )
    period = Referral.objects.filter(
        invented=True, sent_at__gte=low, sent_at__lt=high
    ).order_by("sent_at", "pk")
    rows = [
        IdentifiedPerson(
            referral_id=p.referral_id, age_group=p.age_group, gender=p.gender,
            kind=PersonOutcome.HELPED,
        )
        for p in IdentifiedPerson.objects.filter(
            referral__in=period, kind=PersonOutcome.IDENTIFIED
        ).order_by("pk")
    ]  # fmt: skip
    helped = list(
        period.filter(
            outcome__in=[Outcome.HELPED, Outcome.PRESUMED, Outcome.AT_RISK]
        ).values_list("pk", flat=True)
    )
    rows += [
        IdentifiedPerson(
            referral_id=helped[index % len(helped)], age_group=age, gender=gender,
            kind=PersonOutcome.HELPED,
        )
        for index, (age, gender) in enumerate(HELPED_MORE)
    ]  # fmt: skip
    IdentifiedPerson.objects.bulk_create(rows)


def _save(made) -> None:
    referrals = Referral.objects.bulk_create([r for r, _p in made])
    IdentifiedPerson.objects.bulk_create(
        [
            IdentifiedPerson(referral=r, age_group=p[0], gender=p[1])
            for r, (_r, p) in zip(referrals, made, strict=True)
            if p
        ]
    )
    ReferralEvent.objects.bulk_create(
        [
            ReferralEvent(
                referral=r, action=Action.SENT, actor=r.referrer,
                actor_label=r.referrer.email if r.referrer else "",
                status=Status.RECEIVED, created_at=r.sent_at,
            )
            for r in referrals
        ]
    )  # fmt: skip
