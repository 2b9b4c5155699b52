from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CertificateTemplate, TrainingCertificatePolicy


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate designs")
    list_display = ["name", "is_default"]


class TrainingCertificatePolicyViewSet(SnippetViewSet):
    model = TrainingCertificatePolicy
    icon = "cog"
    menu_label = _("Certificate settings")
    list_display = ["training", "evaluation_required", "template"]


register_snippet(CertificateTemplateViewSet)
register_snippet(TrainingCertificatePolicyViewSet)
