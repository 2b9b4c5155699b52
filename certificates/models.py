"""Certificates of attendance and licence points, their history and audit."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import PreviewableMixin

from lms.storage import private_storage

from .codes import code_display, code_new


class TrainingCertificatePolicy(models.Model):
    """Per-training certificate settings (kept here: events knows nothing of them)."""

    training = models.OneToOneField(
        "events.TrainingPage",
        on_delete=models.CASCADE,
        related_name="certificate_policy",
        verbose_name=_("training"),
    )
    evaluation_required = models.BooleanField(
        _("evaluation required before download"),
        null=True,
        blank=True,
        help_text=_("Empty: required for accredited trainings."),
    )
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("certificate design"),
    )

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")

    def __str__(self) -> str:
        return str(self.training)


class CertificateTemplate(PreviewableMixin, models.Model):
    """The design of a certificate, edited by staff in the Wagtail admin.

    The admin's preview panel shows a sample certificate in this design.
    """

    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(_("default design"), default=False)
    heading = models.CharField(_("heading"), max_length=120, default="УВЕРЕЊЕ")
    intro = models.TextField(_("text before the name"), default="Потврђује се да је")
    attendance_text = models.TextField(
        _("text after the name"), default="похађао/ла обуку"
    )
    issuer = models.CharField(
        _("issuer"),
        max_length=200,
        default="Центар за заштиту жртава трговине људима",
    )
    signatory_name = models.CharField(_("signatory"), max_length=120, blank=True)
    signatory_title = models.CharField(
        _("signatory's title"), max_length=120, blank=True
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    signature = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature image"),
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#7a1f2b"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("is_default"),
        FieldPanel("heading"),
        FieldPanel("intro"),
        FieldPanel("attendance_text"),
        FieldPanel("issuer"),
        FieldPanel("signatory_name"),
        FieldPanel("signatory_title"),
        FieldPanel("logo"),
        FieldPanel("signature"),
        FieldPanel("accent_colour"),
    ]

    class Meta:
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")

    def __str__(self) -> str:
        return self.name

    @property
    def preview_modes(self):
        return [("pdf", "PDF"), ("latn", _("PDF in Latin")), ("html", "HTML")]

    def serve_preview(self, request, mode_name):
        from django.http import HttpResponse

        from .preview import sample_certificate
        from .rendering import certificate_html, html_pdf

        script = "latn" if mode_name == "latn" else "cyrl"
        html = certificate_html(sample_certificate(script=script), self)
        if mode_name == "html":
            return HttpResponse(html)
        return HttpResponse(html_pdf(html), content_type="application/pdf")


class CertificateKind(models.TextChoices):
    ATTENDANCE = "attendance", _("certificate of attendance")
    LICENCE = "licence", _("certificate with licence points")
    COMPLETION = "completion", _("certificate of course completion")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("valid")
    REVOKED = "revoked", _("revoked")


def certificate_pdf_path(instance, filename: str) -> str:
    """A random name in the private storage: never the public code.

    The file is only ever sent by the download view, which names it for the
    person; the stored name must not be derivable from anything published.
    """
    key = secrets.token_hex(16)
    if instance.training_id is None:
        return f"certificates/courses/{instance.course_id}/{key}.pdf"
    return f"certificates/{instance.training_id}/{key}.pdf"


class Certificate(models.Model):
    """One person's certificate; the code is its public identity.

    Either for a training (attendance or licence points) or, with no points,
    for a completed self-paced course. The course is any page here, so this app
    does not import ``courses``: the course app asks for the certificate.
    """

    registration = models.OneToOneField(
        "events.Registration",
        # Kept when the registration goes with the account: the holder's proof.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("registration"),
    )
    training = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("training"),
    )
    course = models.ForeignKey(
        "wagtailcore.Page",
        # Kept when the course goes: the title below still says what was done.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    course_title = models.CharField(_("course title"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("holder's account"),
    )
    code = models.CharField(_("code"), max_length=13, unique=True, default=code_new)
    kind = models.CharField(_("kind"), max_length=12, choices=CertificateKind.choices)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    holder_name = models.CharField(_("holder's name"), max_length=300)
    licence_number = models.CharField(_("licence number"), max_length=40, blank=True)
    participation_form = models.CharField(_("participation form"), max_length=12)
    points = models.PositiveSmallIntegerField(_("licence points"), default=0)
    script = models.CharField(_("script"), max_length=4, default="cyrl")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    pdf = models.FileField(
        _("PDF"),
        upload_to=certificate_pdf_path,
        storage=private_storage,
        blank=True,
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    first_downloaded_at = models.DateTimeField(
        _("first downloaded at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=CertificateStatus.REVOKED)
                | ~models.Q(revoked_reason=""),
                name="certificate_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(training__isnull=False)
                | (models.Q(kind="completion") & ~models.Q(course_title="")),
                name="certificate_for_training_or_course",
            ),
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=models.Q(kind="completion"),
                name="certificate_one_per_course",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code_display} — {self.holder_name}"

    @property
    def is_completion(self) -> bool:
        return self.kind == CertificateKind.COMPLETION

    @property
    def subject_title(self) -> str:
        """What the certificate is for: the training's or the course's title."""
        return self.training.title if self.training_id else self.course_title

    @property
    def date(self):
        """The training's start, or the day the course was completed."""
        return self.training.start if self.training_id else self.issued_at

    @property
    def code_display(self) -> str:
        return code_display(self.code)

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


class CertificateVersion(models.Model):
    """An earlier state of a reissued certificate, kept for the record.

    Only what it said: its PDF is deleted on reissue, so a superseded
    certificate cannot circulate as a file.
    """

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("certificate"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    holder_name = models.CharField(_("holder's name"), max_length=300)
    participation_form = models.CharField(_("participation form"), max_length=12)
    points = models.PositiveSmallIntegerField(_("licence points"))
    issued_at = models.DateTimeField(_("issued at"))
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate version")
        verbose_name_plural = _("certificate versions")
        ordering = ["certificate", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "number"], name="certificate_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} v{self.number}"


class CertificateAction(models.TextChoices):
    ISSUED = "issued", _("issued")
    REISSUED = "reissued", _("reissued")
    REVOKED = "revoked", _("revoked")


class CertificateEvent(models.Model):
    """Audit: who issued, reissued or revoked a certificate, when and why."""

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("certificate"),
    )
    action = models.CharField(
        _("action"), max_length=10, choices=CertificateAction.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class CertificateBatch(models.Model):
    """One issuing run for a training; its progress survives a page reload."""

    training = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.CASCADE,
        related_name="certificate_batches",
        verbose_name=_("training"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=BatchStatus.choices,
        default=BatchStatus.QUEUED,
    )
    total = models.PositiveIntegerField(_("to issue"), default=0)
    done = models.PositiveIntegerField(_("issued"), default=0)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.training_id}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        if self.status == BatchStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
