"""The participant profile: validation, institutions, and being asked for it once."""

import pytest

from lms.models import Institution, Profile
from tests.helpers import field_errors, form_values, query_param, sr


def save_profile(client, data, **changes):
    return client.post("/profile/", {**data, **changes})


def profile_of(user) -> Profile:
    return Profile.objects.get(user=user)


def test_the_form_starts_with_the_names_given_at_sign_up(client, make_user):
    client.force_login(make_user(first_name="Ана", last_name="Анић", complete=False))

    values = form_values(client.get("/profile/"))

    assert values["first_name"] == "Ана"
    assert values["last_name"] == "Анић"
    assert values["preferred_script"] == "cyrl"


@pytest.mark.parametrize("licence", ["abc", "12", "12-ab", "1234567890123"])
def test_a_malformed_licence_number_is_refused_and_the_rest_is_kept(
    newcomer_client, newcomer, profile_form_data, licence
):
    response = save_profile(newcomer_client, profile_form_data, licence_number=licence)

    assert response.status_code == 200
    assert field_errors(response, "licence_number") == sr(
        "Enter the licence number as on your Chamber of Social Protection "
        "licence: digits only, optionally in groups separated by - or / "
        "(for example 12345 or 01-2345)."
    )
    kept = form_values(response)
    assert kept["licence_number"] == licence
    for field, value in profile_form_data.items():
        if field != "licence_number":
            assert kept[field] == str(value), field
    assert not profile_of(newcomer).is_complete


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("01-2345", "01-2345"), ("12345", "12345"), (" 1234 / 2019 ", "1234/2019")],
)
def test_a_valid_licence_number_is_saved_normalised(
    newcomer_client, newcomer, profile_form_data, typed, saved
):
    response = save_profile(newcomer_client, profile_form_data, licence_number=typed)

    assert response.status_code == 302
    assert profile_of(newcomer).licence_number == saved


def test_an_unknown_municipality_is_refused(
    newcomer_client, newcomer, profile_form_data
):
    response = save_profile(newcomer_client, profile_form_data, municipality="999999")

    assert response.status_code == 200
    assert field_errors(response, "municipality")
    assert not profile_of(newcomer).is_complete


def test_an_over_long_first_name_is_a_form_error_not_a_server_error(
    newcomer_client, newcomer, profile_form_data
):
    response = save_profile(newcomer_client, profile_form_data, first_name="Ж" * 151)

    assert response.status_code == 200
    assert field_errors(response, "first_name")
    assert form_values(response)["first_name"] == "Ж" * 151
    newcomer.refresh_from_db()
    assert newcomer.first_name == ""


@pytest.mark.parametrize("field", ["gender", "system", "institution_name", "job_title"])
def test_the_required_fields_are_required(
    newcomer_client, newcomer, profile_form_data, field
):
    response = save_profile(newcomer_client, profile_form_data, **{field: ""})

    assert response.status_code == 200
    assert field_errors(response, field)
    assert not profile_of(newcomer).is_complete


def test_a_new_institution_typed_in_waits_for_confirmation(
    newcomer_client, newcomer, profile_form_data, nis
):
    assert not Institution.objects.filter(name="Удружење Светионик Ниш").exists()

    save_profile(
        newcomer_client,
        profile_form_data,
        institution_name="  Удружење  Светионик Ниш ",
    )

    institution = profile_of(newcomer).institution
    assert institution.name == "Удружење Светионик Ниш"
    assert not institution.confirmed
    assert institution.system.key == "social_protection"
    assert institution.municipality == nis


@pytest.mark.parametrize("typed", ["CSR Niš", "csr nis", "ЦSR Ниш", "ЦСР  НИШ"])
def test_an_existing_institution_is_found_in_either_script(
    newcomer_client, newcomer, profile_form_data, typed
):
    existing = Institution.objects.get(name="ЦСР Ниш")
    count = Institution.objects.count()

    save_profile(newcomer_client, profile_form_data, institution_name=typed)

    assert profile_of(newcomer).institution == existing
    assert Institution.objects.count() == count


def test_saving_again_keeps_the_profile_complete_since_the_first_time(
    participant_client, participant, profile_form_data
):
    completed_at = profile_of(participant).completed_at

    response = save_profile(participant_client, profile_form_data, job_title="судија")

    assert response.status_code == 302
    profile = profile_of(participant)
    assert profile.job_title == "судија"
    assert profile.completed_at == completed_at


def test_after_saving_the_person_returns_where_they_were_going(
    newcomer_client, profile_form_data
):
    response = save_profile(
        newcomer_client, profile_form_data, next="/dashboard/?tab=courses"
    )

    assert response["Location"] == "/dashboard/?tab=courses"


def test_a_next_address_on_another_site_is_ignored(newcomer_client, profile_form_data):
    response = save_profile(
        newcomer_client, profile_form_data, next="https://phishing.example/"
    )

    assert response["Location"] == "/dashboard/"


@pytest.mark.parametrize("path", ["/dashboard/", "/", "/dashboard/?tab=a&page=2"])
def test_a_person_without_a_profile_is_asked_for_it_first(newcomer_client, path):
    response = newcomer_client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/profile/?")
    assert query_param(response["Location"], "next") == path


def test_the_profile_page_remembers_where_the_person_was_going(newcomer_client):
    response = newcomer_client.get("/dashboard/?tab=a&page=2", follow=True)

    assert form_values(response)["next"] == "/dashboard/?tab=a&page=2"


@pytest.mark.parametrize("path", ["/profile/", "/account/data/", "/healthz"])
def test_pages_needed_before_the_profile_are_not_redirected(newcomer_client, path):
    assert newcomer_client.get(path).status_code == 200


def test_the_outbox_is_not_redirected_to_the_profile(newcomer_client):
    # Not for participants (403), but no detour through the profile either.
    assert newcomer_client.get("/dev/outbox/").status_code == 403


def test_a_person_with_a_profile_is_not_redirected(participant_client):
    assert participant_client.get("/dashboard/").status_code == 200


def test_people_who_are_not_logged_in_are_not_asked_for_a_profile(client, home_page):
    assert client.get("/").status_code == 200
