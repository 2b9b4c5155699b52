import io
import time

from django.core.management import call_command

from certificates.models import Certificate
from events.models import Registration


def test_demo_issues_the_2025_series_quickly_and_idempotently(db):
    call_command("load_demo", stdout=io.StringIO())
    started = time.monotonic()
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    assert time.monotonic() - started < 20
    licensed = Certificate.objects.filter(
        training__slug__startswith="2025-", points__gt=0
    )
    assert licensed.count() == 609
    attended = Registration.objects.filter(
        training__slug__startswith="2025-", checked_in_at__isnull=False
    )
    assert Certificate.objects.filter(training__isnull=False).count() == (
        attended.count()
    )
    mine = Certificate.objects.filter(user__email="ucesnica@example.org")
    assert mine.filter(training__isnull=False).count() == 3
    assert all(c.points for c in mine.filter(training__isnull=False))
    # and the demo course she has completed, without points
    assert [(c.kind, c.points) for c in mine.filter(training=None)] == [
        ("completion", 0)
    ]
