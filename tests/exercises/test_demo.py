import io

from django.core.management import call_command

from events.models import TrainingPage
from exercises.models import CaseStudyPage, ExercisePage, Indicator, IndicatorSet


def test_demo_loads_indicators_and_case_studies_idempotently(db, client):
    for _ in range(2):
        call_command("load_demo", stdout=io.StringIO())

    social = IndicatorSet.objects.get(slug="socijalna-zastita")
    health = IndicatorSet.objects.get(slug="zdravstvo")
    assert social.indicators.count() >= 40
    assert health.indicators.count() >= 30
    assert Indicator.objects.filter(for_children=True).exists()
    assert {i.dimension.key for i in Indicator.objects.select_related("dimension")} == {
        "deception",
        "coercion",
        "vulnerability",
        "exploitation",
        "control",
        "health",
    }
    assert {i.strength for i in Indicator.objects.all()} == {"strong", "medium", "weak"}

    cases = CaseStudyPage.objects.live().select_related("sector", "exploitation_form")
    assert cases.count() >= 10
    assert {c.sector.key for c in cases} >= {
        "social_protection",
        "health",
        "education",
        "police",
        "local_government",
    }
    assert {c.age_group for c in cases} == {"adult", "child"}
    assert {c.gender for c in cases} == {"female", "male"}
    assert {c.citizenship for c in cases} == {"serbian", "foreign"}
    forms = {c.exploitation_form.key for c in cases if c.exploitation_form}
    assert forms >= {"sexual", "labour", "marriage", "begging", "criminality"}
    no_trafficking = [c for c in cases if c.exploitation_form is None]
    assert len(no_trafficking) >= 2
    assert all(c.expected_level != "high" for c in no_trafficking)
    for case in cases:
        assert case.case_indicators.filter(kind="present").exists()
        assert case.case_steps.filter(recommended=True).exists()
        assert client.get(case.url).status_code == 200

    assert ExercisePage.objects.count() == 6
    kinds = {page.body[0].block_type for page in ExercisePage.objects.all()}
    assert kinds == {
        "detective_mystery",
        "open_questions",
        "institution_ball",
        "one_day",
        "video_spotting",
    }
    # The upcoming trainings' programmes link the live video spotting, once.
    spotting = ExercisePage.objects.get(slug="indikatori-na-snimku")
    link = f'id="{spotting.pk}"'
    upcoming = TrainingPage.objects.filter(slug__endswith="-nova")
    assert upcoming.exists()
    for training in upcoming:
        assert str(training.programme.raw_data).count(link) == 1
