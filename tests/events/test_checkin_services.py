from events import services


def register(training, user):
    return services.registration_create(
        training=training, user=user, consent_data=True, consent_chamber=True
    )


def test_checking_in_twice_is_harmless_and_says_so(training, people, trainer):
    registration = register(training, people[0])

    first = services.checkin_record(registration=registration, by=trainer)
    second = services.checkin_record(registration=registration, by=trainer)

    assert first.created is True
    assert second.created is False
    assert second.checked_in_at == first.checked_in_at
    registration.refresh_from_db()
    assert registration.checked_in_by == trainer


def test_a_waitlisted_registration_is_not_checked_in(training, people, trainer):
    for person in people[:3]:
        register(training, person)
    waiting = register(training, people[3])

    try:
        services.checkin_record(registration=waiting, by=trainer)
    except services.RegistrationError:
        pass
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_walk_in_gets_a_minimal_account_and_is_checked_in(training, people, trainer):
    for person in people[:3]:
        register(training, person)  # the training is full

    result = services.walkin_create(
        training=training, first_name="Петар", last_name="Петровић", by=trainer
    )

    registration = result.registration
    assert result.created
    assert registration.source == "walk_in"
    assert registration.status == "confirmed"
    assert registration.user.first_name == "Петар"
    assert not registration.user.has_usable_password()


def test_the_same_walk_in_twice_is_one_registration(training, trainer):
    for _ in range(2):
        result = services.walkin_create(
            training=training,
            first_name="Петар",
            last_name="Петровић",
            email="petar@example.org",
            by=trainer,
        )

    assert training.registrations.count() == 1
    assert result.created is False
