"""Importing a sign-in sheet: upload → preview of every row → confirm → report.

The uploaded file waits in the cache between the preview and the confirmation
(an hour; nothing is written to the database before the confirmation). The
report of the rows and their outcomes stays downloadable for a day.
"""

import secrets

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events.forms import ImportForm
from events.imports import ImportFileError, ImportTooLarge, participants_parse
from events.imports import services as imports
from events.imports import templates as list_templates
from events.imports.results import result_for_report
from events.services import RegistrationError
from events.views.checkin import _training_run_by
from events.views.staff import _page
from lms.permissions import permission_required

FILE_SECONDS = 3600
REPORT_SECONDS = 24 * 3600


def unreadable_message() -> str:
    return _(
        "The file could not be read. Use CSV (UTF-8, Windows-1250 or Windows-1251; "
        "comma, semicolon or tab) or XLSX, with the column names in the first row."
    )


def _file_key(token: str, training, user) -> str:
    return f"events:import:file:{training.pk}:{user.pk}:{token}"


def _report_key(token: str, training, user) -> str:
    return f"events:import:report:{training.pk}:{user.pk}:{token}"


def _parsed(name: str, data: bytes):
    """(rows, None) or (None, the message for the file field)."""
    try:
        return participants_parse(name=name, data=data), None
    except ImportTooLarge as error:
        return None, error.message
    except ImportFileError:
        return None, unreadable_message()


def _result_page(request, training, result, token: str):
    data = result_for_report(result)
    cache.set(_report_key(token, training, request.user), data, REPORT_SECONDS)
    return render(
        request,
        "events/registration_import.html",
        {"training": training, "result": data, "token": token},
    )


@permission_required("lms.run_trainings")
@require_POST
def registration_import(request, training_id: int):
    """Step one: read the file and show what importing it would do."""
    training = _training_run_by(request, training_id)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, training, import_form=form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    rows, problem = _parsed(upload.name, data)
    if problem:
        form.add_error("file", problem)
        return _page(request, training, import_form=form)
    try:
        result = imports.participants_import(
            training=training, rows=rows, by=request.user, confirm=False
        )
    except RegistrationError as error:
        form.add_error(None, error)
        return _page(request, training, import_form=form)
    token = secrets.token_urlsafe(16)
    cache.set(
        _file_key(token, training, request.user),
        {"name": upload.name, "data": data},
        FILE_SECONDS,
    )
    return _result_page(request, training, result, token)


@permission_required("lms.run_trainings")
@require_POST
def registration_import_confirm(request, training_id: int, token: str):
    """Step two: import the previewed file, all rows in one transaction."""
    training = _training_run_by(request, training_id)
    stored = cache.get(_file_key(token, training, request.user))
    if stored is None:  # expired, or already imported (a second click)
        messages.error(
            request,
            _(
                "This preview has expired or was already imported. Upload the "
                "file again."
            ),
        )
        return redirect("events:registrations", training_id=training.pk)
    rows, problem = _parsed(stored["name"], stored["data"])
    if problem:  # the limits changed meanwhile
        messages.error(request, problem)
        return redirect("events:registrations", training_id=training.pk)
    try:
        result = imports.participants_import(
            training=training, rows=rows, by=request.user, confirm=True
        )
    except RegistrationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("events:registrations", training_id=training.pk)
    cache.delete(_file_key(token, training, request.user))
    return _result_page(request, training, result, token)


@permission_required("lms.run_trainings")
@require_GET
def registration_import_report(request, training_id: int, token: str):
    """The rows and their outcomes, as CSV (opens in Excel)."""
    training = _training_run_by(request, training_id)
    data = cache.get(_report_key(token, training, request.user))
    if data is None:
        raise Http404
    response = HttpResponse(
        list_templates.report_csv(data), content_type="text/csv; charset=utf-8"
    )
    name = "uvoz-izvestaj.csv" if data["confirmed"] else "uvoz-pregled.csv"
    response["Content-Disposition"] = f'attachment; filename="{training.pk}-{name}"'
    return response


@permission_required("lms.run_trainings")
@require_GET
def import_template(request, extension: str):
    """The empty participant list with the headers the import reads."""
    if extension == "xlsx":
        content = list_templates.template_xlsx()
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif extension == "csv":
        content, kind = list_templates.template_csv(), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = (
        f'attachment; filename="spisak-ucesnika.{extension}"'
    )
    return response
