"""bench/rush.py's database steps, run in a subprocess with Django set up:
K people, an open training and a live session; then what was registered."""

PASSWORD = "rush-bench-2026"


def role_setup(payload: dict) -> dict:
    """K people, an open training of capacity C, a live session of it."""
    import datetime

    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from events.models import TrainingIndexPage, TrainingPage
    from lms.demo import _home_page
    from lms.models import Institution, Municipality, Profile, System, User
    from lms.roles import PARTICIPANT, TRAINER
    from quizzes.live.services import session_create

    home = _home_page()
    index = TrainingIndexPage.objects.first() or home.add_child(
        instance=TrainingIndexPage(title="Календар обука", slug="kalendar")
    )
    nis = Municipality.objects.local_self_government_units().get(name="Ниш")
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=14)
    training = index.add_child(
        instance=TrainingPage(
            title="Обука у налету",
            slug="obuka-u-naletu",
            start=start,
            end=start + datetime.timedelta(hours=6),
            venue_name="Сала Скупштине",
            municipality=nis,
            capacity=payload["capacity"],
            registration_closes=start - datetime.timedelta(days=1),
        )
    )
    # Users in bulk (signals do not run): profiles, e-mail addresses and the
    # participant role are added the same way, as complete as a person's
    # after the profile form.
    password = make_password(PASSWORD)
    emails = [f"osoba{i:04d}@example.org" for i in range(payload["users"])]
    users = User.objects.bulk_create(
        [
            User(email=e, first_name="Особа", last_name=f"Број {i}", password=password)
            for i, e in enumerate(emails)
        ]
    )
    system = System.objects.get(key="social_protection")
    institution = Institution.objects.get(name="ЦСР Ниш")
    now = timezone.now()
    Profile.objects.bulk_create(
        [
            Profile(
                user=u,
                gender="female",
                system=system,
                institution=institution,
                municipality=nis,
                job_title="социјална радница",
                completed_at=now,
            )
            for u in users
        ]
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in users
        ]
    )
    group = Group.objects.get(name=PARTICIPANT)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users]
    )
    trainer = User.objects.create_user(
        email="trener-nalet@example.org", password=PASSWORD
    )
    trainer.groups.add(Group.objects.get(name=TRAINER))
    session = session_create(
        user=trainer, title="Квиз у налету", training=training, allow_guests=False
    ).session
    return {
        "emails": emails,
        "training_id": training.pk,
        "register_path": training.url + "registracija/",
        "training_path": training.url,
        "code": session.code,
    }


def role_check(payload: dict) -> dict:
    """What the database holds after the rush."""
    import django

    django.setup()
    from django.db.models import Count

    from events.models import Registration

    rows = Registration.objects.filter(training_id=payload["training_id"])
    by_status = dict(
        rows.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    duplicates = rows.values("user_id").annotate(n=Count("id")).filter(n__gt=1).count()
    return {
        "confirmed": by_status.get("confirmed", 0),
        "waitlisted": by_status.get("waitlisted", 0),
        "registrations": rows.count(),
        "duplicates": duplicates,
    }
