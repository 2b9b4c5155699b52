"""Staff confirm and merge institutions that participants typed in."""

from lms import services
from lms.models import Institution


def _bulk_url(action, *institutions):
    ids = "&".join(f"id={i.pk}" for i in institutions)
    return f"/admin/bulk/lms/institution/{action}/?next=/admin/&{ids}"


def test_a_typed_in_institution_waits_for_staff_and_can_be_confirmed(
    client, staff_user
):
    typed = services.institution_resolve(name="Дом  здравља   Нигдина")
    assert typed.name == "Дом здравља Нигдина"
    assert typed.confirmed is False
    client.force_login(staff_user)

    response = client.post(_bulk_url("confirm", typed))

    assert response.status_code == 302
    typed.refresh_from_db()
    assert typed.confirmed is True


def test_merging_moves_everyone_to_the_target_and_deletes_the_duplicates(
    client, staff_user, make_user
):
    target = Institution.objects.get(name="ЦСР Ниш")
    duplicate = services.institution_resolve(name="Центар за соц. рад у Нишу")
    person = make_user(email="dup@example.org", institution=duplicate)
    client.force_login(staff_user)

    response = client.post(_bulk_url("merge", duplicate), {"target": target.pk})

    assert response.status_code == 302
    assert not Institution.objects.filter(pk=duplicate.pk).exists()
    person.profile.refresh_from_db()
    assert person.profile.institution == target


def test_a_participant_cannot_merge_institutions(client, participant):
    duplicate = services.institution_resolve(name="Непозната установа")
    client.force_login(participant)

    response = client.post(
        _bulk_url("merge", duplicate),
        {"target": Institution.objects.get(name="ЦСР Ниш").pk},
    )

    assert response.status_code in (302, 403)
    assert Institution.objects.filter(pk=duplicate.pk).exists()


def test_the_reference_data_is_complete(db):
    from lms.models import District, Municipality, System

    assert District.objects.count() == 25
    assert Municipality.objects.local_self_government_units().count() == 145
    assert System.objects.count() == 13
    assert Institution.objects.confirmed().count() >= 390
    novi_sad = Municipality.objects.get(name="Сремска Каменица")
    assert novi_sad.district.name == "Јужнобачки управни округ"
    assert novi_sad.parent.name == "Нови Сад"


def test_a_very_long_institution_name_in_cyrillic_fits(db):
    name = ("Љубљанска Њива Џамија Ђурђевак " * 9)[:255]

    institution = services.institution_resolve(name=name)

    institution.refresh_from_db()
    assert institution.search_key.startswith("ljubljanska njiva dzamija djurdjevak")
