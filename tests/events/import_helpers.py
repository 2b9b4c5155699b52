"""Driving the two-step import (upload → preview → confirm) as staff do."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

UNREADABLE_MESSAGE = (
    "The file could not be read. Use CSV (UTF-8, Windows-1250 or Windows-1251; "
    "comma, semicolon or tab) or XLSX, with the column names in the first row."
)


def preview(client, training, name, data):
    return client.post(
        reverse("events:registration_import", args=[training.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def confirm_url(response) -> str | None:
    found = re.search(r'action="([^"]+/potvrda/)"', response.content.decode())
    return found.group(1) if found else None


def upload(client, training, name, data):
    """Preview, then confirm when the preview offers it; the last response."""
    response = preview(client, training, name, data)
    url = confirm_url(response)
    return client.post(url) if url else response
