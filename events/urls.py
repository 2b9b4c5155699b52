from django.urls import path

from events.views import (
    checkin,
    evaluations,
    exports,
    feeds,
    participants,
    staff,
    stats,
)

app_name = "events"

urlpatterns = [
    path("moje-obuke/", participants.my_trainings, name="my_trainings"),
    path(
        "moje-obuke/<int:pk>/otkazivanje/",
        participants.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "obuke/saglasnost/<str:token>/",
        participants.consent_page,
        name="consent",
    ),
    path("obuke/kalendar.ics", feeds.calendar_feed, name="calendar_feed"),
    path("obuke/checkin-sw.js", checkin.service_worker, name="checkin_sw"),
    path(
        "obuke/<int:training_id>/kalendar.ics",
        feeds.training_feed,
        name="training_feed",
    ),
    path(
        "obuke/<int:training_id>/prijem/",
        checkin.checkin_page,
        name="checkin",
    ),
    path(
        "obuke/<int:training_id>/prijem/evidentiraj/",
        checkin.checkin_submit,
        name="checkin_submit",
    ),
    path(
        "obuke/<int:training_id>/prijem/bez-prijave/",
        checkin.walkin_submit,
        name="walkin",
    ),
    path(
        "obuke/<int:training_id>/registracije/",
        staff.registration_list,
        name="registrations",
    ),
    path(
        "obuke/<int:training_id>/registracije/dodaj/",
        staff.registration_add,
        name="registration_add",
    ),
    path(
        "obuke/<int:training_id>/registracije/uvoz/",
        staff.registration_import,
        name="registration_import",
    ),
    path(
        "obuke/<int:training_id>/registracije/<int:pk>/<str:action>/",
        staff.registration_action,
        name="registration_action",
    ),
    path(
        "obuke/<int:training_id>/spisak.pdf",
        checkin.attendance_sheet,
        name="attendance_sheet",
    ),
    path(
        "obuke/<int:training_id>/evaluacija/",
        evaluations.evaluation_answer,
        name="evaluation_answer",
    ),
    path(
        "obuke/<int:training_id>/evaluacija/otvori/",
        evaluations.evaluation_open,
        name="evaluation_open",
    ),
    path(
        "obuke/<int:training_id>/evaluacija/pitanja/",
        evaluations.evaluation_template,
        name="evaluation_template",
    ),
    path(
        "obuke/<int:training_id>/evaluacija/rezultati/",
        evaluations.evaluation_results,
        name="evaluation_results",
    ),
    path(
        "obuke/evaluacije/",
        evaluations.evaluation_overview,
        name="evaluation_overview",
    ),
    path("obuke/komora/", exports.chamber_export_index, name="chamber_export_index"),
    path(
        "obuke/<int:training_id>/komora/",
        exports.chamber_export_page,
        name="chamber_export",
    ),
    path(
        "obuke/<int:training_id>/komora/<str:kind>/",
        exports.chamber_export_download,
        name="chamber_export_download",
    ),
    path("obuke/statistika/", stats.series_dashboard, name="series_stats"),
    path(
        "obuke/statistika/izvestaj.<str:fmt>",
        stats.series_download,
        name="series_stats_download",
    ),
]
