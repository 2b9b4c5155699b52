"""Issuing the 2025 series' 609 licence-point certificates: rows and PDFs.

Run:  .venv/bin/python bench/certificates_bench.py [--limit 609]
      (DATABASE_URL=postgres://... to use PostgreSQL; the default is a
      throw-away SQLite file in /tmp)

Migrates and loads the demo if needed, then measures:

- ``rows``: issuing the certificate rows (bulk inserts, no e-mail) for the
  609 licence-point recipients;
- ``render_1`` / ``render_2``: rendering and storing their PDFs with one
  process and with a pool of two (both cores);
- ``floor``: WeasyPrint alone rendering the same, already built HTML in one
  process (no database, no template, no storage).

Prints JSON: wall seconds, certificates per second, peak RSS (MB; for the
pool, the largest worker) and the ratios to the floor.
"""

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench_certificates.sqlite3")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402


def _maxrss_mb(who=resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _prepare() -> None:
    from certificates.models import Certificate

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Certificate.objects.exists():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _licensed_ids(limit: int) -> list[int]:
    from certificates.models import Certificate

    return list(
        Certificate.objects.filter(training__slug__startswith="2025-", points__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def _render(ids: list[int]) -> float:
    from certificates.models import Certificate
    from certificates.services import certificate_render

    for certificate in Certificate.objects.filter(pk__in=ids).select_related(
        "training__municipality"
    ):
        certificate_render(certificate=certificate)
    return _maxrss_mb()


def _render_pool(ids: list[int], processes: int) -> float:
    connections.close_all()  # each forked worker opens its own
    chunks = [ids[i::processes] for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return max(pool.map(_render, chunks))


def _timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def _issue_rows() -> tuple[float, int]:
    from certificates.models import Certificate
    from certificates.services import certificates_issue_pending
    from events.models import TrainingPage

    trainings = list(TrainingPage.objects.filter(slug__startswith="2025-"))
    Certificate.objects.filter(training__in=trainings).delete()
    seconds, counts = _timed(
        lambda: [
            certificates_issue_pending(training=t, notify=False) for t in trainings
        ]
    )
    return seconds, sum(counts)


def _floor(ids: list[int]) -> tuple[float, float]:
    from certificates.models import Certificate
    from certificates.rendering import certificate_html, html_pdf

    htmls = [
        certificate_html(c)
        for c in Certificate.objects.filter(pk__in=ids).select_related("training")
    ]
    seconds, _ = _timed(lambda: [html_pdf(html) for html in htmls])
    return seconds, _maxrss_mb()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=609)
    args = parser.parse_args()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-certificates-")
    settings.PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-certificates-")
    _prepare()
    rows_s, rows_n = _issue_rows()
    ids = _licensed_ids(args.limit)
    n = len(ids)
    one_s, one_rss = _timed(lambda: _render_pool(ids, 1))
    two_s, two_rss = _timed(lambda: _render_pool(ids, 2))
    floor_s, floor_rss = _floor(ids)
    result = {
        "certificates": n,
        "cpus": os.cpu_count(),
        "rows": {
            "issued": rows_n,
            "s": round(rows_s, 2),
            "per_s": round(rows_n / rows_s, 1),
        },
        "render_1": {
            "s": round(one_s, 2),
            "per_s": round(n / one_s, 1),
            "peak_rss_mb": one_rss,
        },
        "render_2": {
            "s": round(two_s, 2),
            "per_s": round(n / two_s, 1),
            "peak_rss_mb_per_worker": two_rss,
        },
        "floor_weasyprint_1": {
            "s": round(floor_s, 2),
            "per_s": round(n / floor_s, 1),
            "peak_rss_mb": floor_rss,
        },
        "ratios": {
            "render_1_to_floor": round(one_s / floor_s, 2),
            "render_2_to_floor": round(two_s / floor_s, 2),
            "speedup_2_over_1": round(one_s / two_s, 2),
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
