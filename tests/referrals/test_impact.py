"""The impact figures reproduce the report from the demo, with small counts hidden
from everyone outside the Centre."""

import io
import json

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from lms.models import User
from referrals.models import Referral
from referrals.stats import suppress


def impact_stats(*args) -> dict:
    out = io.StringIO()
    call_command("impact_stats", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_demo_reproduces_the_reports_referral_figures(demo, client, make_user):
    figures = impact_stats("--from", "2025-03-27", "--to", "2026-01-15")

    assert figures["referrals_from_trained"] == 54
    assert figures["by_municipality"]["Зрењанин"] == 9
    assert figures["by_municipality"]["Прокупље"] == 2
    assert figures["by_municipality"]["Ужице"] == 1
    assert figures["by_system"]["kirs"] == 7
    identified = figures["identified"]
    assert (identified["total"], identified["children"], identified["adults"]) == (
        11,
        8,
        3,
    )
    assert (identified["men"], identified["women"]) == (5, 6)
    assert figures["referrals"] == figures["referrals_from_trained"] + 20
    assert not Referral.objects.filter(invented=False).exists()

    # Zrenjanin: more after the training than in the three years before together.
    before = impact_stats("--from", "2022-11-20", "--to", "2025-11-19")
    assert before["by_municipality"].get("Зрењанин", 0) < 9
    before_prokuplje = impact_stats("--from", "2022-04-02", "--to", "2025-04-01")
    assert "Прокупље" not in before_prokuplje["by_municipality"]
    with_trainings = impact_stats(
        "--from", "2025-03-27", "--to", "2026-01-15", "--trainings"
    )
    new_towns = {t["municipality"] for t in with_trainings["new_towns"]}
    assert {"Прокупље", "Кикинда"} <= new_towns
    assert "Зрењанин" not in new_towns


def test_the_chamber_sees_small_counts_suppressed_and_the_centre_exact_ones(
    demo, client
):
    chamber_user = User.objects.get(email="komora@example.org")
    staff_user = User.objects.get(email="urednica@example.org")
    url = reverse("referrals:impact") + "?start=2025-03-27&end=2026-01-15"

    client.force_login(chamber_user)
    response = client.get(url)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["by_municipality"]["Прокупље"] == "< 3"
    assert figures["by_municipality"]["Ужице"] == "< 3"
    assert figures["by_municipality"]["Зрењанин"] == 9
    assert figures["referrals_from_trained"] == 54
    assert "&lt; 3" in response.content.decode()
    assert figures["by_institution"] == {}
    workbook = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content))
    rows = dict(workbook["by_municipality"].iter_rows(values_only=True))
    assert rows["Ужице"] == "< 3"

    client.force_login(staff_user)
    figures = client.get(url).context["figures"]
    assert figures["by_municipality"]["Прокупље"] == 2
    assert figures["by_municipality"]["Ужице"] == 1


def test_trainers_and_participants_see_no_impact_page(client, trainer, participant):
    for user in (trainer, participant):
        client.force_login(user)
        assert client.get(reverse("referrals:impact")).status_code == 403


def test_suppression_hides_one_and_two_but_not_zero_or_three():
    assert suppress({"a": 0, "b": 1, "c": 2, "d": 3, "e": {"f": [2]}}) == {
        "a": 0,
        "b": "< 3",
        "c": "< 3",
        "d": 3,
        "e": {"f": ["< 3"]},
    }


def test_the_pdf_export_shows_the_same_suppressed_counts(demo, client):
    from pypdf import PdfReader

    client.force_login(User.objects.get(email="komora@example.org"))
    url = reverse("referrals:impact") + "?start=2025-03-27&end=2026-01-15&format=pdf"

    response = client.get(url)

    assert response.content.startswith(b"%PDF-")
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Ужице" in text
    assert "< 3" in text
