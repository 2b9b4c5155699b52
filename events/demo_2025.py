"""Synthetic attendance and evaluations that reproduce the 2025 series report.

For each of the 25 held trainings: invented participants (no real persons;
names mixed in Cyrillic and Latin), their profiles, registrations, check-ins,
licence numbers for those who claimed points, and anonymous evaluations whose
average is the reported one to two decimals. Deterministic (fixed seed),
idempotent (a training with registrations is left alone) and written with
``bulk_create``, so ``load_demo`` stays fast.

Where a training's table of participants per system is missing or does not add
up to its participants, the missing people are drawn from what the series
table has left over, so the per-training totals and the series table are both
exact.
"""

import datetime
import json
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from events.attendance import attendance_build
from events.models import (
    RATED_FIELDS,
    Attendance,
    EvaluationResponse,
    EvaluationSubmission,
    Registration,
    RegistrationStatus,
    TrainingPage,
    TrainingStatus,
)
from lms.models import Institution, Municipality, Profile, System, User
from lms.roles import PARTICIPANT
from lms.text import search_key, to_latin

DATA = Path(__file__).resolve().parent / "data" / "series-2025.json"
SEED = 2025
EMAIL = "ucesnik2025-{number:02d}-{index:03d}@example.org"
# Places the report lists among the 110 but not per training, by training.
PLACES_NOT_PER_TRAINING = {
    7: ["Ниш", "Нишка Бања", "Алексинац", "Дољевац", "Мерошина", "Ражањ"],
    15: ["Београд"],
    24: ["Зрењанин", "Житиште", "Нова Црња", "Нови Бечеј"],
}
# Named for Leskovac but missing from the report's list of 110 places.
NOT_IN_THE_110 = {"Црна Трава"}
NO_SHOW_SHARE = 0.06
UNANSWERED_SHARE = 0.05

WOMEN = [
    "Јелена",
    "Марија",
    "Ана",
    "Милица",
    "Драгана",
    "Снежана",
    "Тијана",
    "Ивана",
    "Невена",
    "Сања",
    "Гордана",
    "Јована",
    "Биљана",
    "Зорица",
    "Маја",
    "Катарина",
    "Весна",
    "Данијела",
    "Светлана",
    "Александра",
]
MEN = [
    "Милош",
    "Никола",
    "Марко",
    "Стефан",
    "Душан",
    "Ненад",
    "Зоран",
    "Дејан",
    "Владимир",
    "Горан",
    "Бојан",
    "Иван",
    "Предраг",
    "Срђан",
]
SURNAMES = [
    "Петровић",
    "Јовановић",
    "Николић",
    "Илић",
    "Ђорђевић",
    "Павловић",
    "Марковић",
    "Стојановић",
    "Живковић",
    "Тодоровић",
    "Ристић",
    "Стевановић",
    "Милошевић",
    "Лазић",
    "Костић",
    "Радовановић",
    "Симић",
    "Вуковић",
    "Филиповић",
    "Митић",
    "Гавриловић",
    "Ћирић",
    "Бранковић",
    "Обрадовић",
    "Недељковић",
    "Антић",
    "Тошић",
    "Крстић",
]
LIKED = [
    "Примери из праксе.",
    "Интерактиван приступ и вежбе.",
    "Начин презентовања, јасно и конкретно.",
    "Apilkacija za prepoznavanje.",
    "Размена искуства са колегама из других система.",
    "Sve je bilo korisno.",
    "Игра улога и отворена питања.",
    "",
]
CHANGE = [
    "Више времена за вежбе.",
    "Дужа обука, два дана.",
    "",
    "",
    "Mikrofon u sali.",
    "Више студија случаја.",
]
IMPROVE = ["Више обука за здравствене раднике.", "Контакт особе у сваком ЦСР-у.",
           "Bolja saradnja na lokalnom nivou.", "Смештај за мушкарце жртве.",
           "Обуке за родитеље и школе.", ""]  # fmt: skip


def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def accreditation_for(number: int) -> dict:
    """An invented Chamber decision for the demo trainings (marked as demo)."""
    return {
        "accreditation_number": f"ДЕМО-{number:02d}/2025",
        "accreditation_date": datetime.date(2025, 3, 1),
    }


def _quota(total: int, table: dict) -> list[str | None]:
    """The training's system keys as reported; ``None`` for the unknown rest."""
    keys = [k for k, n in table.items() for _ in range(n or 0)]
    return keys + [None] * (total - len(keys))


def _systems_per_training(data: dict, rng: random.Random) -> dict[int, list[str]]:
    pool = dict(data["totals"]["participants_by_system"])
    plans = {}
    for row in data["trainings"]:
        table = row["participants_by_system"] or {}
        if sum(v or 0 for v in table.values()) > row["participants"]:
            table = {}
        plans[row["number"]] = _quota(row["participants"], table)
        for key in plans[row["number"]]:
            if key:
                pool[key] -= 1
    leftover = [key for key, n in pool.items() for _ in range(n)]
    rng.shuffle(leftover)
    for number in sorted(plans):
        plan = plans[number]
        for i, key in enumerate(plan):
            if key is None:
                plan[i] = leftover.pop()
    assert not leftover, "the series table and the trainings disagree"
    return plans


def _answers(count: int, average: float, rng: random.Random) -> list[list[int]]:
    """``count`` answers of five items each, averaging as reported (2 decimals)."""
    items = count * len(RATED_FIELDS)
    target = int(
        (Decimal(str(average)) * items).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )
    scores = [5] * items
    for _ in range(5 * items - target):
        i = rng.randrange(items)
        while scores[i] <= 2:
            i = rng.randrange(items)
        scores[i] -= 1
    got = Decimal(sum(scores)) / items
    assert got.quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal(str(average))
    width = len(RATED_FIELDS)
    return [scores[i : i + width] for i in range(0, items, width)]


class _Places:
    def __init__(self):
        self.by_name: dict[str, list[Municipality]] = {}
        for place in Municipality.objects.select_related("district"):
            self.by_name.setdefault(place.name, []).append(place)

    def get(self, name: str, district_id: int) -> Municipality:
        candidates = self.by_name[name]
        same = [p for p in candidates if p.district_id == district_id]
        return (same or candidates)[0]


class _Institutions:
    def __init__(self):
        self.by_system: dict[int | None, list[Institution]] = {}
        for institution in Institution.objects.all():
            self.by_system.setdefault(institution.system_id, []).append(institution)

    def pick(self, system: System, place: Municipality, rng) -> Institution | None:
        candidates = self.by_system.get(system.pk, [])
        key = search_key(place.name)
        local = [i for i in candidates if key in i.search_key]
        choices = local or candidates
        return rng.choice(choices) if choices else None


def _name(gender: str, rng: random.Random) -> tuple[str, str]:
    first = rng.choice(WOMEN if gender == "female" else MEN)
    last = rng.choice(SURNAMES)
    if rng.random() < 0.3:  # some people write their name in Latin
        return to_latin(first), to_latin(last)
    return first, last


def load_demo_2025(stdout) -> None:
    """Create the 2025 participants, attendance and evaluations (idempotent)."""
    data = _data()
    rng = random.Random(SEED)
    systems_plan = _systems_per_training(data, rng)
    trainings = {
        t.slug[5:7]: t
        for t in TrainingPage.objects.filter(
            slug__startswith="2025-", status=TrainingStatus.HELD
        )
    }
    context = {
        "systems": {s.key: s for s in System.objects.all()},
        "places": _Places(),
        "institutions": _Institutions(),
        "checker": User.objects.filter(email="trener@example.org").first(),
        "group": Group.objects.filter(name=PARTICIPANT).first(),
        "password": make_password(None),
    }
    created = 0
    for row in data["trainings"]:
        training = trainings.get(f"{row['number']:02d}")
        if training is None:
            continue
        _accredit(training, row["number"])
        if training.registrations.exists():
            continue
        # One generator per training: the same people whatever was loaded before.
        local = random.Random(f"{SEED}-{row['number']}")
        created += _training_people(
            training, row, systems_plan[row["number"]], local, context
        )
    stdout.write(f"{created} participants of the 2025 series with evaluations")


def _accredit(training: TrainingPage, number: int) -> None:
    if training.accreditation_number:
        return
    for name, value in accreditation_for(number).items():
        setattr(training, name, value)
    training.save_revision().publish()


def _places_for(training, row, context) -> list[Municipality]:
    names = [
        n for n in (row["municipalities_present"] or []) if n not in NOT_IN_THE_110
    ] + PLACES_NOT_PER_TRAINING.get(row["number"], [])
    district_id = training.municipality.district_id
    return [context["places"].get(n, district_id) for n in dict.fromkeys(names)]


def _training_people(training, row, system_keys, rng, context) -> int:
    count = row["participants"]
    genders = ["female"] * row["women"] + ["male"] * row["men"]
    rng.shuffle(genders)
    rng.shuffle(system_keys)
    places = _places_for(training, row, context)
    # Everyone place appears; most people come from the training's city.
    place_of = places + [
        training.municipality if rng.random() < 0.6 else rng.choice(places)
        for _ in range(count - len(places))
    ]
    rng.shuffle(place_of)
    no_shows = round(count * NO_SHOW_SHARE)
    people = []
    for index in range(count + no_shows):
        present = index < count
        gender = genders[index] if present else rng.choice(["female", "male"])
        key = system_keys[index] if present else rng.choice(system_keys)
        place = place_of[index] if present else rng.choice(places)
        people.append((index, present, gender, context["systems"][key], place))
    licensed = _licence_holders(people[:count], row["licence_point_applicants"], rng)
    profiles = _create_users(training, row["number"], people, licensed, rng, context)
    registrations = _create_registrations(training, profiles, people, rng, context)
    _create_evaluations(training, row, registrations, rng)
    return count


def _licence_holders(people, wanted: int, rng) -> set[int]:
    """Social protection professionals first, then others who hold a licence."""
    order = sorted(
        people, key=lambda p: (p[3].key != "social_protection", rng.random())
    )
    return {p[0] for p in order[:wanted]}


def _create_users(training, number, people, licensed, rng, context) -> list[Profile]:
    users, profiles = [], []
    now = timezone.now()
    for index, _present, gender, _system, _place in people:
        first, last = _name(gender, rng)
        users.append(
            User(
                email=EMAIL.format(number=number, index=index),
                first_name=first,
                last_name=last,
                password=context["password"],
            )
        )
    users = User.objects.bulk_create(users)
    for user, (index, _present, gender, system, place) in zip(
        users, people, strict=True
    ):
        profiles.append(
            Profile(
                user=user,
                gender=gender,
                system=system,
                institution=context["institutions"].pick(system, place, rng),
                municipality=place,
                job_title="стручни радник",
                licence_number=f"{number:02d}-{index:04d}" if index in licensed else "",
                completed_at=now,
            )
        )
    Profile.objects.bulk_create(profiles)
    if context["group"]:
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=u.pk, group_id=context["group"].pk) for u in users]
        )
    return profiles


def _create_registrations(
    training, profiles, people, rng, context
) -> list[Registration]:
    start = training.start
    registrations = []
    for profile, (_index, present, *_rest) in zip(profiles, people, strict=True):
        registered = start - datetime.timedelta(
            days=rng.randint(3, 25), hours=rng.randint(0, 9)
        )
        registrations.append(
            Registration(
                training=training,
                user=profile.user,
                status=RegistrationStatus.CONFIRMED,
                participation_form="active" if rng.random() < 0.2 else "passive",
                source="import",
                consent_data=True,
                consent_chamber=True,
                consented_at=registered,
                created_at=registered,
                checked_in_at=start - datetime.timedelta(minutes=rng.randint(-10, 45))
                if present
                else None,
                checked_in_by=context["checker"] if present else None,
            )
        )
    created = Registration.objects.bulk_create(registrations)
    present = [
        (r, profile)
        for r, profile in zip(created, profiles, strict=True)
        if r.checked_in_at
    ]
    _record_attendance(present)
    return [r for r, _profile in present]


def _record_attendance(present) -> None:
    """The records a check-in writes, built the same way (in bulk here)."""
    records = []
    for registration, profile in present:
        record = attendance_build(registration=registration, profile=profile)
        record.recorded_at = registration.checked_in_at
        records.append(record)
    Attendance.objects.bulk_create(records)


def _create_evaluations(training, row, present, rng) -> None:
    count = len(present) - round(len(present) * UNANSWERED_SHARE)
    answers = _answers(count, row["average_rating"], rng)
    day = timezone.localtime(training.end).date()
    EvaluationResponse.objects.bulk_create(
        EvaluationResponse(
            training=training,
            submitted_on=day,
            liked=rng.choice(LIKED),
            change=rng.choice(CHANGE),
            improve_system=rng.choice(IMPROVE),
            **dict(zip(RATED_FIELDS, scores, strict=True)),
        )
        for scores in answers
    )
    EvaluationSubmission.objects.bulk_create(
        EvaluationSubmission(training=training, registration=r)
        for r in rng.sample(present, count)
    )
