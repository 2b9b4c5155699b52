from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/data/", views.personal_data_download, name="personal_data"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("api/institutions/", views.institution_search, name="institution_search"),
    path("dev/outbox/", views.outbox, name="outbox"),
    path("dev/outbox/<int:pk>/", views.outbox_message, name="outbox_message"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include("events.urls"))]
urlpatterns += [path("", include("quizzes.urls"))]
urlpatterns += [path("", include("exercises.urls"))]
urlpatterns += [path("", include("courses.urls"))]
urlpatterns += [path("", include("certificates.urls"))]
urlpatterns += [path("", include("referrals.urls"))]
# Domain apps' URLs go above this line; Wagtail's page serving catches the rest.
urlpatterns += [path("", include(wagtail_urls))]
