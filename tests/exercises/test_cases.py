"""Case studies: feedback against the expert's answer, attempts, statistics."""

from exercises import services
from exercises.models import CaseAttempt, Indicator


def _by_code(case, *codes):
    return list(
        Indicator.objects.filter(indicator_set=case.indicator_set, code__in=codes)
    )


def test_feedback_names_found_missed_and_wrongly_marked(case):
    marked = _by_code(case, "sp-k1", "sp-e1", "sp-k3", "sp-v8")
    recommended = case.case_steps.get(step__key="report_centre")
    confront = case.case_steps.get(step__key="confront")
    feedback = services.case_feedback(
        case=case, indicators=marked, step_ids=[recommended.pk, confront.pk]
    )
    found = {i.code for i, _note in feedback.found}
    missed = {i.code for i, _note in feedback.missed}
    wrong = {i.code: note for i, note in feedback.wrong}
    assert found == {"sp-k1", "sp-e1"}
    assert missed == {"sp-d3", "sp-v5", "sp-e5", "sp-e6", "sp-k2"}
    assert set(wrong) == {"sp-k3", "sp-v8"}
    assert "нису закључани" in wrong["sp-k3"]  # the expert's note on a tempting one
    assert wrong["sp-v8"] == ""
    assert feedback.result.level == "elevated"
    assert feedback.expected_level == "high"
    assert not feedback.level_matches
    assert feedback.steps_right == [recommended]
    assert feedback.steps_wrong == [confront]
    assert {r.step.key for r in feedback.steps_missed} == {
        "safe_talk",
        "labour_inspection",
        "inform_police",
    }


def test_the_experts_own_marks_reach_the_experts_level(demo_content):
    for case in demo_content:
        present = [r.indicator for r in case.case_indicators.filter(kind="present")]
        feedback = services.case_feedback(case=case, indicators=present, step_ids=[])
        assert feedback.missed == [] and feedback.wrong == []
        assert feedback.level_matches, case.slug


def test_a_trainee_answers_a_case_and_gets_explained_feedback(
    client, participant, case
):
    client.force_login(participant)
    page = client.get(case.url).content.decode()
    assert "Први контакт" in page or "First contact" in page
    assert case.story[0].value["text"][:30] in page
    marked = _by_code(case, "sp-k1", "sp-e1", "sp-k3")
    step = case.case_steps.get(step__key="safe_talk")
    response = client.post(
        case.url,
        {"age_group": "adult", "indicator": [i.pk for i in marked], "step": [step.pk]},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Пасоше држи шеф." in content  # where the found indicator shows
    assert "Платили су агенцији" in content  # a missed one, with its note
    assert "нису закључани" in content  # why the tempting one is wrong
    assert "Разговор насамо" in content  # the reason for the chosen step
    attempt = CaseAttempt.objects.get()
    assert attempt.user == participant
    assert attempt.indicator_ids == sorted(i.pk for i in marked)
    assert len(attempt.missed_ids) == 5
    assert attempt.level == "elevated" and attempt.expected_level == "high"
    mine = client.get("/moja-vezbanja/").content.decode()
    assert case.title in mine


def test_no_speed_and_no_leaderboard(client, case):
    content = client.get(case.url).content.decode().lower()
    assert "leaderboard" not in content and "ранг" not in content.replace(
        "ранг листе", ""
    )


def test_missed_indicators_are_shown_to_staff_and_trainers_without_names(
    client, make_user, participant, staff_user, trainer, case
):
    client.force_login(participant)
    marked = _by_code(case, "sp-k1")
    client.post(case.url, {"age_group": "adult", "indicator": [i.pk for i in marked]})
    client.logout()
    for user in (staff_user, trainer):
        client.force_login(user)
        response = client.get("/studije-slucaja-statistika/")
        content = response.content.decode()
        assert response.status_code == 200
        assert "data-missed-table" in content
        assert "Страни радник не говори језик" in content  # sp-v5, missed once
        assert participant.last_name not in content
        assert participant.email not in content


def test_statistics_are_forbidden_to_participants(client, participant, case):
    client.force_login(participant)
    assert client.get("/studije-slucaja-statistika/").status_code == 403
    client.logout()
    assert client.get("/studije-slucaja-statistika/").status_code == 302
