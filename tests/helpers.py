"""Reading responses as a person sees them: text, form values, field errors."""

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def sr(message: str) -> str:
    """``message`` as the Serbian interface shows it (the default language)."""
    with translation.override("sr"):
        return gettext(message)


def sr_fragment(message: str) -> str:
    """The longest literal part of ``message`` in Serbian, without placeholders."""
    parts = re.split(r"%\([a-z_]+\)[sd]|%[sd]", sr(message))
    return max((p.strip() for p in parts), key=len)


def en(message: str) -> str:
    with translation.override("en"):
        return gettext(message)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def squash(text: str) -> str:
    return " ".join(text.split())


def main_text(response) -> str:
    """The text of the page's <main>, with whitespace collapsed."""
    return squash(soup(response).main.get_text(" "))


def html_lang(response) -> str:
    return soup(response).html["lang"]


def field_errors(response, name: str) -> str:
    """The error text shown next to form field ``name`` ("" if none)."""
    errors = soup(response).find(id=f"id_{name}_errors")
    return squash(errors.get_text(" ")) if errors else ""


def form_errors(response) -> str:
    """The errors shown above the form, not tied to one field."""
    errors = soup(response).find(class_="form-errors")
    return squash(errors.get_text(" ")) if errors else ""


def form_values(response) -> dict[str, str]:
    """What the page's form would submit if the person pressed submit now."""
    form = soup(response).main.find("form", method="post")
    values: dict[str, str] = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name:
            continue
        if element.name == "select":
            selected = element.find("option", selected=True)
            values[name] = selected["value"] if selected else ""
        elif element.name == "textarea":
            values[name] = element.get_text()
        elif element.get("type") in {"radio", "checkbox"}:
            if element.has_attr("checked"):
                values[name] = element.get("value", "on")
        elif element.get("type") != "submit":
            values[name] = element.get("value", "")
    return values


def query_param(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None
