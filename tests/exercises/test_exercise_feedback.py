"""The four exercises: feedback logic, answers through the page, results."""

import pytest
from django.utils.datastructures import MultiValueDict

from exercises import feedback
from exercises.blocks import (
    DetectiveMysteryBlock,
    InstitutionBallBlock,
    OneDayBlock,
    OpenQuestionsBlock,
)
from exercises.models import ExercisePage, ExerciseResponse, ExerciseRun


def form(**fields):
    return MultiValueDict(
        {k: v if isinstance(v, list) else [v] for k, v in fields.items()}
    )


def test_detective_reveals_found_missed_and_false_alarms():
    value = DetectiveMysteryBlock().to_python(
        DetectiveMysteryBlock().meta.preview_value
    )
    value["passages"].append(value["passages"][1])  # a second sign
    shown, result = feedback.detective_feedback(value, form(passage=["0", "1", "9"]))
    assert [i["status"] for i in shown["items"]] == ["false_alarm", "found", "missed"]
    assert result == {"found": [1], "missed": [2], "false_alarm": [0], "signs": 2}
    rows = feedback.detective_summary(value, [result, result])
    assert rows[2]["missed"] == 2 and rows[1]["found"] == 2


@pytest.mark.parametrize(
    ("question", "issues"),
    [
        ("Како изгледа један ваш радни дан?", []),
        ("Реците ми нешто о послу.", []),
        ("Где се сада налазе ваша документа?", []),
        ("Kako ste došli u Srbiju?", []),  # Latin script is read too
        ("Да ли вас је газда тукао?", ["yes_no"]),
        ("Имате ли пасош?", ["yes_no"]),
        ("Радили сте по 12 сати, зар не?", ["leading"]),
        ("Зашто нисте раније отишли у полицију?", ["blaming"]),
        ("Како сте могли да им верујете?", ["blaming"]),
        ("Шта сте радили? Ко вас је довео?", ["several"]),
        ("Газда вас је тукао.", ["not_open"]),
        ("   ", ["empty"]),
    ],
)
def test_question_rules(question, issues):
    assert feedback.question_issues(question) == issues


def test_questions_feedback_gives_model_answers_and_stores_no_text():
    value = OpenQuestionsBlock().to_python(OpenQuestionsBlock().meta.preview_value)
    shown, result = feedback.questions_feedback(
        value, form(**{"question-0": "Да ли сте били повређени?"})
    )
    assert shown["items"][0]["issues"] == ["yes_no"]
    assert shown["items"][0]["models"] == ["Како је изгледао један ваш радни дан?"]
    assert result == {"issues": [["yes_no"]], "good": 0}
    assert "повређени" not in str(result)


BALL = {
    "title": "Клупко",
    "case_text": "Дечак проси.",
    "institutions": ["ЦЗЖТЉ", "ЦСР", "Полиција", "Школа"],
    "tasks": [
        {"task": "Идентификација", "responsible": ["ЦЗЖТЉ"], "explanation": "."},
        {"task": "Збрињавање", "responsible": ["ЦСР"], "explanation": "."},
        {"task": "Упис у школу", "responsible": ["Школа", "ЦСР"], "explanation": "."},
    ],
    "steps": [
        {"text": "Пријава", "explanation": ""},
        {"text": "Збрињавање", "explanation": ""},
        {"text": "Конференција случаја", "explanation": ""},
    ],
}


def test_ball_names_gaps_overlaps_and_misplaced_steps():
    value = InstitutionBallBlock().to_python(BALL)
    data = form(
        **{
            "task-0": ["1"],  # ЦСР instead of the Centre: a gap and an overlap
            "task-1": ["1"],
            "task-2": ["3", "2"],  # school right, ЦСР missing, police overlaps
            "step-0": "2",
            "step-1": "1",
            "step-2": "3",
        }
    )
    shown, result = feedback.ball_feedback(value, data)
    assert shown["tasks"][0]["gaps"] == ["ЦЗЖТЉ"]
    assert shown["tasks"][0]["overlaps"] == ["ЦСР"]
    assert shown["tasks"][1]["right"]
    assert shown["tasks"][2]["gaps"] == ["ЦСР"]
    assert shown["tasks"][2]["overlaps"] == ["Полиција"]
    assert shown["untaken"] == ["ЦЗЖТЉ"]
    assert result["misplaced"] == [0, 1]
    assert not shown["all_right"]
    right = form(**{"task-0": "0", "task-1": "1", "task-2": ["1", "3"]})
    right.update({"step-0": "1", "step-1": "2", "step-2": "3"})
    assert feedback.ball_feedback(value, right)[0]["all_right"]


def test_unanswered_steps_go_last():
    assert feedback.step_order(form(**{"step-2": "1"}), 3) == [1, 2, 0]


def test_one_day_branches_with_feedback():
    value = OneDayBlock().to_python(
        {
            "title": "Један дан",
            "intro": "",
            "nodes": [
                {
                    "key": "start",
                    "situation": "Жена ћути.",
                    "choices": [
                        {
                            "text": "А",
                            "quality": "good",
                            "feedback": "Добро.",
                            "next": "two",
                        },
                        {
                            "text": "Б",
                            "quality": "harmful",
                            "feedback": "Лоше.",
                            "next": "",
                        },
                    ],
                },
                {"key": "two", "situation": "Жена говори.", "choices": []},
            ],
        }
    )
    shown, result = feedback.one_day_feedback(value, form(node="start", choice="0"))
    assert shown["next"]["key"] == "two" and shown["ended"]
    assert result == {"node": "start", "choice": 0, "quality": "good"}
    shown, _result = feedback.one_day_feedback(value, form(node="start", choice="1"))
    assert shown["choice"]["feedback"] == "Лоше." and shown["ended"]
    shown, result = feedback.one_day_feedback(value, form(node="start", choice="7"))
    assert shown["choice"] is None and result == {}


@pytest.fixture
def detective_page(demo_content):
    page = ExercisePage.objects.get(slug="detektivska-misterija")
    return page, page.body[0]


def test_a_learner_answers_an_exercise_on_its_page(client, participant, detective_page):
    page, block = detective_page
    client.force_login(participant)
    content = client.get(page.url).content.decode()
    assert f"/vezbe/odgovor/{page.pk}/{block.id}/" in content
    response = client.post(
        f"/vezbe/odgovor/{page.pk}/{block.id}/", {"passage": ["1", "4"]}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Неко други држи документе особе" in content  # found, explained
    assert "Повреде различите старости" in content  # missed, explained
    assert "Стереотипи" in content  # a false alarm, explained
    stored = ExerciseResponse.objects.get()
    assert stored.kind == "detective" and stored.result["found"] == [1]


def test_every_demo_exercise_answers(client, demo_content):
    for page in ExercisePage.objects.all():
        block = page.body[0]
        response = client.post(f"/vezbe/odgovor/{page.pk}/{block.id}/", {"choice": "0"})
        assert response.status_code == 200, page.slug


def test_a_trainer_runs_an_exercise_live_and_sees_results_without_names(
    client, trainer, participant, detective_page
):
    page, block = detective_page
    client.force_login(trainer)
    response = client.post(f"/vezbe/uzivo/{page.pk}/{block.id}/")
    run = ExerciseRun.objects.get()
    assert response.url.endswith(f"?run={run.code}")
    client.force_login(participant)
    assert run.code in client.get(f"{page.url}?run={run.code}").content.decode()
    client.post(
        f"/vezbe/odgovor/{page.pk}/{block.id}/", {"passage": ["1"], "run": run.code}
    )
    assert ExerciseResponse.objects.get().run == run
    assert client.get(response.url).status_code == 403
    client.force_login(trainer)
    content = client.get(response.url).content.decode()
    assert "1 answer" in content or "1 одговор" in content
    assert participant.email not in content and participant.last_name not in content
    client.post(f"/vezbe/uzivo/{run.code}/kraj/")
    run.refresh_from_db()
    assert run.closed_at is not None
    client.force_login(participant)
    client.post(
        f"/vezbe/odgovor/{page.pk}/{block.id}/", {"passage": ["1"], "run": run.code}
    )
    assert ExerciseResponse.objects.filter(run=run).count() == 1


def test_unknown_blocks_are_404(client, detective_page):
    page, _block = detective_page
    assert client.post(f"/vezbe/odgovor/{page.pk}/nema/", {}).status_code == 404


def test_the_live_one_day_summary_shows_the_quality_in_serbian():
    from exercises.feedback import one_day_summary
    from tests.helpers import sr

    value = {
        "nodes": [
            {
                "key": "start",
                "choices": [
                    {"text": "Добар дан", "quality": "good"},
                    {"text": "Зашто ниси рекла?", "quality": "harmful"},
                ],
            }
        ]
    }

    rows = one_day_summary(value, [{"node": "start", "choice": 1}])

    assert [str(r["quality_label"]) for r in rows] == [
        sr("trauma-informed"),
        sr("may cause harm"),
    ]
    assert [r["count"] for r in rows] == [0, 1]


def test_a_run_whose_code_is_only_digits_can_be_closed(client, trainer, detective_page):
    page, block = detective_page
    run = ExerciseRun.objects.create(
        page=page, block_id=block.id, code="031842", started_by=trainer
    )
    client.force_login(trainer)
    response = client.post(f"/vezbe/uzivo/{run.code}/kraj/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.closed_at is not None


def test_participants_join_a_live_run_by_typing_its_code(
    client, trainer, participant, detective_page
):
    page, block = detective_page
    client.force_login(trainer)
    results = client.post(f"/vezbe/uzivo/{page.pk}/{block.id}/").url
    run = ExerciseRun.objects.get()
    content = client.get(results).content.decode()
    assert "<svg" in content and "/vezbe/kod/" in content  # QR code for the room

    client.force_login(participant)
    response = client.get("/vezbe/kod/", {"code": f" {run.code.upper()} "})
    assert response.url == f"{page.url}?run={run.code}#block-{block.id}"
    wrong = client.get("/vezbe/kod/", {"code": "nema"}).content.decode()
    assert "data-join-error" in wrong
    client.force_login(trainer)
    client.post(f"/vezbe/uzivo/{run.code}/kraj/")
    closed = client.get("/vezbe/kod/", {"code": run.code})
    assert closed.status_code == 200 and "data-join-error" in closed.content.decode()
