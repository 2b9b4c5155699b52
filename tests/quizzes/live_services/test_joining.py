"""Joining a live session: nicknames, accounts, tokens."""

import pytest

from quizzes.live import services
from quizzes.live.services import LiveError
from quizzes.models import LiveParticipant

pytestmark = pytest.mark.django_db


# --- Joining -------------------------------------------------------------------


@pytest.mark.parametrize("second", ["ана", "АНА", "  Ана  ", "Ана", "Ana", "ANA"])
def test_nickname_taken_regardless_of_case(session, second):
    services.participant_join(session=session, nickname="Ана")
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname=second)
    assert error.value.code == "nickname_taken"
    assert LiveParticipant.objects.count() == 1


def test_two_phones_cannot_take_one_nickname_even_at_once(session):
    """The database refuses a second guest with the same nickname key."""
    from django.db import IntegrityError, transaction

    services.participant_join(session=session, nickname="Сунце")
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveParticipant.objects.create(
            session=session, nickname="Sunce", nickname_key="sunce"
        )


def test_nickname_taken_in_latin_too(session):
    services.participant_join(session=session, nickname="Marko")
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname="marko")
    assert error.value.code == "nickname_taken"


@pytest.mark.parametrize("nickname", ["", "   ", "!!!"])
def test_nickname_required(session, nickname):
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname=nickname)
    assert error.value.code == "nickname_required"


def test_guests_not_allowed_must_log_in(session, participant):
    session.allow_guests = False
    session.save()
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname="Гост")
    assert error.value.code == "login_required"
    # A registrant joins without a nickname.
    joined = services.participant_join(session=session, user=participant)
    assert joined.user == participant and joined.nickname == "Ана А."


def test_the_same_account_gets_the_same_participant(session, participant):
    first = services.participant_join(session=session, user=participant)
    second = services.participant_join(
        session=session, user=participant, nickname="Друго"
    )
    assert first.pk == second.pk
    assert LiveParticipant.objects.filter(session=session).count() == 1


def test_the_token_restores_the_participant(session, trainer):
    guest = services.participant_join(session=session, nickname="Сунце")
    again = services.participant_join(session=session, token=guest.token)
    assert again.pk == guest.pk
    # A token of another session, or a made-up one, does not.
    other = services.session_create(user=trainer, title="Друга").session
    with pytest.raises(LiveError) as error:
        services.participant_join(session=other, token=guest.token)
    assert error.value.code == "nickname_required"
    fresh = services.participant_join(
        session=session, token="izmisljen", nickname="Месец"
    )
    assert fresh.pk != guest.pk


def test_a_guests_token_does_not_open_an_account(session, participant):
    """A registrant's token used by someone else does not give their place."""
    registrant = services.participant_join(session=session, user=participant)
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, token=registrant.token)
    assert error.value.code == "nickname_required"


def test_no_one_new_joins_a_finished_session(session):
    services.session_control(
        session_id=session.pk, user=session.created_by, action="finish"
    )
    session.refresh_from_db()
    with pytest.raises(LiveError) as error:
        services.participant_join(session=session, nickname="Касни")
    assert error.value.code == "finished"
