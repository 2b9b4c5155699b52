"""Referrals of a suspicion of trafficking to the Centre, and their audit.

The content (description, what was done, contact details, messages, notes,
attachments) is encrypted at rest (``referrals.crypto``). What the impact
figures count (dates, places, systems, outcomes, age group and gender of
identified people) is kept in clear and survives the retention purge.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.institution_types import InstitutionType
from referrals.crypto import EncryptedTextField

CONTENT_FIELDS = ("description", "actions_taken", "contact_details")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft (not sent)")
    RECEIVED = "received", _("received")
    ASSESSING = "assessing", _("being assessed")
    REFERRED_ON = "referred_on", _("referred on")
    CLOSED = "closed", _("closed")


OPEN_STATUSES = (Status.RECEIVED, Status.ASSESSING, Status.REFERRED_ON)


class Outcome(models.TextChoices):
    IDENTIFIED = "identified", _("identified as a victim")
    PRESUMED = "presumed", _("presumed victim")
    AT_RISK = "at_risk", _("at risk")
    HELPED = "helped", _("help provided")
    NOT_TRAFFICKING = "not_trafficking", _("not trafficking")
    REFERRED_OTHER = "referred_other", _("referred to another body")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("not urgent")
    URGENT = "urgent", _("urgent (within 24 hours)")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("child")
    ADULT = "adult", _("adult")
    UNKNOWN = "unknown", _("not known")


class PersonGender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other or not known")


class ContactWay(models.TextChoices):
    PHONE = "phone", _("by phone")
    EMAIL = "email", _("by e-mail")
    PLATFORM = "platform", _("only through messages here")


class ReferralQuerySet(models.QuerySet):
    def sent(self):
        return self.exclude(status=Status.DRAFT)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def without_content(self):
        """Lists never decrypt what they do not show."""
        return self.defer(*CONTENT_FIELDS)


class Referral(models.Model):
    """One referral of a suspicion, from a professional to the Centre."""

    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("referrer"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # Professional context, copied from the referrer's profile when sent, so
    # that the figures stay right after a profile changes or an account goes.
    system = models.ForeignKey(
        "lms.System",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    institution_name = models.CharField(_("institution"), max_length=255, blank=True)
    # Derived from the name and system when sent (lms.institution_types).
    institution_type = models.CharField(
        _("institution type"),
        max_length=20,
        choices=InstitutionType.choices,
        blank=True,
    )
    municipality = models.ForeignKey(
        "lms.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality where the person is"),
    )
    age_group = models.CharField(
        _("age group"), max_length=8, choices=AgeGroup.choices, blank=True
    )
    indicator_ids = models.JSONField(_("indicators marked"), default=list, blank=True)
    screening_level = models.CharField(
        _("level of concern from the screening tool"), max_length=10, blank=True
    )
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    contact_way = models.CharField(
        _("how the Centre may contact you"),
        max_length=10,
        choices=ContactWay.choices,
        default=ContactWay.PLATFORM,
    )
    description = EncryptedTextField(_("description"), blank=True)
    actions_taken = EncryptedTextField(_("what has been done already"), blank=True)
    contact_details = EncryptedTextField(_("contact details"), blank=True)
    trained_at = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referrer's last training before sending"),
    )
    referrer_trained = models.BooleanField(_("referrer was trained"), default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case worker"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True
    )
    invented = models.BooleanField(
        _("invented (demo data)"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    purged_at = models.DateTimeField(_("content purged at"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-created_at", "-pk"]
        permissions = [
            ("handle_referrals", _("Can handle referrals (Centre case worker)")),
            ("view_referral_audit", _("Can see the referrals' audit log")),
            ("view_impact", _("Can see impact figures (counts only)")),
            ("view_exact_impact", _("Can see exact impact figures")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT)
                | models.Q(sent_at__isnull=False),
                name="referral_sent_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.CLOSED) | ~models.Q(outcome=""),
                name="referral_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        # Never any content: this string reaches logs and admin lists.
        return f"#{self.pk} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def number(self) -> str:
        return f"P-{self.pk:05d}"


class PersonOutcome(models.TextChoices):
    """What the Centre reports per person: identified, and (separately) helped."""

    IDENTIFIED = "identified", _("identified as a victim")
    HELPED = "helped", _("received help")


class IdentifiedPerson(models.Model):
    """A person the Centre identified or helped: age group and gender only.

    A person both identified and helped is one row of each kind: the rows are
    the tallies the Centre reports, not a register of people.
    """

    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        related_name="identified",
        verbose_name=_("referral"),
    )
    age_group = models.CharField(
        _("age group"),
        max_length=8,
        choices=[
            (AgeGroup.CHILD, AgeGroup.CHILD.label),
            (AgeGroup.ADULT, AgeGroup.ADULT.label),
        ],
    )
    gender = models.CharField(_("gender"), max_length=8, choices=PersonGender.choices)
    kind = models.CharField(
        _("outcome for the person"),
        max_length=10,
        choices=PersonOutcome.choices,
        default=PersonOutcome.IDENTIFIED,
    )

    class Meta:
        verbose_name = _("identified or helped person")
        verbose_name_plural = _("identified or helped people")

    def __str__(self) -> str:
        return f"{self.get_age_group_display()}, {self.get_gender_display()}"


class ReferralMessage(models.Model):
    """A message in the thread between the referrer and the Centre."""

    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("referral"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    from_centre = models.BooleanField(_("from the Centre"), default=False)
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.referral_id} {self.created_at:%Y-%m-%d %H:%M}"


class ReferralAttachment(models.Model):
    """A document or photo, encrypted in the private store (never MEDIA_ROOT)."""

    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("referral"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.referral_id} {self.content_type}"


class Action(models.TextChoices):
    CREATED = "created", _("draft created")
    UPDATED = "updated", _("draft changed")
    SENT = "sent", _("sent")
    VIEWED = "viewed", _("read")
    LISTED = "listed", _("shown in a list")
    ASSIGNED = "assigned", _("assigned")
    STATUS = "status", _("status changed")
    OUTCOME = "outcome", _("outcome recorded")
    MESSAGE = "message", _("message added")
    ATTACHMENT_ADDED = "att_added", _("attachment added")
    ATTACHMENT_READ = "att_read", _("attachment opened")
    EXPORTED = "exported", _("exported")
    PURGED = "purged", _("content purged")
    REFUSED = "refused", _("access refused")


class ReferralEvent(models.Model):
    """Audit: every read and every change of a referral, by whom and when.

    The note of a status change is content (encrypted); the rest is not.
    """

    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("referral"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Who it was, kept when the account is deleted: the audit must outlive it.
    actor_label = models.CharField(_("by (as recorded)"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, blank=True
    )
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.referral_id} {self.get_action_display()}"
