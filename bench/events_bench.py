"""Server time of the training calendar on PostgreSQL with realistic volume.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_dev \
      .venv/bin/python bench/events_bench.py [--trainings 500] [--registrations 20000]

Creates a throw-away database (``bench_events``), fills it with trainings and
registrations, then measures, in process through the whole middleware stack
(Django's test client), the median and 95th percentile of: a static page with
no queries (the baseline), the calendar list, the month grid, a training page
and the iCalendar feed; and registrations per second when 300 people register
at once for 196 seats. Prints a table; the ratio is against the baseline.
"""

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402

STATIC_PAGE = Template(
    "<!DOCTYPE html><html lang='sr'><body>{% for i in rows %}<p>{{ i }}</p>"
    "{% endfor %}</body></html>"
)


def static_page(request):
    return HttpResponse(STATIC_PAGE.render(Context({"rows": range(50)})))


urlpatterns = [
    path("bench/static/", static_page),
    path("", include("lms.urls")),
]


def populate(trainings: int, registrations: int) -> list:
    from events.models import Registration, TrainingIndexPage, TrainingPage
    from lms.demo import _home_page
    from lms.models import Municipality, User

    home = _home_page()
    index = home.add_child(
        instance=TrainingIndexPage(title="Календар", slug="kalendar")
    )
    places = list(Municipality.objects.local_self_government_units()[:100])
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=365)
    pages = []
    for number in range(trainings):
        begins = start + datetime.timedelta(hours=36 * number)
        pages.append(
            index.add_child(
                instance=TrainingPage(
                    title=f"Обука {number}",
                    slug=f"obuka-{number}",
                    start=begins,
                    end=begins + datetime.timedelta(hours=6),
                    venue_name="Сала",
                    municipality=places[number % len(places)],
                    capacity=60,
                    registration_closes=begins,
                )
            )
        )
    per_training = registrations // trainings
    users = User.objects.bulk_create(
        User(email=f"b{i}@example.org", first_name="Б", last_name=str(i))
        for i in range(per_training * 5)
    )
    Registration.objects.bulk_create(
        Registration(
            training=page,
            user=users[(n * 5 + i) % len(users)],
            status="confirmed" if i < 50 else "waitlisted",
        )
        for n, page in enumerate(pages)
        for i in range(per_training)
    )
    return pages


def timings(client: Client, url: str, runs: int) -> tuple[float, float]:
    for _ in range(3):  # warm up caches and connections
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def show_queries(client: Client, urls) -> None:
    """Print each page's queries, slowest first (BENCH_QUERIES=1)."""
    from django.test.utils import CaptureQueriesContext

    for name, url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            client.get(url)
            total = (time.perf_counter() - began) * 1000
        queries = sorted(captured, key=lambda q: -float(q["time"]))
        spent = sum(float(q["time"]) for q in queries) * 1000
        print(f"{name}: {total:.1f} ms, {len(queries)} queries, {spent:.1f} ms in SQL")
        for query in queries[:3]:
            print(f"   {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")


def burst(page_factory, people: int = 300, seats: int = 196) -> float:
    from events import services
    from lms.models import User

    training = page_factory(seats)
    users = User.objects.bulk_create(
        User(email=f"burst{i}@example.org") for i in range(people)
    )
    barrier = threading.Barrier(60)

    def register(user):
        barrier.wait(timeout=30)
        try:
            services.registration_create(
                training=training,
                user=user,
                consent_data=True,
                consent_chamber=True,
                notify=False,
            )
        finally:
            connections.close_all()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=60) as pool:
        list(pool.map(register, users))
    elapsed = time.perf_counter() - began
    confirmed = training.registrations.confirmed().count()
    assert confirmed == seats, confirmed
    return people / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainings", type=int, default=500)
    parser.add_argument("--registrations", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server.")
    settings.ROOT_URLCONF = __name__
    connection.settings_dict["TEST"]["NAME"] = "bench_events"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        began = time.perf_counter()
        pages = populate(args.trainings, args.registrations)
        print(f"populated in {time.perf_counter() - began:.0f} s")
        client = Client()
        index_url = pages[0].get_parent().url
        middle = pages[len(pages) // 2]
        month = timezone.localtime(middle.start).strftime("%Y-%m")
        urls = [
            ("static page, no queries", "/bench/static/"),
            ("calendar list (upcoming)", index_url),
            ("calendar list (past)", index_url + "?past=on"),
            ("month grid", f"{index_url}mesec/?month={month}"),
            ("training page", middle.url),
            ("iCalendar feed (whole calendar)", "/obuke/kalendar.ics"),
        ]
        if os.environ.get("BENCH_QUERIES"):
            show_queries(client, urls)
        results = [(name, *timings(client, url, args.runs)) for name, url in urls]
        base = results[0][1]
        print(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'× static':>9}")
        for name, median, p95 in results:
            print(f"{name:34} {median:10.1f} {p95:8.1f} {median / base:9.1f}")

        def factory(seats):
            from events.models import TrainingPage

            page = pages[-1]
            TrainingPage.objects.filter(pk=page.pk).update(
                capacity=seats,
                registration_closes=timezone.now() + datetime.timedelta(days=30),
                start=timezone.now() + datetime.timedelta(days=31),
                end=timezone.now() + datetime.timedelta(days=31, hours=6),
            )
            page.registrations.all().delete()
            return TrainingPage.objects.get(pk=page.pk)

        rate = burst(factory)
        print(f"300 simultaneous registrations for 196 seats: {rate:.0f} per second")
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
