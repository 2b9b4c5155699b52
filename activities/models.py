"""Room activities: broken telephone, anxiety balloons, collage of belonging.

Editors prepare the content (``ActivityContent``, a snippet); a trainer runs it
with a room as an ``ActivityRun`` joined by code, like a live quiz. What the
phones send is never linked to a person: a balloon or a collage piece has no
participant, a telephone link only a random per-run token (to give the same
phone its turn back after a reconnect) and an optional seat number.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_screen_key() -> str:
    return secrets.token_urlsafe(12)


def new_phone_token() -> str:
    return secrets.token_urlsafe(18)


class ActivityKind(models.TextChoices):
    TELEPHONE = "telephone", _("broken telephone")
    BALLOONS = "balloons", _("anxiety balloons")
    COLLAGE = "collage", _("collage of belonging")


class ActivityContent(ClusterableModel):
    """What an editor prepares for one activity; a trainer runs it with a room."""

    kind = models.CharField(_("activity"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(
        _("prompt"),
        blank=True,
        help_text=_(
            "What the phones are asked (balloons and collage), e.g. "
            "„What does a person feel when …?“"
        ),
    )
    case_text = models.TextField(
        _("case text"),
        blank=True,
        max_length=1200,
        help_text=_(
            "Broken telephone: the short case description only the first phone sees."
        ),
    )
    debrief = models.TextField(
        _("debrief"),
        blank=True,
        help_text=_("Broken telephone: shown on the projector after the chain."),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("prompt"),
        FieldPanel("case_text"),
        FieldPanel("debrief"),
        InlinePanel("images", label=_("Collage images")),
    ]

    class Meta:
        verbose_name = _("room activity")
        verbose_name_plural = _("room activities")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    def clean(self) -> None:
        super().clean()
        if self.kind == ActivityKind.TELEPHONE and not self.case_text.strip():
            raise ValidationError(
                {"case_text": _("The broken telephone needs a case text.")}
            )
        if self.kind in (ActivityKind.BALLOONS, ActivityKind.COLLAGE) and not (
            self.prompt.strip()
        ):
            raise ValidationError({"prompt": _("Write what the phones are asked.")})


class CollageImage(Orderable):
    """One image of a collage set: prepared by the editor, never by a phone."""

    content = ParentalKey(
        ActivityContent, on_delete=models.CASCADE, related_name="images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("image"),
    )
    label = models.CharField(
        _("label"),
        max_length=80,
        help_text=_("A short description, read aloud by screen readers."),
    )

    panels = [FieldPanel("image"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("collage image")
        verbose_name_plural = _("collage images")

    def __str__(self) -> str:
        return self.label


class RunState(models.TextChoices):
    LOBBY = "lobby", _("phones joining")
    RUNNING = "running", _("running")
    REVEALED = "revealed", _("shown on the projector")
    CLOSED = "closed", _("closed")


class ChainOrder(models.TextChoices):
    RANDOM = "random", _("random")
    SEAT = "seat", _("by seat number")


class ActivityRunQuerySet(models.QuerySet):
    def controlled_by(self, user):
        """Runs a person may control: all for staff, their own for trainers."""
        if not user.is_authenticated or not user.has_perm("lms.run_trainings"):
            return self.none()
        if user.has_perm("lms.view_all_data"):
            return self
        return self.filter(
            Q(owner=user)
            | Q(training__lecturers__user=user)
            | Q(training__moderator__user=user)
        ).distinct()

    def open(self):
        return self.exclude(state=RunState.CLOSED)


class ActivityRun(models.Model):
    """One activity played with a room, joined by code."""

    code = models.CharField(_("join code"), max_length=12, unique=True)
    kind = models.CharField(_("activity"), max_length=12, choices=ActivityKind.choices)
    content = models.ForeignKey(
        ActivityContent,
        on_delete=models.PROTECT,
        related_name="runs",
        verbose_name=_("content"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="activity_runs",
        verbose_name=_("trainer"),
    )
    training = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_runs",
        verbose_name=_("training"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.LOBBY
    )
    moderated = models.BooleanField(
        _("the trainer approves before the projector shows"), default=True
    )
    chain_order = models.CharField(
        _("chain order"),
        max_length=8,
        choices=ChainOrder.choices,
        default=ChainOrder.RANDOM,
    )
    read_seconds = models.PositiveSmallIntegerField(
        _("seconds to read the previous version"), default=20
    )
    write_seconds = models.PositiveSmallIntegerField(
        _("seconds to write one's own version"), default=120
    )
    # Balloons: the trainer chose to keep the anonymous list (word and count).
    keep_list = models.BooleanField(_("anonymous list saved"), default=False)
    screen_key = models.CharField(max_length=24, default=new_screen_key)
    # Every change of state adds one (docs/activities.md, "Sequence numbers").
    seq = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = ActivityRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity run")
        verbose_name_plural = _("activity runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(read_seconds__gte=3) & Q(write_seconds__gte=10),
                name="activity_run_times_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content.title} ({self.code})"


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Balloon(models.Model):
    """One anonymous word or phrase during a run; deleted when the run closes.

    On purpose without a participant, a session, an address or a time.
    """

    run = models.ForeignKey(ActivityRun, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("text"), max_length=40)
    # Grouping key: case, script and diacritics folded (lms.text.search_key).
    key = models.CharField(max_length=80, db_index=True)
    status = models.CharField(max_length=8, choices=ItemStatus.choices)

    class Meta:
        verbose_name = _("balloon")
        verbose_name_plural = _("balloons")

    def __str__(self) -> str:
        return self.text


class BalloonTally(models.Model):
    """The saved anonymous list of a run: a word and how often it came."""

    run = models.ForeignKey(
        ActivityRun, on_delete=models.CASCADE, related_name="tallies"
    )
    text = models.CharField(_("text"), max_length=40)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("saved balloon word")
        verbose_name_plural = _("saved balloon words")
        ordering = ["-count", "text"]
        constraints = [
            models.UniqueConstraint(fields=["run", "text"], name="one_tally_per_word")
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.count})"


class CollagePiece(models.Model):
    """A phone's choice of an image, with an optional word; no participant."""

    run = models.ForeignKey(ActivityRun, on_delete=models.CASCADE, related_name="+")
    image = models.ForeignKey(CollageImage, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(_("word"), max_length=30, blank=True)
    status = models.CharField(max_length=8, choices=ItemStatus.choices)

    class Meta:
        verbose_name = _("collage piece")
        verbose_name_plural = _("collage pieces")

    def __str__(self) -> str:
        return self.word or str(self.image_id)


class ChainPhone(models.Model):
    """A phone in a broken telephone run: a random token, no person."""

    run = models.ForeignKey(
        ActivityRun, on_delete=models.CASCADE, related_name="phones"
    )
    token = models.CharField(max_length=40, default=new_phone_token)
    seat = models.PositiveSmallIntegerField(_("seat"), null=True, blank=True)
    online = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "token"], name="one_phone_token")
        ]

    def __str__(self) -> str:
        return f"phone {self.pk}"


class LinkStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    ACTIVE = "active", _("reading and writing")
    DONE = "done", _("passed on")
    SKIPPED = "skipped", _("skipped")


class ChainLink(models.Model):
    """One place in the chain: the phone whose turn it is, and what it wrote."""

    run = models.ForeignKey(ActivityRun, on_delete=models.CASCADE, related_name="links")
    phone = models.ForeignKey(
        ChainPhone, on_delete=models.SET_NULL, null=True, related_name="links"
    )
    position = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=8, choices=LinkStatus.choices, default=LinkStatus.WAITING
    )
    text = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "position"], name="one_link_per_position"
            ),
            # At most one phone holds the message at a time.
            models.UniqueConstraint(
                fields=["run"],
                condition=Q(status="active"),
                name="one_active_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.status}"
