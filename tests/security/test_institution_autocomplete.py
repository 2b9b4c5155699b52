"""Issue 13.9: the public autocomplete suggests only reviewed institutions."""

from lms import services
from lms.models import Institution
from lms.reference_data import _read


def suggestions(client, query: str) -> list[str]:
    response = client.get("/api/institutions/", {"q": query})
    assert response.status_code == 200
    return [item["name"] for item in response.json()["results"]]


def test_a_planted_name_is_not_suggested_to_visitors(client, db):
    services.institution_resolve(name="Центар Купите јефтине лекове")

    assert suggestions(client, "Центар Купите") == []
    assert "ЦСР Ниш" in suggestions(client, "ЦСР Ниш")


def test_a_planted_name_is_not_suggested_to_other_participants(
    client, participant, make_user
):
    planted = services.institution_resolve(name="Центар Купите јефтине лекове")
    make_user(email="autor@example.org", institution=planted)
    client.force_login(participant)

    assert suggestions(client, "Купите") == []


def test_the_author_still_sees_the_institution_they_typed(client, make_user):
    typed = services.institution_resolve(name="Дом здравља Нигдина")
    author = make_user(email="autor@example.org", institution=typed)
    client.force_login(author)

    assert suggestions(client, "Нигдина") == ["Дом здравља Нигдина"]
    page = client.get("/profile/")
    assert "Дом здравља Нигдина" in page.content.decode()


def test_once_staff_confirm_it_everyone_is_offered_it(client, staff_user):
    typed = services.institution_resolve(name="Дом здравља Нигдина")
    client.force_login(staff_user)
    client.post(
        f"/admin/bulk/lms/institution/confirm/?next=/admin/&id={typed.pk}",
    )
    client.logout()

    assert suggestions(client, "Нигдина") == ["Дом здравља Нигдина"]


def test_the_reference_list_is_reviewed(db):
    names = [item["name"] for item in _read("institutions-2025.json")]

    assert Institution.objects.filter(name__in=names, confirmed=False).count() == 0
    assert Institution.objects.filter(name__in=names).count() == len(set(names))


def test_staff_find_the_institutions_waiting_for_review_in_the_admin(
    client, staff_user
):
    services.institution_resolve(name="Дом здравља Нигдина")
    client.force_login(staff_user)

    response = client.get("/admin/snippets/lms/institution/", {"confirmed": "false"})

    assert response.status_code == 200
    assert "Дом здравља Нигдина" in response.content.decode()
    assert "ЦСР Ниш" not in response.content.decode()
