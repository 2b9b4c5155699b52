"""iCalendar files for trainings (feeds and e-mail attachments)."""

from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

BELGRADE = ZoneInfo("Europe/Belgrade")


def training_uid(training) -> str:
    """A UID that never changes for a training, so calendars update in place."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"training-{training.pk}@{host}"


def calendar_build(trainings: Iterable, *, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//CZZTLJ//Obuke//SR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Belgrade")
    for training in trainings:
        calendar.add_component(_event(training))
    calendar.add_missing_timezones()
    return calendar


def _event(training) -> Event:
    event = Event()
    event.add("uid", training_uid(training))
    event.add("sequence", training.sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", training.last_published_at or timezone.now())
    event.add("dtstart", training.start.astimezone(BELGRADE))
    event.add("dtend", training.end.astimezone(BELGRADE))
    event.add("summary", training.title)
    place = ", ".join(
        p for p in (training.venue_name, training.venue_address, _city(training)) if p
    )
    event.add("location", place)
    event.add("url", settings.SITE_URL.rstrip("/") + (training.url or ""))
    if training.is_cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    if training.change_reason:
        event.add("description", training.change_reason)
    return event


def _city(training) -> str:
    return training.municipality.name if training.municipality_id else ""


def calendar_bytes(trainings: Iterable, *, name: str) -> bytes:
    return calendar_build(trainings, name=name).to_ical()
