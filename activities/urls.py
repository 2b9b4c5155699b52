from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("aktivnosti/", views.run_list, name="list"),
    path("aktivnosti/<str:code>/", views.run_play, name="play"),
    path("aktivnosti/<str:code>/qr.svg", views.run_qr, name="qr"),
    path("aktivnosti/<str:code>/kontrola/", views.run_control, name="control"),
    path("aktivnosti/<str:code>/ekran/", views.run_screen, name="screen"),
    path("aktivnosti/<str:code>/izvoz.csv", views.run_export, name="export"),
]
