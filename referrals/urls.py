from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from referrals.views import centre, impact, referrer

app_name = "referrals"

# Nothing of a referral may stay in a browser's or proxy's cache, and no
# posted content may appear in an error report.
_routes = [
    ("prijave/nova/", referrer.referral_new, "new"),
    ("prijave/moje/", referrer.referral_mine, "mine"),
    ("prijave/<int:pk>/", referrer.referral_detail, "detail"),
    ("prijave/<int:pk>/izmena/", referrer.referral_edit, "edit"),
    ("prijave/<int:pk>/slanje/", referrer.referral_confirm, "confirm"),
    ("prijave/<int:pk>/poruka/", referrer.message_add, "message_add"),
    ("prijave/<int:pk>/prilog/", referrer.attachment_add, "attachment_add"),
    ("prijave/prilog/<int:pk>/", referrer.attachment_download, "attachment"),
    ("prijave/centar/", centre.queue, "queue"),
    ("prijave/<int:pk>/dodela/", centre.assign, "assign"),
    ("prijave/<int:pk>/status/", centre.status_change, "status"),
    ("prijave/<int:pk>/identifikovani/", centre.identified_set, "identified"),
    ("prijave/<int:pk>/izvoz.json", centre.export_json, "export_json"),
    ("prijave/<int:pk>/izvoz.pdf", centre.export_pdf, "export_pdf"),
    ("prijave/centar/dnevnik/", centre.audit_log, "audit_log"),
    ("prijave/ucinak/", impact.impact, "impact"),
]
urlpatterns = [
    path(route, never_cache(sensitive_post_parameters()(view)), name=name)
    for route, view, name in _routes
]
