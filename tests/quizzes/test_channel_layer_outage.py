"""The channel layer (Redis) down: a page that changes a live session still
answers; the change is saved and only its broadcast is lost (and logged)."""

import logging

import pytest
from django.urls import reverse

from quizzes.live import services
from quizzes.models import LiveQuestion
from tests.lms.redis_process import free_port


@pytest.fixture
def layer_down(settings):
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": f"redis://127.0.0.1:{free_port()}/0"}]},
        }
    }
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def test_adding_a_question_while_the_channel_layer_is_down_is_saved_not_a_500(
    client, trainer, make_question, make_quiz, layer_down, caplog,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    quiz = make_quiz([make_question("single")])
    session = services.session_create(user=trainer, title="Ниш", quiz=quiz).session
    client.force_login(trainer)

    with (
        caplog.at_level(logging.WARNING),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("quizzes:live_question_add", args=[session.code]),
            {"kind": "single", "text": "Брзо питање?", "options": "*Да\nНе"},
        )

    assert response.status_code == 302
    assert LiveQuestion.objects.filter(session=session, text="Брзо питање?").exists()
    assert any(
        r.levelno >= logging.WARNING and "publish_after_commit" in r.getMessage()
        for r in caplog.records
    )
