from django.urls import path

from quizzes.views import attempts, live, staff

app_name = "quizzes"

urlpatterns = [
    path("kvizovi/<slug:slug>/", attempts.quiz_detail, name="quiz"),
    path("kvizovi/<slug:slug>/pocetak/", attempts.attempt_start, name="start"),
    path(
        "kvizovi/pokusaj/<int:attempt_id>/pitanje/<int:number>/",
        attempts.attempt_question,
        name="question",
    ),
    path(
        "kvizovi/pokusaj/<int:attempt_id>/predaja/",
        attempts.attempt_finish,
        name="finish",
    ),
    path("kvizovi/pokusaj/<int:attempt_id>/", attempts.attempt_result, name="result"),
    path("uzivo/", live.live_join, name="live_join"),
    path("uzivo/nova/", live.live_create, name="live_create"),
    path("uzivo/sesije/", live.live_list, name="live_list"),
    path("uzivo/<str:code>/", live.live_play, name="live_play"),
    path("uzivo/<str:code>/qr.svg", live.live_qr, name="live_qr"),
    path("uzivo/<str:code>/kontrola/", live.live_control, name="live_control"),
    path("uzivo/<str:code>/pitanja/", live.live_question_add, name="live_question_add"),
    path("uzivo/<str:code>/ekran/", live.live_screen, name="live_screen"),
    path("uzivo/<str:code>/rezultati/", live.live_results, name="live_results"),
    path("uzivo/<str:code>/rezultati.xlsx", live.live_export, name="live_export"),
    path("kvizovi/<slug:slug>/analiza/", staff.quiz_analysis, name="analysis"),
    path("kvizovi/<slug:slug>/rezultati/", staff.quiz_results, name="results"),
]
