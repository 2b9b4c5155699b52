"""Signals other apps may listen to (a quiz never knows where it is embedded)."""

from django.dispatch import Signal

# Sent after an attempt is submitted and scored, on commit: ``attempt``.
attempt_submitted = Signal()
