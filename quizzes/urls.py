from django.urls import path

from quizzes.views import attempts, staff

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
    path("kvizovi/<slug:slug>/analiza/", staff.quiz_analysis, name="analysis"),
    path("kvizovi/<slug:slug>/rezultati/", staff.quiz_results, name="results"),
]
