"""Demo content: the 2025 series as held trainings, and upcoming trainings.

Idempotent: trainings are found by slug, trainers by name. Upcoming trainings
are dated from the day the demo is first loaded, so they stay in the future.
"""

import datetime
import json
from pathlib import Path

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from events import services
from events.attendance import attendance_build
from events.demo_2025 import accreditation_for, load_demo_2025
from events.models import (
    Registration,
    RegistrationStatus,
    TrainerProfile,
    TrainingIndexPage,
    TrainingPage,
    TrainingStatus,
)
from lms.models import HomePage, Institution, Municipality, System, User
from lms.text import to_latin

DATA = Path(__file__).resolve().parent / "data" / "trainings-2025.json"
DEMO_PASSWORD = "obuka-2026-demo"
ORGANISERS = (
    "Центар за заштиту жртава трговине људима\n"
    "Министарство за рад, запошљавање, борачка и социјална питања"
)
TRAINER_ACCOUNTS = {"Мирослав Јовановић": "trener@example.org"}
PROGRAMME_TIMES = [
    ("10:00", "10:45"),
    ("10:45", "11:30"),
    ("11:45", "12:30"),
    ("12:30", "13:15"),
    ("13:45", "14:30"),
    ("14:30", "15:30"),
]

# title, city, venue, days from today, seats, target systems, restricted,
# demo registrations (to make one nearly full)
UPCOMING = [
    ("Препознавање трговине људима у здравственом систему", "Врање",
     "Сала Скупштине града Врања", 12, 40, ["health"], False, 0),
    ("Обука за здравствене раднике и здравствене медијаторе", "Панчево",
     "Свечана сала зграде Градске управе Панчево", 19, 45, ["health"], False, 0),
    ("Напредна обука за запослене у социјалној заштити", "Нови Сад",
     "Скупштинска сала града Новог Сада", 26, 12, ["social_protection"], True, 11),
    ("Препознавање случајева трговине људима и подршка жртвама", "Крагујевац",
     "Сала Скупштине града Крагујевца", 33, 60, [], False, 0),
    ("Препознавање случајева трговине људима и подршка жртвама", "Београд",
     "Хотел М", 47, 196, [], False, 0),
]  # fmt: skip


def load_demo(stdout) -> None:
    with transaction.atomic():
        index = _index_page()
        data = json.loads(DATA.read_text(encoding="utf-8"))
        for row in data["trainings"]:
            _held_training(index, row, data["training_programme"])
        stdout.write(f"{len(data['trainings'])} trainings of 2025")
        load_demo_2025(stdout)
        upcoming = [_upcoming_training(index, *row) for row in UPCOMING]
        stdout.write(f"{len(upcoming)} upcoming trainings")
        recent = _recent_training(index)
        stdout.write(f"Open evaluation for the demo participant: {recent.title}")
    # Registrations lock the training row: outside the page-building transaction.
    for training, (*_rest, registrations) in zip(upcoming, UPCOMING, strict=True):
        _fill(training, registrations)


def _index_page() -> TrainingIndexPage:
    index = TrainingIndexPage.objects.first()
    if index:
        return index
    home = HomePage.objects.first()
    return home.add_child(
        instance=TrainingIndexPage(
            title="Календар обука",
            slug="kalendar",
            show_in_menus=True,
            intro=(
                "<p>Регионалне обуке „Препознавање случајева трговине људима и "
                "подршка жртвама“ за професионалце из социјалне заштите, "
                "образовања, здравства, полиције, правосуђа, локалних самоуправа "
                "и организација цивилног друштва.</p>"
            ),
        )
    )


def _trainer(name: str) -> TrainerProfile:
    trainer, _created = TrainerProfile.objects.get_or_create(name=name)
    email = TRAINER_ACCOUNTS.get(name)
    if email and trainer.user_id is None:
        trainer.user = User.objects.filter(email=email).first()
        trainer.save()
    return trainer


def _programme(topics: list[str]) -> list[tuple[str, dict]]:
    return [
        (
            "agenda_item",
            {
                "start_time": datetime.time.fromisoformat(start),
                "end_time": datetime.time.fromisoformat(end),
                "title": topic,
                "text": "",
                "document": None,
            },
        )
        for topic, (start, end) in zip(topics, PROGRAMME_TIMES, strict=False)
    ]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    naive = datetime.datetime.combine(day, datetime.time(hour, minute))
    return timezone.make_aware(naive)


def _city(name: str) -> Municipality:
    return Municipality.objects.local_self_government_units().get(name=name)


def _held_training(index, row: dict, topics: list[str]) -> TrainingPage:
    slug = f"2025-{row['number']:02d}-{slugify(to_latin(row['city']))}"
    training = TrainingPage.objects.filter(slug=slug).first()
    if training:
        return training
    day = datetime.date.fromisoformat(row["date"])
    training = index.add_child(
        instance=TrainingPage(
            title=f"Препознавање случајева трговине људима и подршка жртвама — "
            f"{row['city']}",
            slug=slug,
            start=_at(day, 10),
            end=_at(day, 15, 30),
            venue_name=row["venue"],
            municipality=_city(row["city"]),
            capacity=max(row["participants"], 50),
            registration_closes=_at(day - datetime.timedelta(days=2), 16),
            status=TrainingStatus.HELD,
            reported_participants=row["participants"],
            organisers=ORGANISERS,
            programme=_programme(topics),
            moderator=_trainer(row["moderator"]),
            **accreditation_for(row["number"]),
        )
    )
    training.lecturers.set([_trainer(name) for name in row["lecturers"]])
    training.save_revision().publish()
    return training


def _upcoming_training(index, title, city, venue, days, seats, systems, restricted, _n):
    slug = f"{slugify(to_latin(title))[:40]}-{slugify(to_latin(city))}-nova"
    training = TrainingPage.objects.filter(slug=slug).first()
    if training:
        return training
    day = timezone.localdate() + datetime.timedelta(days=days)
    training = index.add_child(
        instance=TrainingPage(
            title=f"{title} — {city}",
            slug=slug,
            start=_at(day, 10),
            end=_at(day, 15, 30),
            venue_name=venue,
            municipality=_city(city),
            capacity=seats,
            registration_opens=timezone.now() - datetime.timedelta(days=7),
            registration_closes=_at(day - datetime.timedelta(days=2), 16),
            restrict_to_target_systems=restricted,
            organisers=ORGANISERS,
            programme=_programme(
                json.loads(DATA.read_text(encoding="utf-8"))["training_programme"]
            ),
            moderator=_trainer("Мирослав Јовановић"),
        )
    )
    training.target_systems.set(System.objects.filter(key__in=systems))
    training.lecturers.set([_trainer("Мирослав Јовановић"), _trainer("Ивана Лукнар")])
    training.save_revision().publish()
    return training


RECENT_SLUG = "nedavna-obuka-sabac"
DEMO_PARTICIPANT = "ucesnica@example.org"


def _recent_training(index) -> TrainingPage:
    """A training that ended two days ago, which the demo participant attended
    and has not yet evaluated: her questionnaire is open (the 2025 ones closed
    long ago), so the evaluation journey can be tried."""
    training = TrainingPage.objects.filter(slug=RECENT_SLUG).first()
    if training is None:
        day = timezone.localdate() - datetime.timedelta(days=2)
        training = index.add_child(
            instance=TrainingPage(
                title="Препознавање случајева трговине људима и подршка жртвама"
                " — Шабац",
                slug=RECENT_SLUG,
                start=_at(day, 10),
                end=_at(day, 15, 30),
                venue_name="Сала Скупштине града Шапца",
                municipality=_city("Шабац"),
                capacity=40,
                registration_closes=_at(day - datetime.timedelta(days=2), 16),
                status=TrainingStatus.HELD,
                organisers=ORGANISERS,
                programme=_programme(
                    json.loads(DATA.read_text(encoding="utf-8"))["training_programme"]
                ),
                moderator=_trainer("Мирослав Јовановић"),
            )
        )
        training.lecturers.set([_trainer("Мирослав Јовановић")])
        training.save_revision().publish()
    user = User.objects.filter(email=DEMO_PARTICIPANT).select_related("profile").first()
    if user and not training.registrations.filter(user=user).exists():
        # Built like the 2025 attendance (demo data, not a check-in at the door).
        registration = Registration.objects.create(
            training=training,
            user=user,
            status=RegistrationStatus.CONFIRMED,
            participation_form="passive",
            source="import",
            consent_data=True,
            consent_chamber=True,
            consented_at=training.start - datetime.timedelta(days=10),
            checked_in_at=training.start - datetime.timedelta(minutes=12),
            checked_in_by=User.objects.filter(email="trener@example.org").first(),
        )
        record = attendance_build(registration=registration, profile=user.profile)
        record.recorded_at = registration.checked_in_at
        record.save()
    return training


def _fill(training: TrainingPage, count: int) -> None:
    """Register ``count`` demo participants (to make a training nearly full)."""
    for number in range(1, count + 1):
        user = _demo_participant(number)
        if not training.registrations.active().filter(user=user).exists():
            services.registration_create(
                training=training,
                user=user,
                consent_data=True,
                consent_chamber=True,
                source="self",
                staff=True,
                notify=False,
            )


def _demo_participant(number: int) -> User:
    email = f"ucesnik{number:02d}@example.org"
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Учесник", "last_name": f"{number:02d}"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        profile = user.profile
        profile.gender = "female" if number % 3 else "male"
        profile.system = System.objects.get(key="social_protection")
        profile.institution = Institution.objects.get(name="ЦСР Нови Сад")
        profile.municipality = _city("Нови Сад")
        profile.job_title = "стручни радник"
        profile.completed_at = timezone.now()
        profile.save()
    return user


PROGRAMME_TOPIC = "Препознавање и пријављивање сумњи на трговину људима"


def link_in_programmes(page) -> int:
    """The upcoming demo trainings name a live exercise ``page`` (the video
    spotting) in the part of the day where it is done (recognising and
    reporting); returns how many. Called by the courses demo, which runs after
    the exercises' demo and may know both apps (events must not import
    exercises)."""
    link = (
        f'<p>Вежба уживо: <a linktype="page" id="{page.pk}">{page.title}</a> '
        "(снимак на пројектору, ознаке на телефонима).</p>"
    )
    changed = 0
    for training in TrainingPage.objects.filter(slug__endswith="-nova"):
        raw = list(training.programme.raw_data)
        for item in raw:
            value = item["value"]
            if item["type"] != "agenda_item" or value.get("title") != PROGRAMME_TOPIC:
                continue
            if f'id="{page.pk}"' not in (value.get("text") or ""):
                value["text"] = (value.get("text") or "") + link
                training.programme = training.programme.stream_block.to_python(raw)
                training.save_revision().publish()
                changed += 1
    return changed
