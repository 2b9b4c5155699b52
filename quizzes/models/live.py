"""Live sessions: a trainer plays questions on the projector, phones answer.

Everything a session needs to survive a server restart lives here: where the
session is (``phase`` and ``current``), each question as it was played, who
joined and every answer. Processes keep no state another process would need.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a code read off a projector from the back of the room.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_participant_token() -> str:
    return secrets.token_urlsafe(18)


def new_screen_key() -> str:
    return secrets.token_urlsafe(12)


class LiveMode(models.TextChoices):
    QUIZ = "quiz", _("quiz with points")
    REFLECTIVE = "reflective", _("reflective (no points, timer or leaderboard)")


class Phase(models.TextChoices):
    LOBBY = "lobby", _("waiting to start")
    SHOWN = "shown", _("question shown")
    OPEN = "open", _("answering open")
    CLOSED = "closed", _("answering closed")
    REVEALED = "revealed", _("results shown")
    LEADERBOARD = "leaderboard", _("leaderboard")
    FINISHED = "finished", _("finished")


class LiveKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    TRUE_FALSE = "true_false", _("true or false")
    RATING = "rating", _("rating scale")
    WORD_CLOUD = "word_cloud", _("word cloud")
    OPEN = "open", _("open question (moderated)")
    SHORT_TEXT = "short_text", _("short text")


CHOICE_KINDS = {LiveKind.SINGLE, LiveKind.MULTIPLE, LiveKind.TRUE_FALSE}
TEXT_KINDS = {LiveKind.WORD_CLOUD, LiveKind.OPEN, LiveKind.SHORT_TEXT}
# Kinds that have a right answer and can earn points.
SCORED_KINDS = CHOICE_KINDS | {LiveKind.SHORT_TEXT}


class LiveSessionQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(phase=Phase.FINISHED)

    def controlled_by(self, user):
        """Sessions a person may run: all for staff, their own for trainers."""
        if not user.is_authenticated or not user.has_perm("lms.run_trainings"):
            return self.none()
        if user.has_perm("lms.view_all_data"):
            return self
        return self.filter(
            Q(created_by=user)
            | Q(training__lecturers__user=user)
            | Q(training__moderator__user=user)
        ).distinct()


class LiveSession(models.Model):
    """One live quiz or poll in a room."""

    code = models.CharField(_("join code"), max_length=12, unique=True)
    title = models.CharField(_("title"), max_length=200)
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_sessions",
        verbose_name=_("quiz"),
    )
    training = models.ForeignKey(
        "events.TrainingPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_sessions",
        verbose_name=_("training"),
    )
    mode = models.CharField(
        _("mode"), max_length=12, choices=LiveMode.choices, default=LiveMode.QUIZ
    )
    allow_guests = models.BooleanField(
        _("people without an account may join with a nickname"), default=True
    )
    show_leaderboard = models.BooleanField(_("show the leaderboard"), default=True)
    # Opens the read-only projector view on a room computer without a login.
    screen_key = models.CharField(max_length=40, default=new_screen_key, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="live_sessions_created",
        verbose_name=_("created by"),
    )
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.LOBBY
    )
    current = models.ForeignKey(
        "quizzes.LiveQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current question"),
    )
    # Bumped with every change of state, so clients drop stale messages.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("quizzes:live_play", args=[self.code])

    @property
    def is_reflective(self) -> bool:
        return self.mode == LiveMode.REFLECTIVE

    @property
    def uses_points(self) -> bool:
        return self.mode == LiveMode.QUIZ


class LiveQuestion(models.Model):
    """A question as played in one session (a copy, so results keep their meaning).

    It is also the question's run: when it was shown, opened, closed and
    revealed. ``options`` is a list of ``{"id", "text", "correct"}``.
    """

    session = models.ForeignKey(
        LiveSession,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("session"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=LiveKind.choices)
    text = models.TextField(_("question"))
    options = models.JSONField(_("options"), default=list, blank=True)
    accepted_answers = models.JSONField(_("accepted answers"), default=list, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    time_limit = models.PositiveSmallIntegerField(
        _("time limit (seconds)"), null=True, blank=True
    )
    scale_max = models.PositiveSmallIntegerField(_("scale maximum"), default=5)
    source = models.ForeignKey(
        "quizzes.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question of the bank"),
    )
    shown_at = models.DateTimeField(_("shown"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    revealed_at = models.DateTimeField(_("revealed"), null=True, blank=True)

    class Meta:
        ordering = ["session", "position"]
        verbose_name = _("live question")
        verbose_name_plural = _("live questions")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="live_question_position_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_KINDS

    @property
    def option_ids(self) -> set[int]:
        return {int(option["id"]) for option in self.options}

    @property
    def correct_ids(self) -> set[int]:
        return {int(option["id"]) for option in self.options if option.get("correct")}


class LiveParticipant(models.Model):
    """A phone in the room: a registrant by account, or a guest by nickname.

    ``token`` is the phone's secret: sent back on reconnect, it restores the
    same participant with its answers and score.
    """

    session = models.ForeignKey(
        LiveSession,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="live_participations",
        verbose_name=_("account"),
    )
    nickname = models.CharField(_("nickname"), max_length=40)
    # The nickname regardless of script, case and accents: "Сунце" and "Sunce"
    # look the same on a Latin phone, so they are one nickname.
    nickname_key = models.CharField(max_length=80, blank=True, editable=False)
    token = models.CharField(
        max_length=40, unique=True, default=new_participant_token, editable=False
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["session", "joined_at"]
        verbose_name = _("live participant")
        verbose_name_plural = _("live participants")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False),
                name="live_participant_account_once",
            ),
            models.UniqueConstraint(
                fields=["session", "nickname_key"],
                condition=Q(user__isnull=True),
                name="live_guest_nickname_once",
            ),
        ]

    def __str__(self) -> str:
        return self.nickname


class Moderation(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    HIDDEN = "hidden", _("not shown")


class LiveAnswer(models.Model):
    """One participant's answer to one question; a change replaces it."""

    question = models.ForeignKey(
        LiveQuestion,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("question"),
    )
    participant = models.ForeignKey(
        LiveParticipant,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("participant"),
    )
    response = models.JSONField(_("response"), default=dict)
    text = models.CharField(_("text"), max_length=300, blank=True)
    correct = models.BooleanField(_("correct"), null=True)
    points = models.PositiveSmallIntegerField(_("points"), default=0)
    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=Moderation.choices,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("live answer")
        verbose_name_plural = _("live answers")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "participant"], name="live_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.question_id}"
