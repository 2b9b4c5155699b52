from django.urls import path

from .views import participants, public, staff

app_name = "certificates"

urlpatterns = [
    path("verify/", public.verify_form, name="verify_form"),
    path("verify/<str:code>", public.verify, name="verify"),
    path("moja-uverenja/", participants.my_certificates, name="mine"),
    path(
        "moja-uverenja/izvoz.<str:fmt>",
        participants.my_certificates_export,
        name="mine_export",
    ),
    path(
        "uverenja/<str:code>.pdf",
        participants.certificate_download,
        name="download",
    ),
    path(
        "obuke/<int:training_id>/uverenja/",
        staff.training_certificates,
        name="training",
    ),
    path(
        "obuke/<int:training_id>/uverenja/izdaj/",
        staff.batch_start,
        name="batch_start",
    ),
    path(
        "uverenja/izdavanje/<int:batch_id>.json",
        staff.batch_progress,
        name="batch_progress",
    ),
    path(
        "uverenja/<int:pk>/<str:action>/",
        staff.certificate_change,
        name="change",
    ),
    path(
        "uverenja/dizajn/<int:pk>/pregled/",
        staff.template_preview,
        name="template_preview",
    ),
]
