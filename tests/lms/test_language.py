"""Language and script: Cyrillic by default, Latin and English on request."""

import pytest
from django.conf import settings

from lms.text import to_latin
from tests.helpers import CYRILLIC, en, form_values, html_lang, main_text, soup, sr

HOME_TITLE = "Обуке за препознавање трговине људима"
HOME_TITLE_LATIN = "Obuke za prepoznavanje trgovine ljudima"


def choose(client, language, next_url="/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def heading(response) -> str:
    return soup(response).h1.get_text(strip=True)


def test_pages_are_in_cyrillic_even_for_an_english_browser(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert html_lang(response) == "sr-Cyrl"
    assert response["Content-Language"] == "sr"
    assert heading(response) == HOME_TITLE


def test_the_interface_speaks_serbian_by_default(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert CYRILLIC.search(sr("Sign In"))
    assert heading(response) == sr("Sign In")


def test_choosing_latin_sets_the_cookie_and_returns_to_the_page(client, home_page):
    response = choose(client, "sr-latn", next_url="/accounts/login/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "sr-latn"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE


def test_after_choosing_latin_pages_are_in_latin(client, home_page):
    choose(client, "sr-latn")

    response = client.get("/")

    assert html_lang(response) == "sr-Latn"
    assert response["Content-Language"] == "sr-latn"
    assert heading(response) == HOME_TITLE_LATIN
    assert HOME_TITLE not in response.content.decode()
    assert not CYRILLIC.search(main_text(response))


def test_latin_pages_mark_the_chosen_script_in_the_switcher(client, home_page):
    choose(client, "sr-latn")

    switcher = soup(client.get("/")).find("form", class_="language-switcher")

    pressed = switcher.find("button", attrs={"aria-pressed": "true"})
    assert pressed["value"] == "sr-latn"
    # The way back is written in the script it leads to.
    assert switcher.find("button", value="sr").get_text() == "Ћирилица"


def test_latin_pages_keep_what_the_person_typed(client, participant):
    client.force_login(participant)
    choose(client, "sr-latn")

    response = client.get("/profile/")

    values = form_values(response)
    assert values["first_name"] == "Ана"
    assert values["institution_name"] == "ЦСР Ниш"
    district_groups = [g["label"] for g in soup(response).find_all("optgroup")]
    assert "Nišavski upravni okrug" in district_groups
    assert not any(CYRILLIC.search(label) for label in district_groups)
    systems = [o.get_text() for o in soup(response).find(id="id_system")("option")]
    assert "Sistem socijalne zaštite" in systems


def test_latin_applies_to_the_dashboard(client, participant):
    client.force_login(participant)
    choose(client, "sr-latn")

    response = client.get("/dashboard/")

    assert "CSR Niš" in main_text(response)
    assert "ЦСР Ниш" not in main_text(response)


def test_json_is_never_transliterated(client, participant):
    client.force_login(participant)
    choose(client, "sr-latn")

    response = client.get("/api/institutions/", {"q": "CSR Niš"})

    assert "ЦСР Ниш" in [item["name"] for item in response.json()["results"]]


def test_choosing_english(client, home_page):
    choose(client, "en")

    response = client.get("/accounts/login/")

    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"
    assert heading(response) == en("Sign In") == "Sign In"


def test_choosing_cyrillic_again(client, home_page):
    choose(client, "sr-latn")

    choose(client, "sr")
    response = client.get("/")

    assert html_lang(response) == "sr-Cyrl"
    assert heading(response) == HOME_TITLE


@pytest.mark.parametrize("cookie", ["de", "sr-cyrl", ""])
def test_an_unknown_language_cookie_falls_back_to_cyrillic(client, home_page, cookie):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get("/")

    assert html_lang(response) == "sr-Cyrl"
    assert heading(response) == HOME_TITLE


def test_pages_vary_by_cookie_so_caches_keep_the_scripts_apart(client, home_page):
    response = client.get("/")

    assert "Cookie" in response["Vary"]


def test_english_shows_serbian_content_in_latin_letters(client, home_page):
    choose(client, "en")

    response = client.get("/")

    assert html_lang(response) == "en"
    assert heading(response) == to_latin(HOME_TITLE) != HOME_TITLE
