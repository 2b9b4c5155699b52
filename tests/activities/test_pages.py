"""The activities' pages: starting, joining by code, control, projector, export."""

import csv
import io

import pytest
from django.urls import reverse

from activities import services
from activities.models import ActivityRun, RunState


def test_a_trainer_starts_a_run_and_lands_on_its_control(
    client, trainer, balloons_content
):
    client.force_login(trainer)
    response = client.post(
        reverse("activities:list"),
        {
            "content": balloons_content.pk,
            "moderated": "on",
            "chain_order": "random",
            "read_seconds": 20,
            "write_seconds": 120,
        },
    )
    run = ActivityRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:control", args=[run.code])
    assert run.owner == trainer and run.kind == "balloons" and run.moderated
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert run.screen_key in page.content.decode()


def test_the_rooms_join_page_finds_an_open_run_by_its_code(
    client, make_run, balloons_content
):
    run = make_run(balloons_content)
    response = client.get(reverse("quizzes:live_join"), {"kod": run.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:play", args=[run.code])
    assert client.get(response["Location"]).status_code == 200
    services.run_close(run_id=run.pk)
    response = client.get(reverse("quizzes:live_join"), {"kod": run.code})
    assert response.status_code == 200  # closed: the code leads nowhere


def test_participants_may_not_control_or_export(
    client, participant, make_run, balloons_content
):
    run = make_run(balloons_content)
    client.force_login(participant)
    for name in ("control", "export", "screen"):
        assert (
            client.get(reverse(f"activities:{name}", args=[run.code])).status_code
            == 403
        )
    assert client.get(reverse("activities:list")).status_code == 403


def test_the_projector_opens_with_its_key_without_a_login(
    client, make_run, balloons_content
):
    run = make_run(balloons_content)
    url = reverse("activities:screen", args=[run.code])
    assert client.get(url).status_code == 302
    assert client.get(url, {"kljuc": run.screen_key}).status_code == 200


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_balloons_export_has_words_and_counts_only(
    client, trainer, make_run, balloons_content
):
    run = make_run(balloons_content, moderated=False)
    services.run_start(run_id=run.pk)
    items = [services.BalloonItem(run.pk, *services.balloon_clean(w)) for w in
             ("страх", "Strah", "стид")]  # fmt: skip
    services.balloons_store(items)
    client.force_login(trainer)
    url = reverse("activities:export", args=[run.code])
    assert _csv(client.get(url))[1:] == [["страх", "2"], ["стид", "1"]]
    services.run_close(run_id=run.pk)
    # Closed without saving the list: the words are gone for good.
    assert _csv(client.get(url))[1:] == []


def test_the_telephone_export_has_the_chain(
    client, trainer, make_run, telephone_content
):
    from activities.models import ChainLink, ChainPhone

    run = make_run(telephone_content)
    phone = ChainPhone.objects.create(run=run)
    ChainLink.objects.create(run=run, phone=phone, position=0, status="done",
                             text="Прва верзија")  # fmt: skip
    ChainLink.objects.create(run=run, phone=None, position=1, status="skipped")
    client.force_login(trainer)
    rows = _csv(client.get(reverse("activities:export", args=[run.code])))
    assert [row[2] for row in rows[1:]] == [
        telephone_content.case_text,
        "Прва верзија",
        "",
    ]


@pytest.mark.django_db
def test_a_run_closed_twice_stays_closed(make_run, telephone_content):
    run = make_run(telephone_content)
    services.run_close(run_id=run.pk)
    closed = services.run_close(run_id=run.pk)
    assert closed.state == RunState.CLOSED and closed.closed_at is not None


def test_a_trainers_page_lists_their_runs(client, trainer, participant, make_run,
                                          balloons_content):  # fmt: skip
    run = make_run(balloons_content)
    client.force_login(trainer)
    page = client.get(reverse("dashboard")).content.decode()
    assert run.code in page and reverse("activities:control", args=[run.code]) in page
    client.force_login(participant)
    assert run.code not in client.get(reverse("dashboard")).content.decode()
