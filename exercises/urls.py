from django.urls import path

from exercises.views import blocks, practice, screening, spotting

app_name = "exercises"

urlpatterns = [
    path("alat/", screening.screening_index, name="screening_index"),
    path("alat/<slug:slug>/", screening.screening_tool, name="screening_tool"),
    path("moja-vezbanja/", practice.my_practice, name="my_practice"),
    path(
        "vezbe/odgovor/<int:page_id>/<str:block_id>/",
        blocks.block_answer,
        name="block_answer",
    ),
    path(
        "vezbe/rezultati/<int:page_id>/<str:block_id>/",
        blocks.block_results,
        name="block_results",
    ),
    path("vezbe/kod/", blocks.run_join, name="run_join"),
    path(
        "vezbe/uzivo/<str:code>/projektor/",
        spotting.spotting_screen,
        name="spotting_screen",
    ),
    path(
        "vezbe/uzivo/<str:code>/oznake.csv",
        spotting.spotting_export,
        name="spotting_export",
    ),
    path(
        "vezbe/uzivo/<str:code>/telefon/",
        spotting.spotting_phone,
        name="spotting_phone",
    ),
    # Before run_open: a run code made only of digits would match it too.
    path("vezbe/uzivo/<str:code>/kraj/", blocks.run_close, name="run_close"),
    path(
        "vezbe/uzivo/<int:page_id>/<str:block_id>/",
        blocks.run_open,
        name="run_open",
    ),
    path("studije-slucaja-statistika/", blocks.case_statistics, name="case_statistics"),
]
