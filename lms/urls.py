from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import views
from lms.admin_views import PageCreateView, admin_javascript_catalog

urlpatterns = [
    # Same address as Wagtail's "add page" (wagtailadmin_pages:add), matched
    # first: creating a page does not autosave stray drafts (lms.admin_views).
    path(
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
        "<int:parent_page_id>/",
        PageCreateView.as_view(),
    ),
    # Wagtail's JavaScript catalogue, in Latin letters for Latin readers.
    path("admin/jsi18n/", admin_javascript_catalog),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    # The language switcher is on every page; without a CSRF token in it, public
    # pages are the same for every anonymous visitor and can come from the
    # page cache (lms/pagecache.py). A forged switch can only change the
    # visitor's language cookie, and "next" is checked against this host.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/data/", views.personal_data_download, name="personal_data"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("api/institutions/", views.institution_search, name="institution_search"),
    path("dev/outbox/", views.outbox, name="outbox"),
    path("dev/outbox/<int:pk>/", views.outbox_message, name="outbox_message"),
]


def media_serve(request, path: str):
    """Public uploads (images) in the embedded default.

    Reads MEDIA_ROOT on each request, so what it serves is what the settings
    say now. Private files (certificates) are not under MEDIA_ROOT at all, and
    documents are served by Wagtail's view at /documents/, which checks their
    collection's privacy: their files are not served directly.
    """
    if path.startswith("documents/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", media_serve)]

urlpatterns += [path("", include("events.urls"))]
urlpatterns += [path("", include("quizzes.urls"))]
urlpatterns += [path("", include("exercises.urls"))]
urlpatterns += [path("", include("activities.urls"))]
urlpatterns += [path("", include("courses.urls"))]
urlpatterns += [path("", include("certificates.urls"))]
urlpatterns += [path("", include("referrals.urls"))]
urlpatterns += [path("", include("assistant.urls"))]
# Domain apps' URLs go above this line; Wagtail's page serving catches the rest.
urlpatterns += [path("", include(wagtail_urls))]

# A saturated database answers "busy, try again" (503) instead of the 500 page.
handler500 = "lms.errors.server_error"
