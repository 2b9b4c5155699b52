"""A live run of video spotting: the projector's playback and the phones' marks.

A phone is known by a random key it was given when it joined (kept in the
phone's browser, so that its marks come back after a reconnect); nothing
links the key to a person, and a mark is only a moment and an indicator.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .attempts import ExerciseRun


class SpottingPlayback(models.Model):
    """Where the projector's video is: playing or not, from which position when."""

    run = models.OneToOneField(
        ExerciseRun,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="playback",
        verbose_name=_("live run"),
    )
    playing = models.BooleanField(_("playing"), default=False)
    position = models.FloatField(_("position (seconds)"), default=0)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    revealed = models.BooleanField(_("expert marks shown"), default=False)
    seq = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("video playback of a live run")
        verbose_name_plural = _("video playbacks of live runs")

    def __str__(self) -> str:
        return f"{self.run_id} {self.position:.1f}"

    def position_at(self, moment: datetime.datetime, duration: float) -> float:
        """The video's position at ``moment`` (the server's clock), in the video."""
        position = self.position
        if self.playing:
            position += max(0.0, (moment - self.changed_at).total_seconds())
        return round(min(max(position, 0.0), duration), 1)


class SpottingMark(models.Model):
    """A phone's mark in a live run: a moment of the video and an indicator."""

    run = models.ForeignKey(
        ExerciseRun,
        on_delete=models.CASCADE,
        related_name="spotting_marks",
        verbose_name=_("live run"),
    )
    phone = models.CharField(_("phone key"), max_length=40)
    time = models.FloatField(_("time (seconds)"))
    indicator = models.ForeignKey(
        "exercises.Indicator",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("indicator"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mark in a live video run")
        verbose_name_plural = _("marks in live video runs")
        indexes = [models.Index(fields=["run", "phone"])]

    def __str__(self) -> str:
        return f"{self.run_id} {self.time:.1f}"
