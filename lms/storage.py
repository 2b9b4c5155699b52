"""Private files: personal data that must never have a public URL.

Certificate PDFs (and anything else with personal data that has to be kept as a
file) go to ``STORAGES["private"]``: by default a folder outside ``MEDIA_ROOT``
(``PRIVATE_MEDIA_ROOT``), which no URL pattern and no proxy location serves. A
view checks who asks and then streams the file (``private_file_response``), or,
behind nginx with ``PRIVATE_FILES_X_ACCEL_REDIRECT``, lets nginx send it from an
``internal`` location.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.encoding import iri_to_uri
from django.utils.http import content_disposition_header


@deconstructible
class PrivateFileStorage(FileSystemStorage):
    """A folder outside the public media; files have no URL.

    The folder is read from the settings on every use (not cached at import),
    so tests and scripts that point ``PRIVATE_MEDIA_ROOT`` elsewhere are obeyed.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them via a view.")


def private_storage() -> Storage:
    """The storage of private files (a callable, so settings may swap it)."""
    return storages["private"]


def private_file_response(
    field_file, *, filename: str, content_type: str = "application/pdf"
) -> HttpResponse:
    """Send a private file after the caller has checked permission.

    With ``PRIVATE_FILES_X_ACCEL_REDIRECT`` (e.g. ``/protected/``) the response
    is empty and nginx sends the file from its ``internal`` location mapped to
    ``PRIVATE_MEDIA_ROOT``; otherwise the application streams it.
    """
    prefix = settings.PRIVATE_FILES_X_ACCEL_REDIRECT
    if not prefix:
        return FileResponse(
            field_file.open("rb"),
            content_type=content_type,
            as_attachment=True,
            filename=filename,
        )
    response = HttpResponse(content_type=content_type)
    location = prefix.rstrip("/") + "/" + field_file.name
    response["X-Accel-Redirect"] = iri_to_uri(location)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
