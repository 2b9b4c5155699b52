"""iCalendar feeds: the whole calendar and one training."""

import datetime

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.ical import calendar_bytes
from events.models import TrainingPage
from events.selectors import trainings_live


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request):
    """The last year's and all future trainings; cached until one changes."""
    since = timezone.now() - datetime.timedelta(days=365)
    trainings = trainings_live().filter(end__gte=since).order_by("start")
    version = TrainingPage.objects.live().aggregate(
        n=Count("pk"), changed=Max("last_published_at"), seq=Sum("sequence")
    )
    key = "events:feed:{}:{}:{}:{}:{}".format(
        get_language(), since.date(), version["n"], version["changed"], version["seq"]
    )
    content = cache.get(key)
    if content is None:
        content = calendar_bytes(trainings, name=_("Trainings of the Centre"))
        cache.set(key, content, 3600)
    return _ics(content, "obuke.ics")


def training_feed(request, training_id: int):
    training = get_object_or_404(trainings_live(), pk=training_id)
    return _ics(
        calendar_bytes([training], name=training.title), f"obuka-{training.pk}.ics"
    )
